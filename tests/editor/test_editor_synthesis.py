"""qtool.editor.synthesis: a block as a program for the synthesiser, and its replacement
checked against the block's unitary before it is offered (nothing changes until applied)."""

from __future__ import annotations

import pytest

from qtool.editor.document import Document
from qtool.editor.model import EditError
from qtool.editor.selection import Block
from qtool.editor.session import Session
from qtool.editor.synthesis import block_program, plan

HEAD = 'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[2];\n'


def _session():
    s = Session(Document.new(3))
    s.set_cursor(1, 0)
    for name in ("H", "Z", "H"):  # = X on q1
        s.place(name)
    s.set_cursor(0, 0)
    s.place("T")  # outside the block
    return s


def test_block_program_and_plan():
    s = _session()
    block = Block(1, 0, 2, 2)
    rows, program = block_program(s.grid, block)
    assert rows == (1,) and program.splitlines()[3:] == ["h q[0];", "z q[0];", "h q[0];"]
    found = plan(s.grid, block, 'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[1];\nx q[0];\n')
    assert found.before == (3, 0) and found.after == (1, 0)
    assert sorted((op.name, op.rows) for _, op in found.grid.ops()) == [("T", (0,)), ("X", (1,))]
    assert "Replace 3 gates" in found.summary() and "x q[0];" in found.summary()
    assert s.grid.op_count() == 4  # only a plan: the session's grid is unchanged


def test_a_wrong_answer_is_refused():
    s = _session()
    with pytest.raises(EditError, match="does not have the block's unitary"):
        plan(s.grid, Block(1, 0, 2, 2), HEAD.replace("q[2]", "q[1]") + "z q[0];\n")
    s.set_cursor(1, 3)
    s.place("measure")
    with pytest.raises(EditError, match="unitary gates only"):
        block_program(s.grid, Block(1, 0, 1, 3))
