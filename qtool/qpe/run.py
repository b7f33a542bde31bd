"""One QPE experiment: model -> window -> evolution -> circuits -> outcome histogram -> estimates.

Modes:
* ``textbook``: m ancillas, controlled U**(2**k), inverse QFT; outcome j over 2**m values.
* ``iterative``: one ancilla, m rounds from the highest power down, each corrected by the bits
  already measured (the semi-classical QFT): the same distribution of j as textbook, with one
  ancilla. Simulated exactly by following every branch of the measurement tree on qsim.
* ``eigenstate``: for eigenstate inputs: one ancilla per power 2**k read in the X and Y bases,
  no inverse QFT; the deepest circuit holds U**(2**(m-1)) instead of all 2**m - 1 copies. The
  readings are combined by ``estimators.kitaev``. Each of the 2m circuits gets `shots` shots.

shots = 0 uses the exact outcome distribution (from qsim's state vector); otherwise shots are
drawn from it with a seeded generator, or, with noise, measured on qsim's noisy trajectories.
"""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass, field

import numpy as np

from qtool.errors import ParameterError
from qtool.qpe import bayes, circuits, errorbars, estimators as est, mixture
from qtool.qpe.backend import sample_noisy, state_vector
from qtool.qpe.models import Model, get_model
from qtool.qpe.phase import BOUNDS, PhaseWindow, energy_bound, window_for
from qtool.qpe.trotter import Evolution

MODES = ("textbook", "iterative", "eigenstate", "multitime")
MAX_TIMES = 6
MAX_ANCILLAS = 10
SCHEMA = "qtool.qpe/1"


@dataclass(frozen=True)
class QpeConfig:
    model: str = "two-level"
    params: dict = field(default_factory=dict)
    ancillas: int = 4
    shots: int = 8192  # 0: the exact outcome distribution
    estimators: tuple = ("all",)
    steps: int = 4  # Trotter steps per application of U; 0 = exact evolution
    order: int = 2
    time: float | None = None  # None: the default window of the model
    energy_range: tuple | None = None  # (lo, hi): a known range of energies to map (else the 1-norm bound)
    state: str = "ground"
    mode: str = "textbook"
    noise: str | None = None  # KIND:P (qtool.sim.parse_noise), e.g. depolarizing:0.01, after every moment
    seed: int | None = None
    mapping: str | None = None  # molecular models: jw (default) | bk | scbk
    times: int = 3  # multitime: evolution times T, 2T, ..., 2**(times-1) T
    adaptive_settings: int = 48  # iterative bayes: the shots are split into this many adaptive settings
    adaptive_repeats: int = 8  # iterative bayes: independent repeats (fresh input each); the lowest cluster wins
    bound: str = "norm"  # the default window's energy bound: norm (Pauli 1-norm) | gershgorin (the sector's discs)


@dataclass
class QpeResult:
    config: QpeConfig
    model: Model
    window: PhaseWindow
    state_label: str
    overlaps: np.ndarray  # |<E_k|psi>|^2 over the sector's eigenstates
    target: int  # index of the eigenstate the estimates are compared with
    trotter_energy: float  # eigenvalue of the Trotterized U closest to the target, as an energy
    probabilities: np.ndarray | None  # exact outcome distribution (None with noise)
    counts: np.ndarray | None  # sampled histogram (None with shots = 0)
    estimates: dict[str, float]  # estimator -> phase
    circuit: dict  # stats of the deepest circuit
    circuits_run: int
    readings: list = field(default_factory=list)  # eigenstate mode: per power and basis
    warnings: list = field(default_factory=list)
    bars: dict = field(default_factory=dict)  # estimator -> {std, interval, shots, u_applications, method}
    adaptive: list = field(default_factory=list)  # iterative bayes: the settings (k, beta, zeros, ones)
    deepest: object = None  # the deepest circuit run (cirq.Circuit), for the cost report
    cost: dict | None = None  # cost.report(...) when a compile target was asked for
    input_as_initial_state: bool = False  # the input is qsim's initial state: no preparation gates

    @property
    def exact_energy(self) -> float:
        return float(self.model.spectrum()[self.target])

    @property
    def exact_phase(self) -> float:
        return float(self.window.phase(self.exact_energy))

    def energy(self, name: str) -> float:
        return float(self.window.energy(self.estimates[name]))

    def rows(self) -> list[dict]:
        """One row per estimator: phase, energy, exact energy, errors, error bar and cost."""
        out = []
        per = self.window.energy_per_phase
        for name, phase in self.estimates.items():
            e = self.energy(name)
            bar = self.bars.get(name, {})
            row = {"estimator": name, "phase": phase, "energy": e, "exact_energy": self.exact_energy,
                   "error": e - self.exact_energy,
                   "phase_error": float(est.circular_distance(phase, self.exact_phase)),
                   "phase_error_bar": bar.get("std"), "error_bar": None if bar.get("std") is None else bar["std"] * per,
                   "interval": None, "shots": bar.get("shots"), "u_applications": bar.get("u_applications"),
                   "error_bar_method": bar.get("method")}
            if bar.get("interval") is not None:
                lo, hi = bar["interval"]
                row["interval"] = {"level": bar["level"], "energy": [e + (lo - phase) * per, e + (hi - phase) * per]}
            out.append(row)
        return out


HISTOGRAM_ESTIMATORS = est.ESTIMATORS + ("bayes",)
EIGENSTATE_ESTIMATORS = ("kitaev", "rpe", "bayes")
MULTITIME_ESTIMATORS = ("mpd-inverted", "bayes")
BAYES_LEVEL = 0.95


def resolve_estimators(requested, m: int, mode: str, shots: int = 1) -> tuple[str, ...]:
    """The estimators to run: `all` is every one defined for the mode and m (bayes only with
    shots > 0: a posterior from an exact distribution has no meaning)."""
    pool = {"eigenstate": EIGENSTATE_ESTIMATORS, "multitime": MULTITIME_ESTIMATORS}.get(mode, HISTOGRAM_ESTIMATORS)
    if mode == "multitime" and m < 2:
        raise ParameterError.of_value("mode", "multitime", "inverts the MPD: it needs at least 2 ancillas ({ancillas} 2 or more)",
                                      names=("ancillas",))
    names: list[str] = []
    for item in requested:
        if item == "all":
            avail = pool if mode in ("eigenstate", "multitime") else est.available(m) + ("bayes",)
            names += [e for e in avail if e not in names and (e != "bayes" or shots > 0)]
        elif item not in pool:
            raise ParameterError.of_value("estimators", repr(item), f"unknown estimator for {{mode}} {mode}; expected one of "
                                          f"{', '.join(pool)}, all", names=("mode",))
        elif item == "mpd-inverted" and m < 2:
            raise ParameterError.of_value("estimators", "mpd-inverted", "needs at least 2 ancillas, {ancillas} 2 or more "
                                          "(the MPD of one bit is not invertible)", names=("ancillas",))
        elif item == "bayes" and shots == 0:
            raise ParameterError.of_value("estimators", "bayes", "needs {shots} > 0 (it is a posterior over the "
                                          "measured outcomes)", names=("shots",))
        elif item not in names:
            names.append(item)
    return tuple(names)


def resolve_state(model: Model, spec: str, evolution: Evolution | None = None) -> tuple[np.ndarray, str]:
    """`ground`, `eigen:K`, `propagator[:K]`, `hf` (if the model has one) or a bitstring like `0110`.

    `propagator:K` is the eigenvector of the simulated (Trotterized) U closest to H's K-th
    eigenstate: an exact eigenstate of what the circuit applies, so P(j) is exactly P(j|phi).
    """
    spec = spec.strip()
    if spec == "propagator" or spec.startswith("propagator:"):
        try:
            k = int(spec.partition(":")[2] or 0)
            ref = model.eigenstate(k)
        except (ValueError, IndexError):
            raise ParameterError.of_value("state", spec, f"expected propagator:K with 0 <= K < {len(model.spectrum())}") from None
        vals, vecs = np.linalg.eig(evolution.unitary())
        v = vecs[:, int(np.argmax(np.abs(vecs.conj().T @ ref)))]
        return v / np.linalg.norm(v), f"eigenvector {k} of the simulated propagator"
    if spec in ("ground", "exact"):
        return model.eigenstate(0), "ground (exact eigenvector)"
    if spec.startswith("eigen:"):
        try:
            k = int(spec[6:])
            return model.eigenstate(k), f"eigenstate {k} (exact eigenvector)"
        except (ValueError, IndexError):
            raise ParameterError.of_value("state", spec, f"expected eigen:K with 0 <= K < {len(model.spectrum())}") from None
    if spec in model.references:
        return model.references[spec], spec
    if re.fullmatch(r"[01]+", spec):
        if len(spec) != model.n_qubits:
            raise ParameterError.of_value("state", spec, f"expected {model.n_qubits} bits for {model.name}")
        v = np.zeros(2**model.n_qubits, dtype=complex)
        v[int(spec, 2)] = 1.0
        return v, f"basis state |{spec}>"
    extra = "|".join(["ground", "eigen:K", "propagator:K", *model.references, "BITS"])
    raise ParameterError.of_value("state", repr(spec), f"expected {extra}")


def validate(cfg: QpeConfig) -> None:
    if cfg.ancillas < 1 or cfg.ancillas > MAX_ANCILLAS:
        raise ParameterError.of_value("ancillas", cfg.ancillas, f"expected 1 to {MAX_ANCILLAS}")
    if cfg.shots < 0:
        raise ParameterError.of_value("shots", cfg.shots, "expected 0 (exact distribution) or a positive number")
    if cfg.steps < 0:
        raise ParameterError.of_value("steps", cfg.steps, "expected 0 (exact evolution) or more")
    if cfg.order not in (1, 2):
        raise ParameterError.of_value("order", cfg.order, "expected 1 or 2")
    if cfg.time is not None and not (cfg.time > 0 and math.isfinite(cfg.time)):
        raise ParameterError.of_value("time", cfg.time, "expected a positive evolution time")
    if cfg.energy_range is not None:
        lo, hi = cfg.energy_range
        if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
            raise ParameterError.of_value("energy_range", f"{lo}:{hi}", "expected LO:HI with LO < HI")
    if not 1 <= cfg.times <= MAX_TIMES:
        raise ParameterError.of_value("times", cfg.times, f"expected 1 to {MAX_TIMES}")
    if cfg.bound not in BOUNDS:
        raise ParameterError.of_value("bound", repr(cfg.bound), f"expected one of {', '.join(BOUNDS)}")
    if cfg.mode not in MODES:
        raise ParameterError.of_value("mode", repr(cfg.mode), f"expected one of {', '.join(MODES)}")
    noisy = _noise_model(cfg) is not None
    if noisy and cfg.shots == 0:
        raise ParameterError("noise", " needs {shots} > 0 (noisy runs are sampled on qsim trajectories)",
                             names=("shots",))


def _noise_model(cfg: QpeConfig):
    from qtool.sim import parse_noise

    return parse_noise(cfg.noise)


def run(cfg: QpeConfig) -> QpeResult:
    """Run one QPE experiment as configured (see the module docstring)."""
    validate(cfg)
    model = get_model(cfg.model, cfg.params, cfg.mapping)
    names = resolve_estimators(cfg.estimators, cfg.ancillas, cfg.mode, cfg.shots)
    window = window_for(model, cfg.time, cfg.energy_range, bound=cfg.bound)
    evo = Evolution.for_window(model, window, cfg.steps, cfg.order)
    psi, label = resolve_state(model, cfg.state, evo)
    overlaps = np.abs(np.asarray([np.vdot(model.eigenstate(k), psi) for k in range(len(model.spectrum()))])) ** 2
    target = int(np.argmax(np.round(overlaps, 9)))
    warnings = _window_warnings(model, window, cfg.energy_range or energy_bound(model, cfg.bound))
    if overlaps.sum() < 1 - 1e-6:
        warnings.append(f"the input state has weight {1 - overlaps.sum():.3g} outside the {model.sector_label} sector")
    rng = np.random.default_rng(cfg.seed)
    m = cfg.ancillas
    readings: list = []
    probs = counts = None
    bars: dict = {}
    adaptive_settings: list = []
    estimates: dict[str, float] = {}
    if cfg.mode == "textbook":
        probs, counts, stats, n_circ = _textbook(evo, m, psi, cfg, rng)
    elif cfg.mode == "iterative" and names == ("bayes",) and _noise_model(cfg) is None:
        # adaptive bayes alone: no semi-classical histogram to follow branch by branch
        probs = counts = None
        stats, n_circ = _stats(circuits.iterative_round(evo, 2 ** (m - 1), 0.0, psi).circuit), 0
    elif cfg.mode == "iterative":
        probs, counts, stats, n_circ = _iterative(evo, m, psi, cfg, rng)
    elif cfg.mode == "multitime":
        if overlaps.max() < 1 - 1e-6:
            warnings.append("multitime mode assumes an eigenstate input; this state is a superposition")
        probs, counts, readings, stats, n_circ, estimates, bars = _multitime(evo, m, psi, cfg, rng, names)
    else:
        if overlaps.max() < 1 - 1e-6:
            warnings.append("eigenstate mode assumes an eigenstate input; this state is a superposition")
        readings, stats, n_circ, rpe_readings, schedule = _eigenstate(evo, m, psi, cfg, rng, names)
        estimates, bars = _eigenstate_estimates(names, readings, rpe_readings, schedule, cfg, rng)
    if cfg.mode not in ("eigenstate", "multitime"):
        hist = counts if counts is not None else probs
        hist_names = [e for e in names if e != "bayes"]
        estimates = _estimate_all(hist_names, hist, m, warnings) if hist_names else {}
        cost = cfg.shots * (2**m - 1)
        for name in hist_names:
            std, method = errorbars.histogram_bar(name, hist, cfg.shots, estimates[name], rng)
            bars[name] = {"std": std, "shots": cfg.shots, "u_applications": cost, "method": method}
        noisy = _noise_model(cfg) is not None
        if "ml" in hist_names and noisy:  # the noise-aware likelihood: eigenphase kernels + uniform
            estimates["ml"], std, method = noise_aware_ml(hist)
            bars["ml"] = {"std": std, "shots": cfg.shots, "u_applications": cost, "method": method}
        if "bayes" in names and cfg.mode == "textbook":
            post, f, offset = _dithered_bayes(evo, m, psi, cfg, probs, rng, noisy)
            estimates["bayes"] = post.mean()
            bars["bayes"] = _posterior_bar(post, cfg.shots, cost, _mixture_method(f, offset, noisy))
            if len(f.phases) > 1:
                warnings.append(f"bayes: the outcomes hold {len(f.phases)} eigenphases (weights "
                                + ", ".join(f"{w:.2f}" for w in f.weights[:len(f.phases)])
                                + "); the estimate is the lowest (the ground energy)")
        elif "bayes" in names:
            run_, repeats = _adaptive_bayes(evo, m, psi, cfg, rng, warnings)
            adaptive_settings = [s for r in repeats for s in r.settings]
            estimates["bayes"] = run_.posterior.mean()
            bars["bayes"] = _posterior_bar(run_.posterior, sum(r.shots for r in repeats),
                                           int(sum((s[2] + s[3]) * s[0] for s in adaptive_settings)),
                                           f"adaptive grid posterior, {len(repeats)} repeats of "
                                           f"{len(repeats[0].settings)} settings, lowest cluster of "
                                           f"{len(run_.settings) // max(1, len(repeats[0].settings))}, "
                                           f"powers up to {max(r.max_power for r in repeats)}"
                                           + (f", noise decay marginalised over {len(run_.gammas)} values"
                                              if len(run_.gammas) > 1 else ""))
            n_circ += len(adaptive_settings)
    deepest = stats.pop("circuit_object")
    return QpeResult(cfg, model, window, label, overlaps, target, _trotter_energy(evo, window, model, target),
                     probs, counts, estimates, stats, n_circ, readings, warnings, bars, adaptive_settings,
                     deepest, input_as_initial_state=circuits.enters_as_initial_state(psi))


def noise_aware_ml(hist) -> tuple[float, float, str]:
    """ML under noise: the lowest eigenphase of a mixture of eigenphase kernels + a uniform
    background fitted to the histogram; (phase, profile-likelihood std, method)."""
    stages = [mixture.Stage(np.asarray(hist, dtype=float))]
    f = mixture.fit(stages, background=True)
    prof = mixture.ground_posterior(stages, f)
    return (float(f.phases[f.ground]), prof.std(),
            f"profile likelihood of the lowest of {len(f.phases)} eigenphases "
            f"+ uniform background (weight {f.weights[-1]:.2f})")


def _stats(circuit) -> dict:
    """circuits.stats plus the circuit itself under "circuit_object" (popped by run: the cost
    report compiles the deepest circuit)."""
    return {**circuits.stats(circuit), "circuit_object": circuit}


DITHER_FIRST = 0.25  # textbook bayes: the share of the shots taken before the dither offset is chosen


def _dithered_bayes(evo, m, psi, cfg, probs, rng, noisy: bool, sampler=None):
    """Textbook Bayes in two stages (``mixture``): DITHER_FIRST of the shots at the window's
    own phase, then the rest with the phase offset that puts the first stage's lowest
    eigenphase mid-bin (a shift of the window centre: only the ancillas' Z rotations change).
    Both histograms are fitted as one mixture of eigenphases (+ a uniform background under
    noise); the posterior is that of the lowest. Returns (posterior, fit, offset).
    `sampler(evolution, shots)`, when given, draws the histograms instead of qsim (the study's
    shot ladders: exact distributions computed once per evolution)."""
    n = 2**m
    if sampler is None:
        def sampler(e, shots):
            return _textbook_counts(e, m, psi, cfg, rng, shots, probs if e is evo else None)
    first = max(1, int(round(cfg.shots * DITHER_FIRST)))
    if cfg.shots - first < 1:
        first = cfg.shots
    stages = [mixture.Stage(sampler(evo, first), 0.0)]
    f = mixture.fit(stages, background=noisy)
    offset = 0.0
    if cfg.shots > first:
        offset = mixture.dither_offset(f.phases[f.ground], n)
        shifted = Evolution(evo.model, evo.time, evo.center - 2 * math.pi * offset / evo.time, evo.steps, evo.order)
        stages.append(mixture.Stage(sampler(shifted, cfg.shots - first), offset))
        f = mixture.fit(stages, background=noisy)
    return mixture.ground_posterior(stages, f), f, offset


def _textbook_counts(evo, m, psi, cfg, rng, shots: int, probs=None) -> np.ndarray:
    """A histogram of `shots` textbook runs (drawn from `probs` when given and noiseless)."""
    noise = _noise_model(cfg)
    qc = circuits.textbook(evo, m, psi)
    if noise is not None:
        return sample_noisy(circuits.with_measurement(qc, "j"), qc.qubits, "j", shots,
                            int(rng.integers(2**31)), noise).astype(float)
    if probs is None:
        probs = _marginal(state_vector(qc.circuit, qc.qubits, initial=qc.initial_state()), m)
    return est.sample_counts(probs, shots, rng).astype(float)


def _mixture_method(f, offset: float, noisy: bool) -> str:
    parts = [f"grid posterior of the lowest of {len(f.phases)} eigenphase(s), flat prior",
             f"2 stages dithered by {offset:.4f} turns" if offset else "1 stage"]
    if noisy:
        parts.append(f"uniform background (noise) weight {f.weights[-1]:.3f}")
    return "; ".join(parts)


def _posterior_bar(post, shots: int, cost: int, method: str) -> dict:
    return {"std": post.std(), "interval": post.interval(BAYES_LEVEL), "level": BAYES_LEVEL,
            "shots": shots, "u_applications": cost, "method": method}


def noise_decay(evo, cfg) -> float:
    """Visibility decay gamma per application of U under cfg.noise, from the gate count: the
    noise acts on every qubit after every moment, so one controlled U is L = moments x qubits
    channel locations, each shrinking the ancilla's coherence by about 1 - 4p/3 (depolarising;
    1 - 2p for flips and damping) when it hits: gamma = L * -log(1 - 4p/3). 0 without noise."""
    noise = _noise_model(cfg)
    if noise is None:
        return 0.0
    gate = getattr(noise, "qubit_noise_gate", None)
    p = float(getattr(gate, "p", getattr(gate, "gamma", 0.0)) or 0.0)
    per = -math.log(max(1e-12, 1 - (4 * p / 3 if "depolariz" in type(gate).__name__.lower() else 2 * p)))
    qc = circuits.iterative_round(evo, 1, 0.0, np.eye(2**evo.model.n_qubits)[:, 0], readout=False)
    import cirq

    body = cirq.Circuit(evo.controlled_power(qc.ancillas[0], qc.system, 1))
    return per * len(body) * (evo.model.n_qubits + 1)


def _adaptive_bayes(evo, m, psi, cfg, rng, warnings, noisy_p0=None):
    """Adaptive Bayesian PE on one ancilla, powers up to 2**(m-1) (the deepest circuit of the
    semi-classical QFT), repeated cfg.adaptive_repeats times with the shots shared out.

    Within a repeat the system register is kept across rounds; the ancilla measurements
    commute with the eigenbasis of the simulated U, so that is the same as the register
    collapsing first onto one of its eigenvectors (drawn with probability |<v|psi>|^2), which is
    then the input of every round's circuit. Each repeat prepares the input afresh, so with a
    superposition input (Hartree-Fock) the repeats land on different eigenvectors; the lowest
    cluster of repeat estimates (``bayes.lowest_cluster``) is the ground state, and its
    repeats' settings are combined into one posterior. Each setting's P(0) comes from qsim (or
    its counts from noisy trajectories); with noise the likelihood is marginalised over the
    visibility decay (``noise_decay``, ``bayes.decay_grid``). `noisy_p0(state)`, when given,
    returns the exact noisy P(0 | k, beta) for an input state, drawn from binomially instead of
    running trajectories (the study's shot ladders)."""
    from scipy.linalg import schur

    t, z = schur(evo.unitary(), output="complex")
    weights = np.abs(z.conj().T @ psi) ** 2
    weights = weights / weights.sum()
    ground = int(np.argmax(np.abs(z.conj().T @ evo.model.eigenstate(0))))
    noise = _noise_model(cfg)
    repeats = max(1, min(cfg.adaptive_repeats, cfg.shots))
    per_repeat = [cfg.shots // repeats + (i < cfg.shots % repeats) for i in range(repeats)]
    batch = max(1, -(-cfg.shots // cfg.adaptive_settings))
    gammas = bayes.decay_grid(noise_decay(evo, cfg))
    cache: dict = {}
    runs, picks = [], []
    for shots in per_repeat:
        pick = int(rng.choice(len(weights), p=weights))
        state = z[:, pick]

        def prob0(k: int, beta: float, pick=pick) -> float:
            # the ancilla's coherence after controlled U^k on the eigenvector z[:, pick] of the
            # simulated U (t[pick, pick] its eigenvalue): rho_01 = conj(lambda^k) / 2, the value
            # the qsim round gives (tests/qpe check evo.unitary() against the circuits)
            if (pick, k) not in cache:
                cache[pick, k] = complex(0.5 * np.conj(t[pick, pick] ** k))
            return float(0.5 + (cache[pick, k] * np.exp(2j * math.pi * beta)).real)

        def noisy(k: int, beta: float, n: int, state=state) -> int:
            qc = circuits.iterative_round(evo, k, beta, state)
            counts = sample_noisy(circuits.with_measurement(qc, "a"), qc.qubits, "a", n,
                                  int(rng.integers(2**31)), noise)
            return int(counts[0])

        if noise is None:
            measure = bayes.binomial_measure(prob0, rng)
        elif noisy_p0 is not None:
            measure = bayes.binomial_measure(noisy_p0(state), rng)
        else:
            measure = noisy
        runs.append(bayes.adaptive(measure, 2 ** (m - 1), shots, min(batch, shots), gammas))
        picks.append(pick)
    lowest, groups = bayes.lowest_cluster(runs)
    lowest_ids = {id(r) for r in lowest}
    settings = [s for r in lowest for s in r.settings]
    post = bayes.hadamard_posterior(settings, gammas)
    combined = bayes.AdaptiveRun(post, settings, gammas)
    if len(groups) > 1:
        at_ground = sum(p == ground for p in picks)
        found = [f"{len(g)} at E = {float(evo_window_energy(evo, np.mean([r.posterior.mean() for r in g]))):.6f}"
                 for g in groups]
        warnings.append(f"bayes (iterative): {repeats} repeats fell into {len(groups)} clusters ({'; '.join(found)}); "
                        f"the lowest ({len(lowest)} repeats) is the estimate"
                        + ("" if any(p == ground for p, r in zip(picks, runs) if id(r) in lowest_ids)
                           else f" -- NOT the ground state ({at_ground} repeats reached it)"))
    return combined, runs


def evo_window_energy(evo, phase):
    """The energy of an eigenphase of `evo`'s U (the inverse of the window that made it)."""
    return PhaseWindow(center=evo.center, time=evo.time).energy(phase)


def _estimate_all(names, hist, m: int, warnings: list) -> dict[str, float]:
    """Apply each estimator to the histogram; append warnings where an estimator is unreliable."""
    if "ml" in names and m == 1:
        warnings.append("with one ancilla, phases phi and 1 - phi give the same distribution: "
                        "ml reports the one in [0, 1/2]")
    resultant = est.mpd_resultant(hist)
    if {"mpd", "mpd-inverted"} & set(names) and resultant < 0.5:
        warnings.append(f"the outcome distribution is spread (MPD resultant {resultant:.2f}): the input is "
                        "far from an eigenstate and the MPD estimators are not meaningful")
    return {name: est.estimate(name, hist) for name in names}


def _window_warnings(model: Model, window: PhaseWindow, energy_range) -> list[str]:
    lo, hi = energy_range or (model.identity_coefficient - model.one_norm,
                              model.identity_coefficient + model.one_norm)
    out = []
    if window.aliases(lo, hi):
        out.append(f"the evolution time {window.time:g} maps energies in [{lo:g}, {hi:g}] onto more than "
                   "one phase period: they may alias")
    half = math.pi / window.time
    spectrum = model.spectrum()
    if spectrum.min() < window.center - half or spectrum.max() >= window.center + half:
        out.append(f"exact energies outside the window [{window.center - half:g}, {window.center + half:g}) "
                   "alias to wrong values")
    return out


def _trotter_energy(evo: Evolution, window: PhaseWindow, model: Model, target: int) -> float:
    """The energy of the Trotterized U's eigenvector overlapping most with the target eigenstate."""
    vals, vecs = np.linalg.eig(evo.unitary())
    k = int(np.argmax(np.abs(vecs.conj().T @ model.eigenstate(target))))
    return float(window.energy(np.angle(vals[k]) / (2 * math.pi)))


def _marginal(psi: np.ndarray, n_anc: int) -> np.ndarray:
    return (np.abs(psi.reshape(2**n_anc, -1)) ** 2).sum(axis=1)


def _textbook(evo, m, psi, cfg, rng):
    qc = circuits.textbook(evo, m, psi)
    stats = _stats(qc.circuit)
    noise = _noise_model(cfg)
    if noise is not None:
        counts = sample_noisy(circuits.with_measurement(qc, "j"), qc.qubits, "j", cfg.shots, cfg.seed, noise)
        return None, counts, stats, 1
    probs = _marginal(state_vector(qc.circuit, qc.qubits, initial=qc.initial_state()), m)
    probs = probs / probs.sum()
    counts = est.sample_counts(probs, cfg.shots, rng) if cfg.shots else None
    return probs, counts, stats, 1


def _iterative(evo, m, psi, cfg, rng):
    """Follow every branch of the measurement tree: P(j) exactly, with one ancilla. With noise,
    sample the semi-classical circuit shot by shot on qsim trajectories instead."""
    noise = _noise_model(cfg)
    if noise is not None:
        counts = _semiclassical_counts(evo, m, psi, cfg.shots, int(rng.integers(2**31)), noise)
        deepest = circuits.iterative_round(evo, 2 ** (m - 1), 0.0, psi)
        return None, counts, _stats(deepest.circuit), 1
    probs = np.zeros(2**m)
    runs = 0

    def branch(k: int, system: np.ndarray, known: list[int], weight: float) -> None:
        nonlocal runs
        # known[i] is bit b_{k+1+i}; correction = sum_i b_{k+1+i} / 2**(i+2)
        correction = sum(b / 2 ** (i + 2) for i, b in enumerate(known))
        qc = circuits.iterative_round(evo, 2**k, correction, system)
        out = state_vector(qc.circuit, qc.qubits, initial=qc.initial_state()).reshape(2, -1)
        runs += 1
        for b in (0, 1):
            p = float(np.vdot(out[b], out[b]).real)
            if p * weight < 1e-12:
                continue
            bits = [b] + known
            if k == 0:
                probs[int("".join(map(str, bits)), 2)] += weight * p
            else:
                branch(k - 1, out[b] / math.sqrt(p), bits, weight * p)

    branch(m - 1, psi, [], 1.0)
    probs /= probs.sum()
    counts = est.sample_counts(probs, cfg.shots, rng) if cfg.shots else None
    deepest = circuits.iterative_round(evo, 2 ** (m - 1), 0.0, psi)
    return probs, counts, _stats(deepest.circuit), runs


def _semiclassical_counts(evo, m, psi, shots: int, seed: int, noise) -> np.ndarray:
    """Counts of j from `shots` runs of the semi-classical circuit, noise on the live qubits.

    `noise` is qtool.sim's model (one channel on every qubit after every moment); its channel is
    applied inside the circuit so that measured records stay classical."""
    from qtool.sim import SimOptions, sample

    channel = getattr(noise, "qubit_noise_gate", None)
    circuit, keys, qubits = circuits.semiclassical(evo, m, psi, channel)
    samples = sample(circuit, shots, SimOptions(seed=seed), keys=keys, qubits=qubits)
    counts = np.zeros(2**m, dtype=np.int64)
    for bits, c in samples.counts.items():
        counts[int(bits, 2)] += c
    return counts


def _eigenstate(evo, m, psi, cfg, rng, names=("kitaev",)):
    """Per-power X and Y readings (cfg.shots each), and RPE's readings when asked for: the same
    circuits with Kimmel-Low-Yoder's decreasing shot schedule and the same total budget."""
    noise = _noise_model(cfg)
    deepest = None
    runs = 0
    schedule = errorbars.rpe_schedule(m, 2 * m * cfg.shots) if ("rpe" in names and cfg.shots) else None

    def reading(k: int, shots: int) -> dict:
        nonlocal deepest, runs
        p0 = {}
        for basis in ("X", "Y"):
            qc = circuits.eigenstate_circuit(evo, 2**k, basis, psi)
            deepest = qc
            if noise is not None:
                runs += 1
                counts = sample_noisy(circuits.with_measurement(qc, "a"), qc.qubits, "a",
                                      shots, int(rng.integers(2**31)), noise)
                p0[basis] = float(counts[0] / shots)
            else:
                key = (k, basis)
                if key not in exact:  # the same circuit is simulated once for kitaev and rpe
                    runs += 1
                    exact[key] = float(_marginal(state_vector(qc.circuit, qc.qubits, initial=qc.initial_state()), 1)[0])
                p0[basis] = float(rng.binomial(shots, exact[key]) / shots) if shots else exact[key]
        angle = (math.atan2(2 * p0["Y"] - 1, 2 * p0["X"] - 1) / (2 * math.pi)) % 1.0
        return {"power": 2**k, "p0_x": p0["X"], "p0_y": p0["Y"], "angle": angle, "shots": shots}

    exact: dict = {}
    readings = [reading(k, cfg.shots) for k in range(m)] if ({"kitaev", "bayes"} & set(names)) or not schedule else []
    rpe_readings = [reading(k, schedule[k]) for k in range(m)] if schedule else []
    return readings, _stats(deepest.circuit), runs, rpe_readings, schedule


def _multitime(evo, m, psi, cfg, rng, names):
    """Textbook QPE of U, U**2, ..., U**(2**(L-1)) (cfg.shots each, m ancillas); the first
    time's distribution is the result's histogram, every time's inverted MPD a reading."""
    noise = _noise_model(cfg)
    hists, probs_list, readings = [], [], []
    stats = None
    for level in range(cfg.times):
        qc = circuits.textbook(evo, m, psi, base_power=2**level)
        stats = _stats(qc.circuit)
        if noise is not None:
            counts = sample_noisy(circuits.with_measurement(qc, "j"), qc.qubits, "j", cfg.shots,
                                  int(rng.integers(2**31)), noise)
            probs = None
        else:
            probs = _marginal(state_vector(qc.circuit, qc.qubits, initial=qc.initial_state()), m)
            probs = probs / probs.sum()
            counts = est.sample_counts(probs, cfg.shots, rng) if cfg.shots else None
        hist = counts if counts is not None else probs
        hists.append(hist)
        probs_list.append(probs)
        readings.append({"power": 2**level, "angle": float(est.mpd_inverted(np.asarray(hist, dtype=float))),
                         "mpd_resultant": float(est.mpd_resultant(hist))})
    estimates, bars = {}, {}
    shots = cfg.shots * cfg.times
    cost = cfg.shots * (2**m - 1) * (2**cfg.times - 1)
    if "mpd-inverted" in names:
        estimates["mpd-inverted"] = est.multitime_mpd(hists)
        std, method = errorbars.multitime_bar(hists, cfg.shots, estimates["mpd-inverted"], est.multitime_mpd, rng)
        bars["mpd-inverted"] = {"std": std, "shots": shots, "u_applications": cost,
                                "method": f"{method}; {cfg.times} times combined coarse to fine"}
    if "bayes" in names:
        post = bayes.multitime_posterior(hists)
        estimates["bayes"] = post.mean()
        bars["bayes"] = _posterior_bar(post, shots, cost, f"grid posterior over {cfg.times} times")
    return (probs_list[0], hists[0] if cfg.shots else None, readings, stats, cfg.times, estimates, bars)


def _eigenstate_estimates(names, readings, rpe_readings, schedule, cfg, rng):
    estimates, bars = {}, {}
    if "kitaev" in names:
        estimates["kitaev"] = est.kitaev([r["angle"] for r in readings])
        std, method = errorbars.readings_bar(readings, cfg.shots, estimates["kitaev"], rng)
        bars["kitaev"] = {"std": std, "shots": 2 * cfg.shots * len(readings),
                          "u_applications": 2 * cfg.shots * sum(r["power"] for r in readings), "method": method}
    if "rpe" in names:
        if schedule is None:  # shots = 0: the exact readings, combined by RPE's rule
            rpe_readings, schedule = readings, [0] * len(readings)
        estimates["rpe"] = est.kitaev([r["angle"] for r in rpe_readings])
        std, method = errorbars.readings_bar(rpe_readings, schedule, estimates["rpe"], rng)
        bars["rpe"] = {"std": std, "shots": 2 * sum(schedule),
                       "u_applications": 2 * sum(s * r["power"] for s, r in zip(schedule, rpe_readings)),
                       "method": f"{method}; shots per power {schedule} (Kimmel-Low-Yoder)"}
    if "bayes" in names:
        post = bayes.hadamard_posterior(bayes.eigenstate_settings(readings, cfg.shots))
        estimates["bayes"] = post.mean()
        bars["bayes"] = _posterior_bar(post, 2 * cfg.shots * len(readings),
                                       2 * cfg.shots * sum(r["power"] for r in readings),
                                       "grid posterior over the X and Y readings")
    return estimates, bars


def to_json(result: QpeResult) -> dict:
    """The `qtool.qpe/1` document."""
    cfg = result.config
    model = result.model
    doc = {
        "schema": SCHEMA,
        "model": {"name": model.name, "params": model.params, "qubits": model.n_qubits,
                  "sector": model.sector_label, "spectrum": model.spectrum().tolist(),
                  **({"molecule": model.info} if model.info else {})},
        "config": {k: v for k, v in asdict(cfg).items() if k not in ("model", "params")},
        "window": {"center": result.window.center, "time": result.window.time,
                   "energy_per_phase": result.window.energy_per_phase},
        "state": {"label": result.state_label, "overlaps": result.overlaps.tolist(), "target": result.target},
        "exact_energy": result.exact_energy,
        "exact_phase": result.exact_phase,
        "trotter_energy": result.trotter_energy,
        "estimates": result.rows(),
        "circuit": {**result.circuit, "circuits_run": result.circuits_run},
        "outcomes": None,
        "readings": result.readings,
        "warnings": result.warnings,
    }
    if result.cost is not None:
        doc["cost"] = result.cost
    if result.probabilities is not None or result.counts is not None:
        doc["outcomes"] = {
            "bit_order": "ancilla 0 is the leftmost (most significant) bit of j; phase = j / 2**ancillas",
            "probabilities": None if result.probabilities is None else result.probabilities.tolist(),
            "counts": None if result.counts is None else result.counts.tolist(),
        }
    return doc
