"""A file's `gate` definitions in the editor: each call is one named box on its qubits, the
displays simulate it, and saving writes the definition once and the calls (not inlined)."""

from __future__ import annotations

import pytest

from qtool.qasm import parse_program
from qtool.qasm.reader import earliest_circuit
from tests.tui.conftest import retype, screen_text


@pytest.mark.parametrize("size", [(160, 50), (80, 24)])
async def test_gate_definitions_open_as_boxes_and_save_as_definitions(new_app, settle, corpus_program,
                                                                      tmp_path, size):
    original = corpus_program("wstate_n3").read_text()
    path = tmp_path / "wstate.qasm"
    path.write_text(original)
    app = new_app(path)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        grid = app.editor.session.grid
        boxes = [(c, op) for c, op in grid.ops() if op.label == "cH"]
        assert len(boxes) == 1 and boxes[0][1].qubits == (0, 1)  # one box, on q0 and q1
        shot = screen_text(app)
        assert "cH" in shot and "#2" in shot  # named on its first qubit, argument 2 below
        column = boxes[0][0]
        await pilot.press("home", "up", "up", *["right"] * column)
        await pilot.pause()
        assert app.editor.session.op_at_cursor() is boxes[0][1]
        assert app.editor.inspection is not None  # the displays simulated the box
        await pilot.press("end", "T", "ctrl+s")  # an edit, then save
        await settle(pilot)
    saved = path.read_text()
    lines = saved.splitlines()
    assert sum(line.startswith("gate cH a,b {") for line in lines) == 1
    assert "cH q[0],q[1];" in lines
    assert not any(line.startswith("sdg q[1]") for line in lines)  # the body is not inlined
    # read back expanded, it is the original circuit and the T the user added
    before, after = parse_program(original).circuit, parse_program(saved).circuit
    added = [op for op in after.all_operations() if op not in set(before.all_operations())]
    assert [str(op.gate) for op in added] == ["T"]
    rest = [op for op in after.all_operations() if op is not added[0]]
    assert moments(rest) == moments(list(before.all_operations()))


def moments(ops):
    return [set(m.operations) for m in earliest_circuit(ops)]


async def test_enter_edits_the_angle_of_a_gate_box(new_app, settle, tmp_path):
    path = tmp_path / "rot.qasm"
    path.write_text('OPENQASM 2.0;\ninclude "qelib1.inc";\ngate rot(t) a { rz(t) a; h a; }\n'
                    "qreg q[1];\nrot(pi/3) q[0];\n")
    app = new_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "rot π/3" in screen_text(app)
        await pilot.press("home", "enter")
        await pilot.pause()
        field = app.screen.query_one("Input")
        assert field.value == "pi/3"
        await retype(pilot, "pi/2")
        await settle(pilot)
        assert "rot π/2" in screen_text(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
    lines = path.read_text().splitlines()
    assert "rot(pi/2) q[0];" in lines and lines.count("gate rot(t) a { rz(t) a; h a; }") == 1
