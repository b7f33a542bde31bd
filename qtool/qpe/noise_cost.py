"""What chemical accuracy costs under depolarising noise: `qtool qpe noise-cost`.

For H2 (STO-3G, scbk: 2 system qubits) at one bond length, each noise level p (depolarising
after every moment on every qubit, qtool.sim's model) and each number of Trotter steps:

* the Trotter error of U against FCI (fewer steps: shallower circuits, larger error);
* the visibility decay per application of controlled U, gamma: from the gate count
  (``run.noise_decay``, what the estimator assumes) and measured from the exact noisy channel;
* the predicted budget of the noise-aware adaptive Bayesian estimator: with powers k ~ 1/gamma
  one shot carries Fisher information (2 pi k)^2 e^{-2 gamma k} = (2 pi / (e gamma))^2, so the
  energy error after S shots is sigma_E = (dE/dphi) e gamma / (2 pi sqrt S); chemical
  accuracy needs 3 sigma_E + |Trotter error| <= 1.6 mHa, so S = (3 sigma_1 / (1.6 mHa - |Trotter|))^2
  and is out of reach when the Trotter error alone exceeds 1.6 mHa;
* the measured budget: the noise-aware adaptive estimator run `repeats` times per budget on a
  doubling ladder, its outcomes drawn from the exact noisy P(0 | k, beta); the smallest budget
  at which the `quantile` of |E - FCI| is within 1.6 mHa;
* the deepest circuit (U^k_max) as run: depth and two-qubit gates of one controlled U compiled
  to cz, times k_max (copies of U do not simplify across their boundary beyond a few gates).

The exact noisy P(0) comes from the superoperator of one noisy controlled U on the ancilla and
the system (4^(n+1) x 4^(n+1), with the depolarising channel after every moment on every
qubit), raised to the power k: exact for the semi-classical round, apart from the noise on the
state preparation and the two final one-qubit gates (a k-independent loss of a few p).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

SCHEMA = "qtool.qpe.noise-cost/1"
CHEMICAL_ACCURACY = 1.6e-3


@dataclass(frozen=True)
class NoiseCostConfig:
    bond: float = 0.7414
    noise: tuple = (1e-4, 1e-3)
    steps: tuple = (2, 4, 6, 8, 12)
    repeats: int = 20
    quantile: float = 0.9
    max_shots: int = 1 << 17
    seed: int = 0
    target: str | None = "cz"


def channel_superoperator(circuit, qubits, p: float) -> np.ndarray:
    """The superoperator S (vec row-major: vec(rho') = S vec(rho)) of `circuit` with
    depolarize(p) after every moment on every qubit of `qubits` (cirq's ConstantQubitNoiseModel,
    what --noise depolarizing:p applies), built by pushing the d^2 matrix units through it."""
    import cirq

    n = len(qubits)
    d = 2**n
    rho = np.eye(d * d, dtype=complex).reshape(d * d, d, d)  # batch of matrix units E_ab
    q = 4 * p / 3  # depolarize(p) = (1 - q) rho + q (Tr_i rho) x I/2
    for moment in circuit:
        if len(moment):
            u = cirq.Circuit(moment).unitary(qubit_order=qubits, qubits_that_should_be_present=qubits)
            rho = u @ rho @ u.conj().T
        if q:
            for i in range(n):
                left, right = 2**i, 2 ** (n - 1 - i)
                r = rho.reshape(-1, left, 2, right, left, 2, right)
                traced = np.einsum("blarmas->blrms", r)
                mixed = np.einsum("blrms,ac->blarmcs", traced, np.eye(2) / 2)
                rho = ((1 - q) * r + q * mixed).reshape(-1, d, d)
    return rho.reshape(d * d, d * d).T


def coherence_source(evo, psi, p: float):
    """k -> rho_01 of the ancilla after H, (noisy controlled U)^k on `psi` (|+> x psi)."""
    from qtool.qpe import circuits

    qc = circuits.iterative_round(evo, 1, 0.0, psi, readout=False)
    import cirq

    body = cirq.Circuit(evo.controlled_power(qc.ancillas[0], qc.system, 1))
    qubits = qc.qubits
    sup = channel_superoperator(body, qubits, p)
    plus = np.array([1.0, 1.0]) / math.sqrt(2)
    v = np.kron(plus, psi)
    d = len(v)
    rho0 = np.outer(v, v.conj()).reshape(-1)
    cache: dict = {}

    def rho01(k: int) -> complex:
        if k not in cache:
            r = (np.linalg.matrix_power(sup, k) @ rho0).reshape(2, d // 2, 2, d // 2)
            cache[k] = complex(np.einsum("aibi->ab", r)[0, 1])
        return cache[k]

    return rho01, len(body)


def cost_row(cfg: NoiseCostConfig, p: float, steps: int, index: int) -> dict:
    """One (noise level, Trotter steps) cell: predicted and measured shots to chemical accuracy."""
    from qtool.qpe import bayes, circuits, cost
    from qtool.qpe.models import get_model
    from qtool.qpe.phase import window_for
    from qtool.qpe.run import QpeConfig, _trotter_energy, noise_decay
    from qtool.qpe.trotter import Evolution

    model = get_model("h2", {"bond": cfg.bond}, "scbk")
    fci = model.info["fci_energy"]
    window = window_for(model)
    evo = Evolution.for_window(model, window, steps, 2)
    trotter = _trotter_energy(evo, window, model, 0) - fci
    gamma_est = noise_decay(evo, QpeConfig(noise=f"depolarizing:{p}"))
    psi = model.eigenstate(0)
    rho01, moments = coherence_source(evo, psi, p)
    clean, _ = coherence_source(evo, psi, 0.0)
    k_max = max(1, round(1 / gamma_est))
    gamma_meas = -math.log(abs(rho01(k_max)) / abs(clean(k_max))) / k_max  # the noise's share of the decay
    per = window.energy_per_phase
    budget = CHEMICAL_ACCURACY - abs(trotter)
    sigma1 = per * math.e * gamma_meas / (2 * math.pi)
    predicted = None if budget <= 0 else int(math.ceil((3 * sigma1 / budget) ** 2))
    row = {"p": p, "steps": steps, "trotter_error_mha": 1e3 * trotter, "moments_per_u": moments,
           "gamma_gate_count": gamma_est, "gamma_measured": gamma_meas, "k_max": k_max,
           "predicted_shots": predicted, "shots": None, "quantile_error_mha": None,
           "u_applications": None}
    if cfg.target:
        one = circuits.iterative_round(evo, 1, 0.0, psi)
        c = cost.compiled_stats(one.circuit, cfg.target)
        row.update({"depth_deepest": c["depth"] * k_max, "two_qubit_deepest": c["two_qubit"] * k_max,
                    "depth_one_u": c["depth"], "two_qubit_one_u": c["two_qubit"], "target": c["target"]})
    if budget <= 0 or predicted > cfg.max_shots:
        row["reason"] = ("the Trotter error alone exceeds chemical accuracy" if budget <= 0 else
                         f"predicted {predicted} shots > --max-shots {cfg.max_shots}: not simulated")
        return row
    rng = np.random.default_rng([cfg.seed, index])
    gammas = bayes.decay_grid(gamma_est)

    def prob0(k, beta):
        return float(0.5 + (rho01(k) * np.exp(2j * math.pi * beta)).real)

    shots = max(64, 1 << max(0, int(math.log2(max(1, predicted or 1))) - 2))
    while shots <= cfg.max_shots:
        errs, apps = [], []
        for _ in range(cfg.repeats):
            r = bayes.adaptive(bayes.binomial_measure(prob0, rng), k_max, shots, max(1, shots // 48), gammas)
            errs.append(abs(float(window.energy(r.posterior.mean())) - fci))
            apps.append(sum((s[2] + s[3]) * s[0] for s in r.settings))
        q = float(np.quantile(errs, cfg.quantile))
        if q <= CHEMICAL_ACCURACY:
            row.update({"shots": shots, "quantile_error_mha": 1e3 * q, "u_applications": float(np.mean(apps))})
            break
        row["quantile_error_mha"] = 1e3 * q
        shots *= 2
    return row
