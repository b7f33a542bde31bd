"""Comments after the opening lines: anchored to the statements before them, written back
next to them after edits elsewhere, read back the same."""

from __future__ import annotations

from qtool.editor.document import Document


def test_comments_move_with_their_gates_and_are_read_back(tmp_path):
    from qtool.editor.model import Op

    path = tmp_path / "c.qasm"
    path.write_text('OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[2];\nh q[0]; // first\n'
                    "// the entangler\ncx q[0],q[1];\n/* not kept: a block comment */\n")
    doc = Document.open(path)
    doc.apply(doc.grid.insert_column(0).place(Op("X", (1,)), 0))  # a gate before them all
    doc.save()
    lines = path.read_text().splitlines()
    assert lines[lines.index("h q[0];") + 1] == "// first"
    assert lines[lines.index("cx q[0],q[1];") - 1] == "// the entangler"
    assert Document.open(path).qasm() == path.read_text()
