"""Trotter circuits and QPE circuits against numpy references (qsim for the state, numpy for truth)."""

import cirq
import numpy as np
import pytest
from scipy.linalg import expm

from qtool.qpe import circuits, estimators as est
from qtool.qpe.backend import state_vector
from qtool.qpe.models import get_model
from qtool.qpe.phase import window_for
from qtool.qpe.trotter import Evolution, pauli_rotation, product_formula

MODELS = ["two-level", "ising2", "hubbard2"]


def exact_u(model, window):
    h = model.matrix()
    return -expm(1j * window.time * (h - window.center * np.eye(len(h))))


@pytest.mark.parametrize("name", MODELS)
def test_product_formulas_converge_at_their_order(name):
    model = get_model(name)
    w = window_for(model)
    ref = exact_u(model, w)
    errs = {}
    for order in (1, 2):
        e = [np.linalg.norm(Evolution.for_window(model, w, k, order).unitary() - ref, 2) for k in (4, 8)]
        errs[order] = e[0] / e[1]
    assert errs[1] == pytest.approx(2, rel=0.15)  # first order: error ~ 1/K
    assert errs[2] == pytest.approx(4, rel=0.15)  # second order: error ~ 1/K^2
    assert np.allclose(Evolution.for_window(model, w, 0).unitary(), ref)


def test_second_order_merges_neighbouring_factors():
    model = get_model("ising2")
    f = product_formula(model, 1.0, 3, 2)
    assert all(a[0] != b[0] for a, b in zip(f, f[1:]))
    assert len(f) == 3 * 2 * len(model.pauli_terms) - 3 * 1 - 2  # middle merges + step joins


@pytest.mark.parametrize("pauli", [((0, "X"),), ((0, "Y"), (1, "Z")), ((0, "X"), (1, "Y"), (2, "Z")), ((1, "Y"),)])
def test_pauli_rotation_matches_matrix_exponential(pauli):
    from qtool.qpe.models import pauli_matrix

    q = cirq.LineQubit.range(4)
    ctrl, system = q[0], q[1:]
    a = 0.37
    target = expm(1j * a * pauli_matrix(pauli, 3))
    plain = cirq.Circuit(pauli_rotation(pauli, a, system))
    assert np.allclose(plain.unitary(qubit_order=system), target)
    ctl = cirq.Circuit(pauli_rotation(pauli, a, system, ctrl)).unitary(qubit_order=q)
    expected = np.block([[np.eye(8), np.zeros((8, 8))], [np.zeros((8, 8)), target]])
    assert np.allclose(ctl, expected)


@pytest.mark.parametrize("name,steps,order", [("two-level", 2, 1), ("ising2", 1, 2), ("hubbard2", 1, 2), ("ising2", 0, 2)])
def test_controlled_power_matches_numpy_reference(name, steps, order):
    model = get_model(name)
    evo = Evolution.for_window(model, window_for(model), steps, order)
    q = cirq.LineQubit.range(model.n_qubits + 1)
    dim = 2**model.n_qubits
    for power in (2, 3):
        u = cirq.Circuit(evo.controlled_power(q[0], q[1:], power)).unitary(qubit_order=q)
        assert np.allclose(u[:dim, :dim], np.eye(dim), atol=1e-6)
        assert np.allclose(u[dim:, dim:], np.linalg.matrix_power(evo.unitary(), power), atol=1e-6)


def test_state_preparation():
    rng = np.random.default_rng(1)
    psi = rng.normal(size=8) + 1j * rng.normal(size=8)
    psi /= np.linalg.norm(psi)
    q = cirq.LineQubit.range(3)
    out = cirq.Circuit(circuits.state_preparation(psi, q)).final_state_vector(qubit_order=q)
    assert np.allclose(out, psi, atol=1e-6)
    basis = np.zeros(8)
    basis[0b101] = 1
    ops = circuits.state_preparation(basis, q)
    assert all(op.gate == cirq.X for op in ops) and len(ops) == 2


@pytest.mark.parametrize("name", MODELS)
def test_textbook_qpe_distribution_on_a_trotter_eigenstate(name):
    """With an eigenvector of the Trotterized U as input, qsim's ancilla marginal is P(j|phi)."""
    model = get_model(name)
    evo = Evolution.for_window(model, window_for(model), 1, 2)
    vals, vecs = np.linalg.eig(evo.unitary())
    k = int(np.argmin(np.angle(vals) % (2 * np.pi)))
    phi = (np.angle(vals[k]) / (2 * np.pi)) % 1.0
    m = 3
    qc = circuits.textbook(evo, m, vecs[:, k])
    psi = state_vector(qc.circuit, qc.qubits)
    marginal = (np.abs(psi.reshape(2**m, -1)) ** 2).sum(axis=1)
    assert np.allclose(marginal, est.outcome_probabilities(phi, m), atol=2e-5)


def test_grid_phase_gives_a_point_mass_at_the_right_outcome():
    # H = Z with time T: phases 1/2 -+ T/2pi. T = 2pi*(3/8) puts E=+1 on phase 7/8, E=-1 on 1/8.
    model = get_model("pauli:Z0")
    from qtool.qpe.phase import PhaseWindow

    w = PhaseWindow(center=0.0, time=2 * np.pi * 3 / 8)
    evo = Evolution.for_window(model, w, 1, 1)
    qc = circuits.textbook(evo, 3, np.array([0, 1.0]))  # E = -1
    psi = state_vector(qc.circuit, qc.qubits)
    marginal = (np.abs(psi.reshape(8, -1)) ** 2).sum(axis=1)
    assert marginal[1] == pytest.approx(1.0, abs=1e-6)
    assert w.phase(-1.0) == pytest.approx(1 / 8)


def test_stats_counts_gates():
    q = cirq.LineQubit.range(3)
    c = cirq.Circuit(cirq.H(q[0]), cirq.CNOT(q[0], q[1]), cirq.CCX(*q))
    s = circuits.stats(c)
    assert s == {"qubits": 3, "depth": 3, "gates": 3, "two_qubit_gates": 1, "multi_qubit_gates": 1}


def test_phase_window_maps_the_bound_inside_the_margin():
    for name in MODELS:
        model = get_model(name)
        w = window_for(model)
        lo, hi = model.identity_coefficient - model.one_norm, model.identity_coefficient + model.one_norm
        assert w.phase(lo) == pytest.approx(0.125) and w.phase(hi) == pytest.approx(0.875)
        e = model.spectrum()
        assert np.allclose(w.energy(w.phase(e)), e)
        assert not w.aliases(lo, hi)


def test_inputs_wider_than_qsims_matrix_gates_enter_as_the_initial_state():
    """7 system qubits: the exact eigenvector of the simulated U is qsim's initial state (no
    7-qubit matrix gate), so the exact outcome distribution is the Fejer kernel of its phase."""
    from qtool.qpe import estimators as est
    from qtool.qpe.run import QpeConfig, run

    model = "pauli:0.5 Z0 Z1 + 0.3 X0 X1 + 0.4 X6 Z2 + 0.1 Y2 Y6 + 0.3 Z3 X4 + 0.2 X5"
    r = run(QpeConfig(model=model, ancillas=3, shots=0, steps=1, state="propagator", estimators=("ml",)))
    assert r.model.n_qubits == 7 and r.circuit["multi_qubit_gates"] == 0
    phase = r.window.phase(r.trotter_energy)
    assert np.allclose(r.probabilities, est.outcome_probabilities(phase, 3), atol=1e-5)
    with pytest.raises(Exception, match="generic state on more than 6"):
        run(QpeConfig(model=model, ancillas=2, shots=10, steps=1, mode="iterative", noise="depolarizing:0.01"))
