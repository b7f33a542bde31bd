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

The estimators are the ones `qpe` and `qpe curve` run (qtool.qpe.run, reused, not copied):
the histogram estimators, with the noise-aware mixture ML (kernels + uniform background)
under noise; "bayes", the two-stage dithered mixture posterior (``run._dithered_bayes``: its
second stage's distribution is that of the shifted window, computed once per offset); and
"bayes-iterative", the adaptive one-ancilla Bayes with `adaptive_repeats` repeats and the
lowest-cluster rule (``run._adaptive_bayes``), its outcomes drawn from the exact P(0) of the
simulated U (each repeat collapses the register onto an eigenvector drawn with its weight)
or, under noise, from a density matrix of the noisy Hadamard test per power, with the
likelihood marginalised over the visibility decay as in `qpe --noise`. The textbook "bayes"
is left out of the noisy cells: its second stage runs at an offset drawn from the first, and a
density matrix per offset (4-11 s each) over the ladder's hundreds of runs would take hours;
`qpe noise-cost` covers the noise-aware (adaptive) Bayes.

Errors are against the file's FCI energy, so they include the Trotter error of U (reported).
"""

from __future__ import annotations

import math
import zlib
from dataclasses import dataclass

import numpy as np

from qtool.qpe import estimators as est

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
    adaptive_repeats: int = 8  # bayes-iterative: repeats per run (as `qpe --mode iterative`)


def _errors(name: str, cell, shots: int, repeats: int, rng) -> tuple[np.ndarray, float]:
    """(|E_est - FCI| in Hartree of `repeats` runs of `shots` shots, mean controlled-U applications).

    The estimators are those of `qpe` / `qpe curve` (qtool.qpe.run): the histogram estimators
    (with the noise-aware mixture ML under noise), the two-stage dithered mixture Bayes, and the
    adaptive iterative Bayes with its repeats and lowest-cluster rule. Only the sampling
    differs: histograms and Hadamard-test outcomes are drawn from exact distributions computed
    once per circuit (`cell`), not re-simulated for every run of the ladder."""
    from qtool.qpe import run as qrun

    m, window, fci = cell["m"], cell["window"], cell["fci"]
    qcfg = qrun.QpeConfig(model="h2", ancillas=m, shots=shots, steps=cell["evo"].steps,
                          noise=cell["noise_spec"], adaptive_repeats=cell["adaptive_repeats"])
    if name == "bayes-iterative":
        out, apps = [], []
        for _ in range(repeats):
            run_, _reps = qrun._adaptive_bayes(cell["evo"], m, cell["psi"], qcfg, rng, [], cell["noisy_p0"])
            out.append(run_.posterior.mean())
            apps.append(sum((s[2] + s[3]) * s[0] for s in run_.settings))
        return np.abs(window.energy(np.array(out)) - fci), float(np.mean(apps))
    if name == "bayes":
        phases = np.array([qrun._dithered_bayes(cell["evo"], m, cell["psi"], qcfg, None, rng, cell["p"] > 0,
                                                cell["sampler"](rng))[0].mean() for _ in range(repeats)])
    else:
        probs = cell["probs"]
        hists = rng.multinomial(shots, probs / probs.sum(), size=repeats)
        if name == "ml" and cell["p"] > 0:
            phases = np.array([qrun.noise_aware_ml(h)[0] for h in hists])
        else:
            phases = np.asarray(est.estimate(name, hists))
    return np.abs(window.energy(phases) - fci), float(shots * (2**m - 1))


def exact_textbook_probabilities(evo, m: int, psi) -> np.ndarray:
    """The noiseless textbook outcome distribution from the eigen-decomposition of the
    simulated U (``Evolution.unitary``): sum_k |<v_k|psi>|^2 P(j | phi_k). Equal to qsim's
    (tests/qpe/test_qpe_chemistry.py) and a 2**n-dimensional Schur decomposition instead of a
    circuit simulation: the dithered Bayes of the ladder needs one per drawn offset."""
    from scipy.linalg import schur

    t, z = schur(evo.unitary(), output="complex")
    phases = np.mod(np.angle(np.diag(t)) / (2 * math.pi), 1.0)
    weights = np.abs(z.conj().T @ psi) ** 2
    return (weights[:, None] * est.outcome_probabilities(phases, m)).sum(axis=0) / weights.sum()


def _textbook_sampler(m, psi, noise):
    """A factory of `sampler(evolution, shots)` for run._dithered_bayes: exact textbook
    distributions (eigen-decomposition, or a density matrix under noise), cached per window centre."""
    from qtool.qpe import circuits
    from qtool.qpe.backend import noisy_probabilities

    cache: dict = {}

    def probs_of(evo):
        key = round(float(evo.center), 12)
        if key not in cache:
            if noise is None:
                cache[key] = exact_textbook_probabilities(evo, m, psi)
            else:
                qc = circuits.textbook(evo, m, psi)
                cache[key] = noisy_probabilities(qc.circuit, qc.qubits, m, noise)
        return cache[key]

    def factory(rng):
        return lambda evo, shots: est.sample_counts(probs_of(evo), shots, rng).astype(float)

    return factory


def _noisy_adaptive_source(evo, noise):
    """`noisy_p0(state)` for run._adaptive_bayes: P(0 | k, beta) = 1/2 + Re(rho_01(k) e^{2 pi i beta})
    of the noisy Hadamard test, rho_01(k) from a density matrix of H, controlled U^k on the
    state (cached per state and power). The noise after the last two one-qubit gates
    (correction and H) is left out: 2 moments of about 250 k."""
    from qtool.qpe import circuits
    from qtool.qpe.backend import noisy_coherence

    cache: dict = {}

    def for_state(state):
        key0 = np.asarray(state).tobytes()

        def p0(k, beta):
            if (key0, k) not in cache:
                qc = circuits.iterative_round(evo, k, 0.0, state, readout=False)
                cache[key0, k] = noisy_coherence(qc.circuit, qc.qubits, noise)
            return float(0.5 + (cache[key0, k] * np.exp(2j * math.pi * beta)).real)

        return p0

    return for_state


def chemistry_table(cfg: ChemistryConfig, advance=lambda: None) -> list[dict]:
    from qtool.qpe import circuits, cost
    from qtool.qpe.backend import noisy_probabilities
    from qtool.qpe.run import QpeConfig, resolve_state, run
    from qtool.qpe.trotter import Evolution
    from qtool.sim import parse_noise

    rows = []
    for state in cfg.states:
        s_index = zlib.crc32(state.encode())  # seeded by the state, not its position (study_tasks)
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
                cell = {"m": m, "window": base.window, "fci": fci, "evo": evo, "psi": psi, "probs": probs,
                        "p": p, "noise_spec": f"depolarizing:{p}" if p else None,
                        "adaptive_repeats": cfg.adaptive_repeats,
                        "sampler": _textbook_sampler(m, psi, noise),
                        "noisy_p0": _noisy_adaptive_source(evo, noise) if p else None}
                for e_index, name in enumerate(cfg.estimators):
                    if (name == "mpd-inverted" and m < 2) or (name == "bayes" and p):
                        continue  # textbook bayes under noise: see the module docstring
                    rng = np.random.default_rng([cfg.seed, s_index, m, int(p * 1e6), e_index])
                    shots, found, q_err, apps = 16, None, None, None
                    while shots <= cfg.max_shots:
                        errs, mean_apps = _errors(name, cell, shots, cfg.repeats, rng)
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
