"""The layout adapts to the terminal: at 80x24 the status and stats lines stay on screen and
the grid shows a 5-qubit circuit whole; F6 gives the grid or the displays the whole height;
F3 shows the QASM pane in place of the grid in a narrow terminal, F2 brings the grid back."""

from __future__ import annotations

import pytest

from tests.tui.conftest import screen_text


@pytest.mark.parametrize("size", [(80, 24), (160, 50)])
async def test_status_stats_and_every_qubit_are_on_screen(new_app, settle, samples, size):
    app = new_app(samples / "ghz.qasm")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("home", "x")  # nothing under the cursor there? then an error line
        await settle(pilot)
        status = app.editor.query_one("#status").message
        assert status
        shot = screen_text(app)
        lines = shot.splitlines()
        assert any(line.strip().startswith(status[:30]) for line in lines)
        assert any(line.strip().startswith("qubits 5 | depth") for line in lines)
        for q in range(5):
            assert any(line.startswith(f"│q{q} ") for line in lines), f"q{q} not shown"
        assert "state after column 0" in shot  # the displays follow the cursor


async def test_f6_cycles_the_layout_and_f3_shows_the_qasm_in_a_narrow_terminal(new_app, settle, samples):
    app = new_app(qubits=12)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        rows = lambda: sum(line.startswith("│q") for line in screen_text(app).splitlines())  # noqa: E731
        split = rows()
        assert "OPENQASM" not in screen_text(app)  # narrow: the pane is folded away
        await pilot.press("f6")  # the grid alone
        await pilot.pause()
        assert rows() > split and "Histogram" not in screen_text(app)
        await pilot.press("f6")  # the displays alone
        await pilot.pause()
        assert rows() == 0 and "Histogram" in screen_text(app)
        await pilot.press("f3")  # the QASM pane, in place of the grid
        await pilot.pause()
        shot = screen_text(app)
        assert "OPENQASM 2.0;" in shot and rows() == 0
        assert app.focused is app.editor.query_one("#qasm-text")
        await pilot.press("f2")
        await pilot.pause()
        assert rows() > 0 and "OPENQASM" not in screen_text(app)
        assert app.focused is app.editor.query_one("#grid")
