"""The grid shows what the circuit is: angles in the boxes, conditions on the gate, and
Enter edits the angle of any parameterised gate (here cp, through the prompt)."""

from __future__ import annotations

import pytest

from tests.tui.conftest import retype, screen_text

TEXT = ('OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[2];\ncreg c[2];\nry(pi/4) q[0];\n'
        'p(-3*pi/8) q[1];\ncp(pi/4) q[0],q[1];\nrz(0.3) q[0];\nmeasure q[0] -> c[0];\n'
        'if (c == 1) x q[1];\n')


@pytest.mark.parametrize("size", [(160, 50), (80, 24)])
async def test_angles_and_conditions_are_drawn_and_cp_is_edited_with_enter(new_app, settle, tmp_path, size):
    path = tmp_path / "angles.qasm"
    path.write_text(TEXT)
    app = new_app(path)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        shot = screen_text(app)
        for label in ("Ry π/4", "P -3π/8", "Rz 0.3", "P π/4", "X if c==1"):
            assert label in shot, label
        column = next(c for c, op in app.editor.session.grid.ops() if op.controls)
        await pilot.press("home", *["right"] * column, "enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "PromptScreen"
        field = app.screen.query_one("Input")
        assert field.value == "pi/4"
        await retype(pilot, "pi/2")
        await settle(pilot)
        assert "P π/2" in screen_text(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert "cu1(pi/2) q[0],q[1];" in path.read_text()


async def test_opening_comments_are_kept_on_save(new_app, settle, samples, tmp_path):
    path = tmp_path / "teleportation.qasm"
    original = (samples / "teleportation.qasm").read_text()
    path.write_text(original)
    comments = [line for line in original.splitlines() if line.startswith("//")]
    app = new_app(path)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        assert app.editor.query_one("#qasm").text.startswith(comments[0])
        await pilot.press("H", "ctrl+s")
        await pilot.pause()
    saved = path.read_text().splitlines()
    assert saved[:len(comments)] == comments and saved[len(comments)] == "OPENQASM 2.0;"
