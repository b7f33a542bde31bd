"""`split_stream` (how `ketgpt verify` reads a generated stream) is the shared splitter."""

from __future__ import annotations

from qtool.ketgpt.generate import split_stream
from qtool.qasm.stream import split_programs

A = 'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[2];\nh q[0];\n'
B = 'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[3];\ncx q[0],q[1];\n'


def test_stream_splits_like_the_shared_splitter():
    text = "// ketgpt n=2\n" + A + "\n" + B + "  OPENQASM 2.0;\nqreg r[1];\n"
    got = split_stream(text)
    assert got == [p.text for p in split_programs(text)]
    assert len(got) == 3 and got[0].startswith("// ketgpt n=2\nOPENQASM")
    assert got[1] == B and got[2] == "  OPENQASM 2.0;\nqreg r[1];\n"
    assert "".join(got) == text  # nothing lost, nothing duplicated


def test_blank_input_has_no_programs_and_one_program_is_kept_whole():
    assert split_stream("") == [] and split_stream("\n  \n") == []
    assert split_stream(A) == [A]
    assert split_stream("qreg q[1];\n") == ["qreg q[1];\n"]  # no header: one program
    # A word that merely starts with OPENQASM is not a header (the old splitter split here).
    assert split_stream(A + "OPENQASMX;\n") == [A + "OPENQASMX;\n"]
