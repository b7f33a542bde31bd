"""A classically conditioned gate is joined to a bit row under the qubits that names the
register it waits on (the grid has no classical wires otherwise), at both sizes."""

from __future__ import annotations

import pytest

from tests.tui.conftest import screen_text


@pytest.mark.parametrize("size", [(160, 50), (80, 24)])
async def test_conditioned_gates_point_at_their_register(new_app, settle, samples, size):
    app = new_app(samples / "teleportation.qasm")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        lines = screen_text(app).splitlines()
        bits = next(line for line in lines if line.lstrip("│ ").startswith("bits"))
        assert "═m1═" in bits and "═m0═" in bits
        row = lines.index(bits)
        x = bits.index("m1")
        assert lines[row - 1][x] == "║"  # the line from `X if m1==1` down to its register
        assert "X if m1==1" in "\n".join(lines[:row])
        await pilot.press("home", "H")  # an edit redraws the row
        await settle(pilot)
        assert any("═m0═" in line for line in screen_text(app).splitlines())
