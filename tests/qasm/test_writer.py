"""The writer on circuits the core builds (not only on what the reader produced)."""

from __future__ import annotations

import math

import cirq
import numpy as np
import pytest

from qtool import qasm
from qtool.errors import QtoolError
from qtool.qasm.writer import format_angle, u3_angles
from qtool.qasm.gates import U3Gate

from .helpers import equal_up_to_phase


@pytest.mark.parametrize("theta, text", [
    (0.0, "0"), (math.pi, "pi"), (-math.pi / 2, "-pi/2"), (3 * math.pi / 4, "3*pi/4"),
    (2 * math.pi, "2*pi"), (0.1234, "0.1234"),
])
def test_format_angle(theta, text):
    assert format_angle(theta) == text


def test_u3_angles_reproduce_any_single_qubit_unitary():
    rng = np.random.RandomState(3)
    for _ in range(20):
        u = cirq.testing.random_unitary(2, random_state=rng)
        t, p, l, g = u3_angles(u)
        np.testing.assert_allclose(np.exp(1j * g) * cirq.unitary(U3Gate(t, p, l)), u, atol=1e-9)


@pytest.mark.parametrize("version", [2, 3])
def test_core_built_gates_round_trip(version):
    a, b, c = cirq.LineQubit.range(3)
    circuit = cirq.Circuit(
        cirq.H(a), cirq.ISWAP(a, b) ** 0.5, cirq.SQRT_ISWAP_INV(b, c), cirq.FSimGate(0.3, 0.2)(a, c),
        cirq.PhasedXZGate(x_exponent=0.3, z_exponent=0.1, axis_phase_exponent=0.2)(b),
        cirq.MatrixGate(cirq.testing.random_unitary(4, random_state=1)).on(b, c),
        cirq.CCZ(a, b, c), cirq.X(c).controlled_by(a, b, cirq.LineQubit(7)),
        cirq.Y(a).controlled_by(c), cirq.XX(a, b) ** 0.3, cirq.CZ(a, c) ** 0.25,
    )
    text = qasm.dumps(circuit, version)
    back = qasm.parse(text)
    order = sorted(circuit.all_qubits())
    back_order = sorted(back.all_qubits())
    assert len(back_order) == len(order)
    assert equal_up_to_phase(back.unitary(qubit_order=back_order), circuit.unitary(qubit_order=order))


def test_line_qubits_keep_their_numbers():
    text = qasm.dumps(cirq.Circuit(cirq.CNOT(cirq.LineQubit(0), cirq.LineQubit(4))))
    assert "qreg q[5];" in text and "cx q[0],q[4];" in text


def test_partial_register_condition_needs_qasm3():
    q = cirq.LineQubit.range(2)
    c = cirq.Circuit(cirq.measure(q[0], key="c_0"), cirq.measure(q[1], key="c_1"),
                     cirq.X(q[1]).with_classical_controls("c_0"))
    with pytest.raises(QtoolError, match="--qasm 3"):
        qasm.dumps(c, 2)
    assert "if (c[0] == 1) { x q[1]; }" in qasm.dumps(c, 3)


def test_symbolic_angles_are_refused():
    import sympy

    c = cirq.Circuit(cirq.rz(sympy.Symbol("t"))(cirq.LineQubit(0)))
    with pytest.raises(QtoolError, match="symbolic"):
        qasm.dumps(c)
