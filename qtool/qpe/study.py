"""The statistical comparison of phase estimators (after Cruz et al.), and Trotter-error sweeps.

* ``estimator_table``: for m ancillas and phases phi = k / n_phases (k = 0..n-1, a grid that
  contains every grid point j/2**m and every half-way point for m <= log2 n), apply each
  estimator to the exact distribution P(.|phi) (shots = 0) or to one multinomial sample of
  S shots per phase, and report the max and mean circular distance to phi.
* ``verdicts``: "MPD at m bits vs majority at m+1 bits", on both statistics.
* each sampled row also carries the Cramer-Rao bound 1/sqrt(S F), F = 4 pi^2 (N^2-1)/3, for
  its rms error. Away from the grid phases j/N maximum likelihood reaches it; near them the
  distributions for j/N + d and j/N - d are mirror images up to an asymmetry of order d in
  outcomes of probability order d^2, so the sign of d is nearly unobservable with finite S
  (the same fact makes the MPD curve flat there), and the rms of ML and inverted MPD is
  dominated by those phases.
* ``trotter_sweep``: the ground-state energy error of the Trotterized propagator itself
  (its exact eigenphase, no sampling) against Trotter steps and order.
* ``model_errors``: the ground-state energy error of each model with each estimator, from
  QPE circuits simulated on qsim, noiseless and with S shots.
* ``noise_sweep`` (opt-in, slow): the same under depolarizing noise on qsim trajectories.

Everything is reproducible from `seed` (numpy's PCG64, one stream per (m, shots) cell).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from qtool.qpe import estimators as est

SCHEMA = "qtool.qpe.study/1"


@dataclass(frozen=True)
class StudyConfig:
    ms: tuple = (2, 3, 4, 5, 6)
    n_phases: int = 4096
    shots: tuple = (0, 8192)  # 0: the exact distribution
    seed: int = 0
    estimators: tuple = est.ESTIMATORS
    models: tuple = ("two-level", "ising2", "hubbard2")
    model_ms: tuple = (4, 6)
    trotter_steps: tuple = (1, 2, 4, 8, 16)
    steps: int = 4  # Trotter steps of the model runs
    order: int = 2
    noise_levels: tuple = (0.0, 1e-4, 1e-3, 3e-3)  # depolarizing p after every moment (noise part)
    noise_models: tuple = ("two-level", "ising2")
    noise_m: int = 4
    noise_shots: int = 1000
    multitime_cells: tuple = ((3, 2), (3, 3), (4, 2), (4, 3))  # (m, times L)
    multitime_phases: int = 1024
    multitime_shots: int = 1000  # per evolution time
    chemistry: object = None  # a chemistry.ChemistryConfig (None: its defaults with this seed)

    def __post_init__(self):
        if self.chemistry is None:
            from qtool.qpe.chemistry import ChemistryConfig

            object.__setattr__(self, "chemistry", ChemistryConfig(seed=self.seed))


def phase_grid(n: int) -> np.ndarray:
    return np.arange(n) / n


def estimator_table(cfg: StudyConfig, advance=lambda: None) -> list[dict]:
    """Rows {m, shots, estimator, max_error, mean_error, rms_error} over the phase sweep."""
    phis = phase_grid(cfg.n_phases)
    rows = []
    for s_index, shots in enumerate(cfg.shots):
        for m in cfg.ms:
            probs = est.outcome_probabilities(phis, m)
            if shots:
                rng = np.random.default_rng([cfg.seed, m, s_index])
                hists = rng.multinomial(shots, probs / probs.sum(axis=1, keepdims=True))
            else:
                hists = probs
            for name in cfg.estimators:
                if name not in est.available(m):
                    continue
                err = est.circular_distance(est.estimate(name, hists), phis)
                rows.append({"m": m, "shots": shots, "estimator": name, "max_error": float(err.max()),
                             "mean_error": float(err.mean()), "rms_error": float(np.sqrt(np.mean(err**2))),
                             "cramer_rao": est.cramer_rao(m, shots) if shots else 0.0})
            advance()
    return rows


def verdicts(rows: list[dict], challenger: str = "mpd") -> list[dict]:
    """For each m with m+1 also swept: does `challenger` at m bits beat majority at m+1 bits?"""
    cell = {(r["m"], r["shots"], r["estimator"]): r for r in rows}
    out = []
    for (m, shots, name), r in sorted(cell.items()):
        if name != challenger or (m + 1, shots, "majority") not in cell:
            continue
        ref = cell[(m + 1, shots, "majority")]
        out.append({"m": m, "shots": shots, "challenger": challenger,
                    "challenger_max": r["max_error"], "majority_m1_max": ref["max_error"],
                    "challenger_mean": r["mean_error"], "majority_m1_mean": ref["mean_error"],
                    "wins_max": r["max_error"] < ref["max_error"],
                    "wins_mean": r["mean_error"] < ref["mean_error"]})
    return out


def trotter_sweep(cfg: StudyConfig, advance=lambda: None) -> list[dict]:
    """Ground-state energy error of the Trotterized U (exact eigenphase) vs steps and order."""
    import math

    from qtool.qpe.models import get_model
    from qtool.qpe.phase import window_for
    from qtool.qpe.trotter import Evolution

    rows = []
    for name in cfg.models:
        model = get_model(name)
        window = window_for(model)
        e0 = float(model.spectrum()[0])
        ground = model.eigenstate(0)
        for order in (1, 2):
            for steps in cfg.trotter_steps:
                vals, vecs = np.linalg.eig(Evolution.for_window(model, window, steps, order).unitary())
                k = int(np.argmax(np.abs(vecs.conj().T @ ground)))
                energy = float(window.energy(np.angle(vals[k]) / (2 * math.pi)))
                rows.append({"model": name, "order": order, "steps": steps, "energy": energy,
                             "exact_energy": e0, "error": energy - e0,
                             "phase_error": abs(energy - e0) / window.energy_per_phase,
                             "overlap": float(np.abs(vecs[:, k].conj() @ ground) ** 2)})
            advance()
    return rows


def model_errors(cfg: StudyConfig, advance=lambda: None) -> list[dict]:
    """Ground-state energy error per model, m and estimator: one qsim run per (model, m) gives
    the exact distribution; each shots value then samples it with its own seeded stream."""
    from qtool.qpe.run import QpeConfig, run

    rows = []
    for name in cfg.models:
        for m in cfg.model_ms:
            base = run(QpeConfig(model=name, ancillas=m, shots=0, steps=cfg.steps, order=cfg.order))
            for s_index, shots in enumerate(cfg.shots):
                if shots:
                    rng = np.random.default_rng([cfg.seed, 1000 + m, s_index])
                    hist = est.sample_counts(base.probabilities, shots, rng)
                else:
                    hist = base.probabilities
                for e in cfg.estimators:
                    if e not in est.available(m):
                        continue
                    energy = float(base.window.energy(est.estimate(e, hist)))
                    rows.append({"model": name, "m": m, "shots": shots, "estimator": e, "energy": energy,
                                 "exact_energy": base.exact_energy, "trotter_energy": base.trotter_energy,
                                 "error": energy - base.exact_energy,
                                 "resolution": base.window.energy_per_phase / 2**m})
            advance()
    return rows


def noise_sweep(cfg: StudyConfig, advance=lambda: None) -> list[dict]:
    """Ground-state energy error per estimator under depolarizing noise (qsim trajectories,
    one per shot; 1 Trotter step to keep circuits short). The input is the eigenvector of the
    Trotterized U itself and errors are also given against its eigenvalue, which separates
    noise from Trotter error. Opt-in: it is slow."""
    from qtool.qpe.run import QpeConfig, run

    rows = []
    for name in cfg.noise_models:
        for p in cfg.noise_levels:
            r = run(QpeConfig(model=name, ancillas=cfg.noise_m, shots=cfg.noise_shots, steps=1, state="propagator",
                              order=cfg.order, noise=f"depolarizing:{p}" if p else None, seed=cfg.seed))
            hist = r.counts
            for row in r.rows():
                rows.append({"model": name, "p": p, "m": cfg.noise_m, "shots": cfg.noise_shots,
                             "estimator": row["estimator"], "error": row["error"],
                             "error_vs_trotter": row["energy"] - r.trotter_energy,
                             "trotter_energy": r.trotter_energy, "exact_energy": r.exact_energy,
                             "resultant": est.mpd_resultant(hist), "depth": r.circuit["depth"]})
            advance()
    return rows


def multitime_table(cfg: StudyConfig, advance=lambda: None) -> list[dict]:
    """Multi-time inverted MPD (m ancillas, L times, S shots each) against textbook QPE with
    m + L - 1 ancillas at equal cost: the same total number of controlled-U applications,
    S (2**m - 1)(2**L - 1) = S' (2**(m+L-1) - 1). Random phases (exact P(j|phi), numpy
    sampling); errors are circular distances in turns."""
    rows = []
    for m, times in cfg.multitime_cells:
        rng = np.random.default_rng([cfg.seed, 77, m, times])  # seeded by the cell, not its position
        phis = rng.random(cfg.multitime_phases)
        s = cfg.multitime_shots
        angles = []
        for level in range(times):
            probs = est.outcome_probabilities(np.mod(phis * 2**level, 1.0), m)
            hists = rng.multinomial(s, probs / probs.sum(axis=1, keepdims=True))
            angles.append(est.mpd_inverted(hists))
        multi = est.kitaev_many(np.array(angles))
        big = m + times - 1
        cost = s * (2**m - 1) * (2**times - 1)
        s_text = max(1, int(round(cost / (2**big - 1))))
        probs = est.outcome_probabilities(phis, big)
        hists = rng.multinomial(s_text, probs / probs.sum(axis=1, keepdims=True))
        results = {"multitime mpd-inverted": (multi, s * times),
                   "textbook mpd-inverted": (est.mpd_inverted(hists), s_text),
                   "textbook ml": (est.maximum_likelihood(hists), s_text),
                   "textbook majority": (est.majority(hists), s_text)}
        for name, (values, shots) in results.items():
            err = est.circular_distance(values, phis)
            rows.append({"m": m, "times": times, "textbook_m": big, "method": name, "shots": shots,
                         "u_applications": cost, "rms_error": float(np.sqrt(np.mean(err**2))),
                         "p95_error": float(np.quantile(err, 0.95)), "max_error": float(err.max())})
        advance()
    return rows


@dataclass
class StudyResult:
    config: StudyConfig
    estimators: list[dict] = field(default_factory=list)
    verdicts: list[dict] = field(default_factory=list)
    trotter: list[dict] = field(default_factory=list)
    models: list[dict] = field(default_factory=list)
    noise: list[dict] = field(default_factory=list)
    multitime: list[dict] = field(default_factory=list)
    chemistry: list[dict] = field(default_factory=list)

    def to_json(self) -> dict:
        from dataclasses import asdict

        return {"schema": SCHEMA, "config": asdict(self.config), "estimators": self.estimators,
                "verdicts": self.verdicts, "trotter": self.trotter, "models": self.models,
                "noise": self.noise, "multitime": self.multitime, "chemistry": self.chemistry,
                "error_measure": "circular distance |phi_est - phi| on [0, 1), in turns (phase) "
                                 "or energy units (models, trotter)"}


def work_units(cfg: StudyConfig, parts: set[str]) -> int:
    n = 0
    if "estimators" in parts:
        n += len(cfg.ms) * len(cfg.shots)
    if "trotter" in parts:
        n += len(cfg.models) * 2
    if "models" in parts:
        n += len(cfg.models) * len(cfg.model_ms)
    if "noise" in parts:
        n += len(cfg.noise_models) * len(cfg.noise_levels)
    if "multitime" in parts:
        n += len(cfg.multitime_cells)
    if "chemistry" in parts:
        from qtool.qpe.chemistry import work_units as chemistry_units

        n += chemistry_units(cfg.chemistry)
    return n


def run_study(cfg: StudyConfig, parts=("estimators", "trotter", "models"), advance=lambda: None) -> StudyResult:
    """All parts of the study; `advance()` is called after each unit of work (progress bars)."""
    result = StudyResult(cfg)
    if "estimators" in parts:
        result.estimators = estimator_table(cfg, advance)
        result.verdicts = verdicts(result.estimators, "mpd") + verdicts(result.estimators, "mpd-inverted")
    if "trotter" in parts:
        result.trotter = trotter_sweep(cfg, advance)
    if "models" in parts:
        result.models = model_errors(cfg, advance)
    if "noise" in parts:
        result.noise = noise_sweep(cfg, advance)
    if "multitime" in parts:
        result.multitime = multitime_table(cfg, advance)
    if "chemistry" in parts:
        from qtool.qpe.chemistry import chemistry_table

        result.chemistry = chemistry_table(cfg.chemistry, advance)
    return result
