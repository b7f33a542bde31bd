"""T-count, the one definition (qtool.analysis.metrics.t_count), on gates whose Clifford+T
cost is known by hand."""

import math

import cirq

from qtool.analysis.metrics import t_count

q = cirq.LineQubit(0)


def test_t_like_gates_count_one_each():
    assert t_count([cirq.T(q), cirq.T(q) ** -1, cirq.rz(math.pi / 4)(q), cirq.Z(q) ** 0.75]) == 4


def test_cliffords_and_rotations_count_zero():
    assert t_count([cirq.S(q), cirq.H(q), cirq.X(q), cirq.Y(q), cirq.rz(0.3)(q),
                    cirq.CNOT(q, cirq.LineQubit(1))]) == 0


def test_merged_gates_count_their_t_gates():
    def merged(*gates):
        return cirq.PhasedXZGate.from_matrix(cirq.unitary(cirq.Circuit(g(q) for g in gates))).on(q)

    assert t_count([merged(cirq.H, cirq.T, cirq.H)]) == 1  # Rx(pi/4)
    assert t_count([merged(cirq.T, cirq.H, cirq.S)]) == 1
    assert t_count([merged(cirq.T, cirq.H, cirq.T)]) == 2
