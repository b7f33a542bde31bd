"""The grid model: placement rules, structural edits, and that edits never mutate."""

import pytest

from qtool.editor.model import EditError, Grid, Op


def bell() -> Grid:
    return Grid(2).place(Op("H", (0,)), 0).place(Op("CX", (0, 1)), 1)


def test_place_and_lookup():
    g = bell()
    assert g.width == 2 and g.op_count() == 2
    assert g.op_at(0, 0).name == "H"
    assert g.op_at(1, 1).name == "CX" and g.op_at(1, 0) is None


def test_edits_return_new_grids_and_leave_the_old_one():
    g = bell()
    g2 = g.remove(0, 0)
    assert g.op_at(0, 0).name == "H" and g2.op_at(0, 0) is None


def test_occupied_cell_and_crossing_line_are_refused():
    g = Grid(3).place(Op("CX", (0, 2)), 0)
    with pytest.raises(EditError, match="already has CX"):
        g.place(Op("H", (1,)), 0)  # the CX line passes through row 1
    assert g.op_covering(1, 0).name == "CX" and g.op_at(1, 0) is None


def test_place_anywhere_inserts_a_column_when_taken():
    g, col = bell().place_anywhere(Op("X", (0,)), 0)
    assert col == 0 and g.op_at(0, 0).name == "X" and g.op_at(0, 1).name == "H"


def test_out_of_range_and_bad_arity():
    with pytest.raises(EditError):
        Grid(2).place(Op("H", (2,)), 0)
    with pytest.raises(EditError):
        Grid(2).place(Op("H", (0,)), 5)
    with pytest.raises(EditError, match="acts on 2"):
        Grid(2).place(Op("CX", (0,)), 0)
    with pytest.raises(EditError, match="twice"):
        Grid(2).place(Op("CX", (1, 1)), 0)


def test_move_gate():
    g = Grid(3).place(Op("H", (0,)), 0).place(Op("X", (1,)), 1)
    moved = g.move(0, 0, 2, 1)
    assert moved.op_at(2, 1).name == "H" and moved.op_at(0, 0) is None
    with pytest.raises(EditError, match="occupied"):
        g.move(0, 0, 1, 1)  # onto the X
    with pytest.raises(EditError, match="outside"):
        g.move(0, 0, -1, 0)


def test_insert_and_delete_column():
    g = bell().insert_column(1)
    assert g.width == 3 and g.columns[1] == () and g.op_at(0, 2).name == "CX"
    assert g.delete_column(1) == bell()
    with pytest.raises(EditError):
        g.delete_column(7)


def test_insert_qubit_shifts_rows_and_delete_qubit_drops_its_gates():
    g = bell().insert_qubit(1)
    assert g.num_qubits == 3
    assert g.op_at(0, 1).qubits == (0, 2)
    d = bell().delete_qubit(1)
    assert d.num_qubits == 1 and d.op_count() == 1  # the CX touched q1
    with pytest.raises(EditError, match="at least one"):
        Grid(1).delete_qubit(0)


def test_add_control():
    g = Grid(3).place(Op("H", (2,)), 0).add_control(2, 0, 0)
    op = g.op_at(2, 0)
    assert op.controls == (0,) and op.qubits == (2,)
    with pytest.raises(EditError, match="already part"):
        g.add_control(2, 0, 0)
    with pytest.raises(EditError, match="cannot take a control"):
        Grid(2).place(Op("measure", (0,), key="c_0"), 0).add_control(0, 0, 1)


def test_grid_equality_is_structural():
    assert bell() == bell()
    assert bell() != bell().insert_column(0)
