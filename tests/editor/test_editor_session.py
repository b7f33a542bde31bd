"""The editing session: every grid key's behaviour, without a terminal."""

import pytest

from qtool.editor.document import Document
from qtool.editor.model import EditError
from qtool.editor.session import Session


def session(n=3) -> Session:
    return Session(Document.new(n))


def test_place_advances_the_cursor():
    s = session()
    s.place("H")
    s.place("X")
    assert [s.grid.op_at(0, c).name for c in (0, 1)] == ["H", "X"]
    assert s.cursor == (0, 2)


def test_angle_gate_needs_and_parses_the_angle():
    s = session()
    assert s.needs_angle("Rz")
    with pytest.raises(EditError):
        s.place("Rz")
    s.place("Rz", "pi/4")
    assert s.grid.op_at(0, 0).params == pytest.approx((0.7853981634,))
    s.set_cursor(0, 0)
    s.set_angle("-pi/2")
    assert s.grid.op_at(0, 0).params == pytest.approx((-1.5707963268,))


def test_bad_angle_is_refused_with_a_message():
    s = session()
    with pytest.raises(Exception, match="angle"):
        s.place("Rx", "pi/")
    assert s.grid.op_count() == 0


def test_multi_qubit_placement_by_choosing_qubits():
    s = session()
    s.place("CCX")
    s.move_cursor(1, 0)
    assert "qubit 3 of 3" in s.confirm()
    with pytest.raises(EditError, match="already chosen"):
        s.confirm()
    s.move_cursor(1, 0)
    s.confirm()
    op = s.grid.op_at(0, 0)
    assert op.name == "CCX" and op.qubits == (0, 1, 2) and s.pick is None


def test_cancel_a_pick_places_nothing():
    s = session()
    s.place("CX")
    s.cancel()
    assert s.grid.op_count() == 0 and s.pick is None


def test_add_control_then_undo_redo():
    s = session()
    s.place("Z")
    s.set_cursor(0, 0)
    s.add_control()
    s.move_cursor(2, 0)
    s.confirm()
    assert s.grid.op_at(0, 0).controls == (2,)
    s.undo()
    assert s.grid.op_at(0, 0).controls == ()
    s.redo()
    assert s.grid.op_at(0, 0).controls == (2,)


def test_delete_and_move_mode():
    s = session()
    s.place("H")
    s.set_cursor(0, 0)
    s.toggle_move()
    s.move_cursor(1, 0)
    s.move_cursor(0, 1)
    s.confirm()
    assert s.grid.op_at(1, 1).name == "H" and s.cursor == (1, 1)
    s.delete()
    assert s.grid.op_count() == 0
    with pytest.raises(EditError):
        s.delete()


def test_copy_paste_and_cut_a_block():
    s = session()
    s.place("H")
    s.set_cursor(0, 1)
    s.place("CX")
    s.move_cursor(1, 0)
    s.confirm()
    s.set_cursor(0, 0)
    s.move_cursor(1, 1, extend=True)  # block rows 0..1, columns 0..1
    assert "2 gate" in s.copy()
    s.set_cursor(1, 2)
    s.paste()
    assert s.grid.op_at(1, 2).name == "H" and s.grid.op_at(2, 3).qubits == (1, 2)
    s.set_cursor(1, 2)
    s.toggle_selection()
    s.move_cursor(1, 1)
    assert "cut 2" in s.cut()
    assert s.grid.op_count() == 2


def test_paste_that_does_not_fit_is_refused():
    s = session(2)
    s.place("CX")
    s.move_cursor(1, 0)
    s.confirm()
    s.set_cursor(0, 0)
    s.copy()
    s.set_cursor(1, 0)
    with pytest.raises(EditError, match="does not fit"):
        s.paste()


def test_structure_edits_and_barrier():
    s = session(2)
    s.place("H")
    s.set_cursor(0, 0)
    s.insert_column()
    assert s.grid.op_at(0, 1).name == "H"
    s.delete_column()
    assert s.grid.op_at(0, 0).name == "H"
    s.insert_qubit()
    assert s.grid.num_qubits == 3 and s.grid.op_at(1, 0).name == "H"
    s.set_cursor(1, 0)
    s.delete_qubit()
    assert s.grid.num_qubits == 2 and s.grid.op_count() == 0
    s.place("barrier")
    assert s.grid.op_at(1, 0).qubits == (0, 1)


def test_undo_with_nothing_to_undo():
    assert session().undo() == "nothing to undo"


def test_drag_moves_the_gate_and_refuses_collisions():
    s = session()
    s.place("H")
    s.set_cursor(1, 0)
    s.place("X")
    s.drag((0, 0), (2, 3))  # past the end: appended as the last column
    assert s.grid.op_at(2, 1).name == "H" and s.cursor == (2, 1)
    with pytest.raises(EditError):
        s.drag((1, 0), (2, 1))
    with pytest.raises(EditError, match="no gate"):
        s.drag((0, 0), (1, 1))


def test_a_new_gate_ends_an_unfinished_pick_or_move():
    s = session()
    s.place("CX")
    s.place("H")
    assert s.pick is None and s.grid.op_at(0, 0).name == "H"
    s.set_cursor(0, 0)
    s.toggle_move()
    s.set_cursor(1, 0)
    s.place("X")
    assert not s.moving
    s.move_cursor(0, 1)
    assert s.grid.op_at(0, 0).name == "H"  # the arrows move the cursor, not the H
