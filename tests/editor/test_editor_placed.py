"""Placed displays in files: structured comments, anchored to the gates before them."""

from __future__ import annotations

import pytest

from qtool.editor.document import Document
from qtool.editor.model import Grid, Op
from qtool.editor.placed import comments, display_op, read_displays
from qtool.errors import QtoolError


def _displays(grid):
    return [(c, op.label, op.qubits) for c, op in grid.ops() if op.name == "display"]


def test_displays_survive_save_and_open(tmp_path):
    grid = Grid(3).place(Op("H", (0,)), 0).place(display_op("bloch", (0,)), 1)
    grid = grid.place(Op("CX", (0, 1)), 2).place(display_op("density", (0, 1)), 3)
    grid = grid.place(display_op("probability", (2,)), 0)  # before any gate on q2
    doc = Document(grid)
    path = tmp_path / "d.qasm"
    doc.save(path)
    text = path.read_text()
    assert "// qtool:display bloch rows 0 after 1" in text
    assert "// qtool:display density rows 0,1 after 2,1" in text
    assert "// qtool:display probability rows 2 after 0" in text
    again = Document.open(path)
    assert sorted(_displays(again.grid)) == sorted(_displays(grid))
    # and the file is plain OpenQASM for every other reader
    from qtool import qasm

    assert len(list(qasm.parse(text).all_operations())) == 2


def test_an_anchor_keeps_the_display_between_the_same_gates_when_moments_are_packed():
    # h q[0]; x q[1]; then a display on q1 after its one gate, read where the reader
    # packed both gates into one moment
    text = ('OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[2];\nh q[0];\nh q[0];\nx q[1];\n'
            '// qtool:display chance rows 1 after 1\n')
    grid = Document(Grid(2)).parse_qasm(text)
    (column, kind, rows), = _displays(grid)
    x_column = next(c for c, op in grid.ops() if op.name == "X")
    assert kind == "chance" and rows == (1,) and column > x_column
    assert comments(grid) == "// qtool:display chance rows 1 after 1\n"


def test_comments_that_do_not_fit_are_ignored_and_bad_kinds_refused():
    grid = Grid(1)
    assert read_displays("// qtool:display bloch rows 5 after 0\n// qtool:display nope rows 0 after 0\n",
                         grid) == grid
    with pytest.raises(QtoolError, match="density display looks at 1 to 3"):
        display_op("density", (0, 1, 2, 3))


def test_a_post_selection_is_a_comment_too():
    from qtool.editor.placed import postselect_op

    grid = Grid(2).place(Op("H", (0,)), 0).place(postselect_op(0, 1), 1)
    text = Document(grid).qasm()
    assert "// qtool:postselect 1 rows 0 after 1" in text
    again = Document(Grid(2)).parse_qasm(text)
    assert [(op.name, op.label) for _, op in again.ops()] == [("H", None), ("postselect", "1")]
