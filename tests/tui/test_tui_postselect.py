"""Post-selection through keys: ! on a qubit post-selects it on |1>, ! again on |0>; the
displays are renormalised and say the probability kept."""

from __future__ import annotations

import pytest

SIZE = (120, 36)


async def test_exclamation_mark_post_selects_a_bell_pair(new_app, settle):
    app = new_app(qubits=2)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("H", "C", "down", "enter")  # a Bell pair
        await pilot.press("up", "end", "exclamation_mark")  # post-select q0 on |1> at the end
        await settle(pilot)
        ed = app.editor
        assert dict(ed.inspection.histogram) == pytest.approx({"11": 1.0})
        assert "kept probability 0.5" in ed.query_one("#histogram").plain
        assert "// qtool:postselect 1 rows 0 after 2" in ed.query_one("#qasm").text
        await pilot.press("left", "exclamation_mark")  # on it: flip to |0>
        await settle(pilot)
        assert dict(ed.inspection.histogram) == pytest.approx({"00": 1.0})
        assert "// qtool:postselect 0 rows 0" in ed.query_one("#qasm").text
