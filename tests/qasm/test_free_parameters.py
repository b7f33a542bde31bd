"""Free parameters: OpenQASM 3 `input float[64] theta;` and names an OpenQASM 2 program
leaves free, bound by the caller (`--param`, `--sweep`)."""

from __future__ import annotations

import cirq
import numpy as np
import pytest

from qtool.errors import QasmError, QtoolError
from qtool.qasm.reader import parse_program

QASM3 = """OPENQASM 3.0;
include "stdgates.inc";
input float[64] theta;
qubit[2] q;
rx(theta) q[0];
rz(theta/2) q[1];
cx q[0], q[1];
"""


def test_an_input_takes_the_value_given():
    bound = parse_program(QASM3, "a.qasm", {"theta": 0.7}).circuit
    a, b = cirq.LineQubit.range(2)
    reference = cirq.Circuit(cirq.rx(0.7).on(a), cirq.rz(0.35).on(b), cirq.CNOT(a, b))
    np.testing.assert_allclose(cirq.unitary(bound), cirq.unitary(reference), atol=1e-7)


def test_an_input_without_a_value_says_how_to_give_one():
    with pytest.raises(QasmError) as err:
        parse_program(QASM3, "a.qasm")
    assert str(err.value).startswith("a.qasm:3:17: input 'theta' has no value: give it with "
                                     "--param theta=VALUE or --sweep theta=START:STOP:N")


def test_openqasm2_free_names_are_bound_and_unknown_ones_refused():
    text = 'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[1];\nu3(2*theta, phi, 0) q[0];\n'
    c = parse_program(text, "b.qasm", {"theta": 0.25, "phi": 0.5}).circuit
    reference = parse_program(text.replace("2*theta", "0.5").replace("phi", "0.5"), "b").circuit
    np.testing.assert_allclose(cirq.unitary(c), cirq.unitary(reference), atol=1e-7)
    with pytest.raises(QasmError, match="unknown parameter 'theta'"):
        parse_program(text, "b.qasm", {"phi": 0.5})
    with pytest.raises(QtoolError, match=r"b.qasm: the circuit has no parameter 'gamma' "
                                         r"\(it uses phi, theta\)"):
        parse_program(text, "b.qasm", {"theta": 0.25, "phi": 0.5, "gamma": 1.0})
