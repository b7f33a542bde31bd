"""QAOA beats random cuts; the ansatz families match their definitions (and Qiskit's)."""

from __future__ import annotations

import math

import cirq
import numpy as np
import pytest
from scipy.linalg import expm

from qtool import circuits
from qtool.circuits.entangled import random_graph
from qtool.circuits.variational import (maxcut_angles, n_local, n_local_size,
                                        zz_feature_map)

from .helpers import state


def basis_bits(n: int) -> np.ndarray:
    return (np.arange(2 ** n)[:, None] >> (n - 1 - np.arange(n))) & 1


def cut_values(n, edges):
    bits = basis_bits(n)
    return sum((bits[:, a] != bits[:, b]).astype(float) for a, b in edges)


def qaoa_reference(n, edges, gammas, betas):
    """exp(-i beta B) exp(-i gamma C) |+>^n with dense matrices."""
    cut = cut_values(n, edges)
    x = np.array([[0, 1], [1, 0]])
    psi = np.full(2 ** n, 2 ** (-n / 2), dtype=complex)
    for gamma, beta in zip(gammas, betas):
        psi = np.exp(-1j * gamma * cut) * psi
        mixer = expm(-1j * beta * x)
        full = np.array([[1]])
        for _ in range(n):
            full = np.kron(full, mixer)
        psi = full @ psi
    return psi


@pytest.mark.parametrize("level", ["alg", "indep"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_qaoa_is_the_qaoa_state_and_beats_random_cuts(seed, level):
    n = 7
    edges = random_graph(n, np.random.default_rng(seed), degree=3)
    gammas, betas = maxcut_angles(2)
    psi = state(circuits.generate("qaoa", n, seed=seed, level=level), n)
    assert cirq.allclose_up_to_global_phase(psi, qaoa_reference(n, edges, gammas, betas),
                                            atol=1e-7)
    expected_cut = float(np.abs(psi) ** 2 @ cut_values(n, edges))
    assert expected_cut > 0.6 * len(edges)  # a random assignment cuts half the edges


def test_realamprandom_amplitudes_are_real():
    n = 6
    psi = state(circuits.generate("realamprandom", n, seed=4, level="alg"), n)
    assert np.allclose(psi.imag, 0, atol=1e-9)
    assert np.count_nonzero(np.abs(psi) > 1e-6) > 2 ** (n - 1)  # and entangled, not trivial


def test_su2random_amplitudes_are_complex_and_ansatz_sizes_match():
    n = 5
    psi = state(circuits.generate("su2random", n, seed=4), n)
    assert np.abs(psi.imag).max() > 0.01
    c = circuits.generate("su2random", n, seed=4, level="alg")
    rotations = [op for op in c.all_operations() if len(op.qubits) == 1]
    assert len(rotations) == n_local_size(n, ["ry", "rz"]) == 2 * n * 4
    cz = [op for op in circuits.generate("twolocalrandom", n, seed=1).all_operations()
          if len(op.qubits) == 2]
    assert len(cz) == 3 * n * (n - 1) // 2


def test_zz_feature_map_is_the_diagonal_phase_encoding():
    # U = D H D H |0> with D the phase e^{i(sum 2 x_i b_i + sum_{i<j} 2 phi_ij (b_i xor b_j))}.
    n = 4
    x = np.random.default_rng(0).uniform(0, 2 * math.pi, n)
    bits = basis_bits(n)
    phase = bits @ (2 * x)
    for i in range(n):
        for j in range(i + 1, n):
            phase = phase + 2 * (math.pi - x[i]) * (math.pi - x[j]) * (bits[:, i] ^ bits[:, j])
    d = np.exp(1j * phase)
    h = np.array([[1]])
    for _ in range(n):
        h = np.kron(h, np.array([[1, 1], [1, -1]]) / math.sqrt(2))
    zero = np.zeros(2 ** n)
    zero[0] = 1
    assert cirq.allclose_up_to_global_phase(state(zz_feature_map(x), n), d * (h @ (d * (h @ zero))),
                                            atol=1e-9)


def test_qnn_is_feature_map_then_ansatz():
    n = 4
    rng = np.random.default_rng(2)
    x = rng.uniform(0, 2 * math.pi, size=n)
    weights = rng.uniform(0, 2 * math.pi, size=2 * n)
    expected = zz_feature_map(x) + n_local(n, ["ry"], "cx", "reverse_linear", 1, weights)
    got = circuits.generate("qnn", n, seed=2, level="alg")
    assert cirq.allclose_up_to_global_phase(state(got, n), state(expected, n), atol=1e-9)
    assert got != circuits.generate("qnn", n, seed=3, level="alg")


def _qiskit_state(qc, params, n):
    from qiskit.quantum_info import Statevector

    bound = qc.assign_parameters(list(params)) if len(params) else qc
    data = np.asarray(Statevector(bound).data)
    return data.reshape([2] * n).transpose(list(reversed(range(n)))).reshape(-1)


@pytest.mark.parametrize("kind", ["realamp", "su2", "twolocal", "zz"])
def test_ansatz_families_match_qiskit_circuit_library(kind):
    lib = pytest.importorskip("qiskit.circuit.library")
    import warnings

    n, reps = 4, 3
    rng = np.random.default_rng(9)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if kind == "realamp":
            qc = lib.RealAmplitudes(n, reps=reps, entanglement="reverse_linear")
            params = rng.uniform(0, 6, qc.num_parameters)
            ours = n_local(n, ["ry"], "cx", "reverse_linear", reps, params)
        elif kind == "su2":
            qc = lib.EfficientSU2(n, reps=reps, entanglement="reverse_linear")
            params = rng.uniform(0, 6, qc.num_parameters)
            ours = n_local(n, ["ry", "rz"], "cx", "reverse_linear", reps, params)
        elif kind == "twolocal":
            qc = lib.TwoLocal(n, "ry", "cz", entanglement="full", reps=reps)
            params = rng.uniform(0, 6, qc.num_parameters)
            ours = n_local(n, ["ry"], "cz", "full", reps, params)
        else:
            qc = lib.ZZFeatureMap(n, reps=2, entanglement="full")
            params = rng.uniform(0, 6, qc.num_parameters)
            ours = zz_feature_map(params)
        qc = qc.decompose()
    assert cirq.allclose_up_to_global_phase(state(ours, n), _qiskit_state(qc, params, n),
                                            atol=1e-8)
