"""Ops are named the same everywhere: palette gates with angles, raw ops by their standard
name, classically controlled ones with the condition they wait on."""

from qtool.editor.convert import from_qasm
from qtool.editor.describe import condition_text, op_title


def test_titles_of_the_teleportation_sample(samples):
    grid = from_qasm((samples / "teleportation.qasm").read_text())
    titles = [op_title(op, dict(grid.cregs)) for _, op in grid.ops()]
    assert "Ry(pi/3)" in titles and "x if m1==1" in titles and "z if m0==1" in titles


def test_condition_on_a_whole_register_and_on_one_bit():
    grid = from_qasm('OPENQASM 3.0;\ninclude "stdgates.inc";\nqubit[2] q;\nbit[2] c;\n'
                     'c[0] = measure q[0];\nif (c == 2) x q[1];\nif (c[0] == 1) h q[1];\n')
    raws = [op.raw for _, op in grid.ops() if op.raw is not None and "if" in op_title(op, dict(grid.cregs))]
    texts = [condition_text(r, dict(grid.cregs)) for r in raws]
    assert texts == ["c==2", "c[0]==1"]
