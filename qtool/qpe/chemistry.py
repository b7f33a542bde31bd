"""`qpe study --only chemistry`: shots to chemical accuracy per estimator, for H2 at equilibrium.

For each input state (exact ground state, Hartree-Fock), ancilla count m and depolarizing
noise level p, the outcome distribution of the textbook circuit is computed once: exactly
(qsim's state vector) without noise, and as an exact mixed-state distribution (density
matrix, ``backend.noisy_probabilities``) with noise p after every moment on every qubit.
Then, for shot budgets S = 16, 32, 64, ..., `repeats` histograms of S shots are drawn with
numpy and put through each estimator; S reaches chemical accuracy when the `quantile`
(default 90%) of |E_est - E_FCI| over the repeats is at most 1.6 mHa. The table gives the
smallest such S (or none up to `max_shots`), the controlled-U applications it costs and the
circuit's qubits, depth and two-qubit gates after compiling to `target`.

The adaptive Bayesian iterative estimator (one ancilla, powers up to 2**(m-1)) is in the same
table: its settings are drawn from P(0) = 1/2 + Re(rho_01 e^{2 pi i beta}), with rho_01 from
the eigen-decomposition of the simulated (Trotterized) U without noise (what the circuits
give; with the Hartree-Fock input the register collapses onto an eigenvector first, drawn with
its weight) and from a density matrix of the noisy circuit per power with noise. Its
likelihood assumes no noise: depolarizing lowers the contrast of P(0) but, with the
correction alternating +-1/4, does not move its centre.

Errors are against the file's FCI energy, so they include the Trotter error of U (reported).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from qtool.qpe import bayes, estimators as est

CHEMICAL_ACCURACY = 1.6e-3


@dataclass(frozen=True)
class ChemistryConfig:
    bond: float = 0.7414
    mapping: str = "scbk"
    steps: int = 8
    states: tuple = ("ground", "hf")
    ms: tuple = (3, 4, 5)
    noise: tuple = (0.0, 1e-4, 1e-3)
    noise_ms: tuple = (3, 4)  # density matrices of m + 2 qubits: kept small
    noise_states: tuple = ("ground",)
    repeats: int = 40
    quantile: float = 0.9
    max_shots: int = 1 << 16
    estimators: tuple = ("majority", "mpd", "mpd-inverted", "ml", "bayes", "bayes-iterative")
    target: str = "cz"
    seed: int = 0


def _errors(name: str, probs, shots: int, repeats: int, rng, window, fci, m: int, adaptive_p0=None):
    """(|E_est - FCI| in Hartree of `repeats` runs of `shots` shots, mean controlled-U applications)."""
    if name == "bayes-iterative":
        out, apps = [], []
        for _ in range(repeats):
            prob0 = adaptive_p0(rng)
            batch = max(1, -(-shots // 48))
            run = bayes.adaptive(bayes.binomial_measure(prob0, rng), 2 ** (m - 1), shots, batch)
            out.append(run.posterior.mean())
            apps.append(sum((s[2] + s[3]) * s[0] for s in run.settings))
        return np.abs(window.energy(np.array(out)) - fci), float(np.mean(apps))
    else:
        hists = rng.multinomial(shots, probs / probs.sum(), size=repeats)
        if name == "bayes":
            phases = np.array([bayes.textbook_posterior(h).mean() for h in hists])
        else:
            phases = np.asarray(est.estimate(name, hists))
    return np.abs(window.energy(phases) - fci), float(shots * (2**m - 1))


def _noisy_adaptive_source(evo, psi, noise):
    """P(0 | k, beta) = 1/2 + Re(rho_01(k) e^{2 pi i beta}) of the noisy Hadamard test, rho_01(k)
    from a density matrix of H, controlled U^k on `psi` (one per power, cached). The noise after
    the last two one-qubit gates (correction and H) is left out: 2 moments of about 250 k."""
    from qtool.qpe import circuits
    from qtool.qpe.backend import noisy_coherence

    cache: dict = {}

    def p0(k, beta):
        if k not in cache:
            qc = circuits.iterative_round(evo, k, 0.0, psi, readout=False)
            cache[k] = noisy_coherence(qc.circuit, qc.qubits, noise)
        return float(0.5 + (cache[k] * np.exp(2j * math.pi * beta)).real)

    return lambda rng: p0


def _adaptive_source(evo, psi):
    """A factory: each call collapses the register (drawn eigenvector) and returns its P(0)."""
    from scipy.linalg import schur

    t, z = schur(evo.unitary(), output="complex")
    phases = np.mod(np.angle(np.diag(t)) / (2 * math.pi), 1.0)
    weights = np.abs(z.conj().T @ psi) ** 2
    weights /= weights.sum()

    def draw(rng):
        phi = phases[int(rng.choice(len(weights), p=weights))]
        return lambda k, beta: float(bayes.p0(phi, k, beta))

    return draw


def chemistry_table(cfg: ChemistryConfig, advance=lambda: None) -> list[dict]:
    from qtool.qpe import circuits, cost
    from qtool.qpe.backend import noisy_probabilities
    from qtool.qpe.run import QpeConfig, resolve_state, run
    from qtool.qpe.trotter import Evolution
    from qtool.sim import parse_noise

    rows = []
    for s_index, state in enumerate(cfg.states):
        for m in cfg.ms:
            base = run(QpeConfig(model="h2", params={"bond": cfg.bond}, mapping=cfg.mapping, ancillas=m, shots=0,
                                 steps=cfg.steps, state=state, estimators=("ml",)))
            fci = base.model.info["fci_energy"]
            evo = Evolution.for_window(base.model, base.window, cfg.steps, 2)
            psi, _ = resolve_state(base.model, state, evo)
            compiled = {"textbook": cost.compiled_stats(base.deepest, cfg.target),
                        "iterative": cost.compiled_stats(
                            circuits.iterative_round(evo, 2 ** (m - 1), 0.0, psi).circuit, cfg.target)}
            for p in cfg.noise:
                if p and (m not in cfg.noise_ms or state not in cfg.noise_states):
                    continue
                noise = parse_noise(f"depolarizing:{p}") if p else None
                if p:
                    qc = circuits.textbook(evo, m, psi)
                    probs = noisy_probabilities(qc.circuit, qc.qubits, m, noise)
                else:
                    probs = base.probabilities
                for e_index, name in enumerate(cfg.estimators):
                    if name == "mpd-inverted" and m < 2:
                        continue
                    rng = np.random.default_rng([cfg.seed, s_index, m, int(p * 1e6), e_index])
                    source = None
                    if name == "bayes-iterative":
                        source = _noisy_adaptive_source(evo, psi, noise) if p else _adaptive_source(evo, psi)
                    shots, found, q_err, apps = 16, None, None, None
                    while shots <= cfg.max_shots:
                        errs, mean_apps = _errors(name, probs, shots, cfg.repeats, rng, base.window, fci, m, source)
                        q_err = float(np.quantile(errs, cfg.quantile))
                        if q_err <= CHEMICAL_ACCURACY:
                            found, apps = shots, mean_apps
                            break
                        shots *= 2
                    c = compiled["iterative" if name == "bayes-iterative" else "textbook"]
                    rows.append({"state": state, "ground_weight": float(base.overlaps[0]), "m": m, "p": p,
                                 "estimator": name, "shots": found,
                                 "quantile_error_mha": 1e3 * q_err, "quantile": cfg.quantile,
                                 "u_applications": apps,
                                 "trotter_error_mha": 1e3 * (base.trotter_energy - fci),
                                 "qubits": c["qubits"], "depth": c["depth"], "two_qubit": c["two_qubit"],
                                 "target": c["target"]})
                advance()
    return rows


def work_units(cfg: ChemistryConfig) -> int:
    return sum(1 + sum(1 for p in cfg.noise if p and m in cfg.noise_ms and state in cfg.noise_states)
               for state in cfg.states for m in cfg.ms)
