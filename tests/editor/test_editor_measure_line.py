"""`measure q -> c;` opened and saved stays one line; measurements that are not a whole
register into a whole register, in order, stay bit by bit."""

from __future__ import annotations

import pytest

from qtool import qasm
from qtool.editor.document import Document

HEAD = 'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[3];\ncreg c[3];\nh q[0];\ncx q[0],q[1];\n'


def _saved(tmp_path, body: str, head: str = HEAD) -> list[str]:
    path = tmp_path / "m.qasm"
    path.write_text(head + body)
    doc = Document.open(path)
    from qtool.editor.model import Op

    doc.apply(doc.grid.insert_column(0).place(Op("X", (2,)), 0))  # an edit, then save
    doc.save()
    return path.read_text().splitlines()


def test_a_whole_register_measurement_is_saved_as_one_line(tmp_path):
    lines = _saved(tmp_path, "measure q -> c;\n")
    assert lines.count("measure q -> c;") == 1
    assert not any(line.startswith("measure q[") for line in lines)
    # the saved file measures the same bits: the same counts as the original would give
    assert qasm.parse("\n".join(lines)).all_measurement_key_names() == {"c_0", "c_1", "c_2"}


@pytest.mark.parametrize("body", [
    "measure q[0] -> c[0];\nmeasure q[1] -> c[1];\n",  # part of the register
    "measure q[0] -> c[1];\nmeasure q[1] -> c[0];\nmeasure q[2] -> c[2];\n",  # another order
    # a condition on c between them: moving q[0]'s measurement past it would change it
    "measure q[0] -> c[0];\nif(c==1) x q[1];\nmeasure q[1] -> c[1];\nmeasure q[2] -> c[2];\n",
])
def test_partial_or_permuted_measurements_stay_bit_by_bit(tmp_path, body):
    lines = _saved(tmp_path, body)
    assert "measure q -> c;" not in lines
    measured = [line for line in body.splitlines() if line.startswith("measure")]
    assert sorted(line for line in lines if line.startswith("measure")) == sorted(measured)


def test_openqasm_3_and_other_register_sizes():
    circuit = qasm.parse('OPENQASM 3.0;\ninclude "stdgates.inc";\nqubit[2] q;\nbit[2] c;\n'
                         "c = measure q;\n")
    assert "c = measure q;" in qasm.dumps(circuit, 3, group_measurements=True).splitlines()
    assert "c = measure q;" not in qasm.dumps(circuit, 3).splitlines()  # the default: bit by bit
    wide = qasm.parse_program('OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[2];\ncreg c[3];\n'
                              "measure q[0] -> c[0];\nmeasure q[1] -> c[1];\n")
    text = qasm.dumps(wide.circuit, 2, cregs=wide.cregs, group_measurements=True)
    assert "measure q -> c;" not in text  # c has a third bit: not the same statement
