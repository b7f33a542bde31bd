"""Every parameterised gate's angles can be changed: palette gates, cp/cu1 (a controlled P),
read gates with several angles (u3) and classically controlled ones (which keep their
condition)."""

import math

import cirq
import numpy as np
import pytest

from qtool.editor.convert import from_qasm, to_cirq, to_qasm
from qtool.editor.document import Document
from qtool.editor.model import EditError
from qtool.editor.session import Session

TEXT = ('OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[3];\ncreg c[1];\ncp(pi/4) q[0],q[1];\n'
        'u3(0.1,0.2,0.3) q[0];\nif (c==1) rz(0.5) q[2];\n')


def session() -> Session:
    doc = Document.new(3)
    doc.apply(from_qasm(TEXT))
    return Session(doc)


def test_cp_is_a_controlled_p_whose_angle_is_edited():
    s = session()
    op = s.grid.op_at(1, 0)
    assert (op.name, op.qubits, op.controls) == ("P", (1,), (0,))
    s.set_cursor(0, 0)  # on the control dot: the same gate
    assert s.angles_at_cursor() == ("P", (pytest.approx(math.pi / 4),))
    s.set_angle("pi/2")
    expected = cirq.Circuit(cirq.CZPowGate(exponent=0.5).on(*cirq.LineQubit.range(2)))
    got = cirq.Circuit(op for op in to_cirq(s.grid).all_operations() if len(op.qubits) == 2)
    assert np.allclose(cirq.unitary(got), cirq.unitary(expected), atol=1e-7)


def test_u3_takes_three_angles_and_a_condition_is_kept():
    s = session()
    s.set_cursor(0, 1)
    with pytest.raises(EditError, match="3 angle"):
        s.set_angle("pi")
    s.set_angle("pi, 0, pi/2")
    s.set_cursor(2, 0)
    assert s.angles_at_cursor()[0] == "rz"
    s.set_angle("-pi/4")
    text = to_qasm(s.grid)
    assert "u3(pi,0,pi/2) q[0];" in text and "if (c == 1) rz(-pi/4) q[2];" in text
