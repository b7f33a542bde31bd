"""The indep gate set and the decompositions that reach it."""

from __future__ import annotations

import math

import cirq
import numpy as np
import pytest

from qtool.circuits import gateset, mcx, to_indep
from qtool.circuits.lower import merge_rotations

Q = cirq.LineQubit.range(8)


def _unitary_on(ops, qubits):
    """The unitary of `ops` over exactly `qubits` (idle ones included), in that order."""
    return cirq.Circuit(ops, cirq.I.on_each(*qubits)).unitary(qubit_order=qubits)


def test_u3_matches_the_openqasm_definition():
    t, p, l = 0.3, 1.1, -0.7
    expected = np.array([[math.cos(t / 2), -np.exp(1j * l) * math.sin(t / 2)],
                         [np.exp(1j * p) * math.sin(t / 2), np.exp(1j * (p + l)) * math.cos(t / 2)]])
    assert np.allclose(cirq.unitary(gateset.u3(t, p, l)), expected)


@pytest.mark.parametrize("seed", range(6))
def test_u3_angles_rebuild_any_single_qubit_unitary(seed):
    u = cirq.testing.random_unitary(2, random_state=seed)
    op = gateset.from_matrix(u, Q[0])
    assert cirq.allclose_up_to_global_phase(cirq.unitary(op), u, atol=1e-9)


@pytest.mark.parametrize("u", [np.eye(2), np.diag([1, 1j]), np.array([[0, 1], [1j, 0]])])
def test_u3_angles_edge_cases(u):
    assert cirq.allclose_up_to_global_phase(cirq.unitary(gateset.from_matrix(u, Q[0])), u)


def test_basic_names():
    cases = {cirq.H: "h", cirq.X: "x", cirq.S: "s", cirq.S**-1: "sdg", cirq.T**-1: "tdg",
             cirq.rx(0.2): "rx", gateset.p(0.4): "p", gateset.cp(0.4): "cp", cirq.CZ: "cz",
             cirq.TOFFOLI: "ccx", cirq.SWAP: "swap", gateset.u3(1, 2, 3): "u3"}
    for gate, name in cases.items():
        assert gateset.basic_name(gate.on(*Q[: cirq.num_qubits(gate)])) == name
    assert gateset.basic_name(cirq.X(Q[0]) ** 0.5) is None
    assert gateset.basic_name(cirq.ISWAP(Q[0], Q[1])) is None


@pytest.mark.parametrize("k", [3, 4, 5, 6])
@pytest.mark.parametrize("n_spare", [0, 1, 4])
def test_mcx_is_exact_and_restores_borrowed_qubits(k, n_spare):
    controls, target, spare = Q[:k], Q[k], Q[k + 1: k + 1 + n_spare]
    qubits = Q[: k + 1 + n_spare]
    got = _unitary_on(mcx.mcx(controls, target, spare), qubits)
    want = _unitary_on([cirq.X(target).controlled_by(*controls)], qubits)
    assert np.allclose(got, want, atol=1e-8)


def test_mcx_with_spare_qubits_is_linear():
    # Lemma 7.2: 4(k-2) Toffolis with k-2 borrowed qubits.
    assert len(mcx.mcx(Q[:5], Q[5], Q[6:8] + [cirq.LineQubit(9)])) == 12


@pytest.mark.parametrize("seed", range(4))
def test_controlled_u_is_exact_including_phase(seed):
    u = cirq.testing.random_unitary(2, random_state=seed)
    got = _unitary_on(mcx.controlled_u(Q[0], Q[1], u), Q[:2])
    want = cirq.unitary(cirq.MatrixGate(u).controlled(1))
    assert np.allclose(got, want, atol=1e-9)


@pytest.mark.parametrize("k", [2, 3, 4])
def test_mcu_is_exact(k):
    u = cirq.testing.random_unitary(2, random_state=k)
    ops = to_indep(cirq.Circuit(mcx.mcu(Q[:k], Q[k], u))).all_operations()
    got = _unitary_on(list(ops), Q[: k + 1])
    want = cirq.unitary(cirq.MatrixGate(u).controlled(k))
    assert cirq.allclose_up_to_global_phase(got, want, atol=1e-7)


def test_to_indep_handles_zero_controls_matrices_and_cirq_gates():
    u4 = cirq.testing.random_unitary(4, random_state=1)
    c = cirq.Circuit(
        cirq.X(Q[3]).controlled_by(Q[0], Q[1], Q[2], control_values=[0, 1, 0]),
        cirq.MatrixGate(u4).on(Q[1], Q[2]),
        cirq.ISWAP(Q[0], Q[3]) ** 0.3,
        cirq.CCZ(Q[0], Q[1], Q[2]) ** 0.5,
        cirq.FREDKIN(Q[0], Q[1], Q[2]),
        cirq.qft(*Q[:4]),
        cirq.qft(*Q[1:4], inverse=True),
        cirq.XX(Q[0], Q[2]) ** 0.3, cirq.YY(Q[1], Q[3]) ** -0.7, cirq.ZZ(Q[0], Q[1]) ** 0.2,
        cirq.measure(Q[0], key="c_0"),
    )
    low = to_indep(c)
    assert all(gateset.is_basic(op) for op in low.all_operations())
    assert cirq.allclose_up_to_global_phase(
        cirq.unitary(cirq.drop_terminal_measurements(c)),
        cirq.unitary(cirq.drop_terminal_measurements(low)), atol=1e-7)
    assert cirq.is_measurement(list(low.all_operations())[-1])


def test_inverse_qft_lowers_to_the_textbook_circuit():
    low = to_indep(cirq.Circuit(cirq.qft(*Q[:3], inverse=True)))
    assert {gateset.basic_name(op) for op in low.all_operations()} == {"h", "cp", "swap"}


def test_merge_rotations_fuses_runs_and_keeps_named_gates():
    a, b = Q[0], Q[1]
    ops = [cirq.rz(0.3)(a), cirq.rz(0.4)(a), cirq.H(a), cirq.rx(0.2)(a), cirq.ry(0.5)(a),
           cirq.rz(0.7)(b), cirq.rz(-0.7)(b), cirq.CNOT(a, b), gateset.p(0.1)(b)]
    merged = merge_rotations(ops)
    names = [(gateset.basic_name(op), op.qubits) for op in merged]
    assert names == [("rz", (a,)), ("h", (a,)), ("u3", (a,)), ("cx", (a, b)), ("p", (b,))]
    assert merged[0].gate.exponent * math.pi == pytest.approx(0.7)
    assert cirq.allclose_up_to_global_phase(cirq.Circuit(ops).unitary(qubit_order=[a, b]),
                                            cirq.Circuit(merged).unitary(qubit_order=[a, b]))
