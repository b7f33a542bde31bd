"""Custom gates through real keys and the palette: a selection named as one `gate`
definition (N), a unitary read from a matrix file (checked, decomposed, one named box), and
"Synthesise selection" (qtool.synth off the UI thread, a diff whose default is Cancel)."""

from __future__ import annotations

import json

import cirq
import numpy as np

from qtool.editor.convert import to_cirq
from tests.tui.conftest import screen_text
from tests.tui.test_tui_palette import _wait, answer, run_palette, status


async def test_selection_becomes_a_named_gate_and_is_saved_as_its_definition(new_app, settle, tmp_path):
    path = tmp_path / "c.qasm"
    path.write_text('OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[3];\n')
    app = new_app(path)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("H", "C", "down", "enter")  # H q0; CX q0,q1
        await settle(pilot)
        before = to_cirq(app.editor.session.grid).unitary()
        await pilot.press("home", "up", "v", "down", "end", "N")
        await pilot.pause()
        assert type(app.screen).__name__ == "PromptScreen"
        await answer(pilot, "h")  # a standard name is refused, the prompt stays
        assert type(app.screen).__name__ == "PromptScreen"
        assert "standard gate" in str(app.screen.query_one("#prompt-error").render())
        await answer(pilot, "bell")
        await settle(pilot)
        grid = app.editor.session.grid
        assert [op.label for _, op in grid.ops()] == ["bell"] and grid.op_count() == 1
        assert np.allclose(to_cirq(grid).unitary(), before)
        assert "bell" in screen_text(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
    lines = path.read_text().splitlines()
    assert "gate bell q0,q1 { h q0; cx q0,q1; }" in lines and "bell q[0],q[1];" in lines


async def test_matrix_file_becomes_a_named_box(new_app, settle, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # short names to type
    bad = tmp_path / "bad.npy"
    np.save(bad, np.array([[1, 1], [0, 1]], dtype=complex))
    good = tmp_path / "iswap.json"
    matrix = cirq.unitary(cirq.ISWAP)
    good.write_text(json.dumps([[[z.real, z.imag] for z in row] for row in matrix]))
    app = new_app(qubits=2)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await run_palette(pilot, "matrix", "Custom gate from matrix file")
        await answer(pilot, bad.name)
        assert "not unitary" in str(app.screen.query_one("#prompt-error").render())
        await answer(pilot, good.name)
        await _wait(pilot, lambda: "Name" in str(app.screen.query_one("#prompt-title").render()))
        await answer(pilot, "isw")
        await settle(pilot)
        grid = app.editor.session.grid
        assert [op.label for _, op in grid.ops()] == ["isw"] and grid.ops().__next__()[1].rows == (0, 1)
        assert cirq.allclose_up_to_global_phase(to_cirq(grid).unitary(), matrix, atol=1e-6)
        assert "isw" in screen_text(app)
        text = app.editor.document.qasm()
        assert "gate isw q0,q1 {" in text and "isw q[0],q[1];" in text
        # the box itself (cursor on it) named again through the palette: nested definitions
        await pilot.press("home", "up")
        await run_palette(pilot, "from selection", "Custom gate from selection")
        await answer(pilot, "wrap")
        await settle(pilot)
        lines = app.editor.document.qasm().splitlines()
        assert "gate wrap q0,q1 { isw q0,q1; }" in lines and "wrap q[0],q[1];" in lines
        assert lines.index("gate wrap q0,q1 { isw q0,q1; }") > next(
            i for i, line in enumerate(lines) if line.startswith("gate isw "))
        grid = app.editor.session.grid
        assert cirq.allclose_up_to_global_phase(to_cirq(grid).unitary(), matrix, atol=1e-6)


async def test_synthesise_selection_shows_a_diff_and_defaults_to_cancel(new_app, settle):
    from tui.screens.confirm import ConfirmScreen

    app = new_app(qubits=2)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("H", "H", "X", "Z", "S", "S")  # = X up to phase, 6 gates on q0
        await settle(pilot)
        await pilot.press("home", "v", "end")
        await run_palette(pilot, "synthes", "Synthesise selection")
        await _wait(pilot, lambda: isinstance(app.screen, ConfirmScreen), timeout=30)
        await pilot.pause()
        dialog = app.screen
        assert dialog.focused_answer == "cancel"  # a stray Enter changes nothing
        shown = str(dialog.query_one("#question").render())
        assert "Replace 6 gates" in shown and "by 1 gates" in shown and "x q[0];" in shown
        await pilot.press("left", "enter")  # Replace
        await settle(pilot)
        grid = app.editor.session.grid
        assert [op.name for _, op in grid.ops()] == ["X"]
        assert "6 -> 1 gates" in status(app)
