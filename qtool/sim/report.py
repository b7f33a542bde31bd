"""`qtool simulate` as a Python function: a parsed program in, a JSON-ready report out.

The CLI only parses options and renders this report, so the same results are available
from Python and are tested here rather than through the terminal.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from qtool.errors import QtoolError
from qtool.qasm.reader import Program
from qtool.sim import engine
from qtool.sim.noise import parse_noise
from qtool.sim.options import SimOptions

SCHEMA = "qtool.simulate/1"


class NoiseNeedsCountsError(QtoolError):
    """Noise was asked for together with exact probabilities or amplitudes."""

BIT_ORDER = "the first listed bit (qubit or classical bit) is the leftmost character"
DEFAULT_TOP = 1024  # outcomes listed when a state has more; --top 0 lists them all
PROB_EPS = 1e-12
TIE_RTOL = 1e-5  # probabilities this close are ties: qsim computes in single precision


@dataclass
class SimulationReport:
    source: str
    mode: str  # "counts" | "probabilities" | "state" | "expectation" (the values alone)
    engine: str
    qubits: list[str]
    bits: list[str]  # what each bitstring character is: qubit names or classical bits
    shots: int | None = None
    seed: int | None = None
    noise: str | None = None
    counts: dict[str, int] = field(default_factory=dict)
    probabilities: dict[str, float] = field(default_factory=dict)
    amplitudes: dict[str, complex] = field(default_factory=dict)
    # (observable, Estimate): exact (stderr None), or a trajectory average with its stderr
    expectations: list[tuple[str, engine.Estimate]] = field(default_factory=list)
    truncated: bool = False
    listed_probability: float = 1.0
    unlisted: int = 0  # outcomes with probability > PROB_EPS left out of the listing
    engine_reason: str | None = None  # why this engine ran (auto's choice)
    detectors: dict | None = None  # a stim file's detection-event summary (counts: observables)

    def to_json(self) -> dict:
        doc = {
            "schema": SCHEMA, "source": self.source, "mode": self.mode, "engine": self.engine,
            "qubits": self.qubits, "bits": self.bits, "bit_order": BIT_ORDER,
            "shots": self.shots, "seed": self.seed, "noise": self.noise,
        }
        if self.engine_reason is not None:
            doc["engine_reason"] = self.engine_reason
        if self.detectors is not None:
            doc["detectors"] = self.detectors
        if self.mode == "counts":
            doc["counts"] = self.counts
        elif self.mode == "probabilities":
            doc["probabilities"] = self.probabilities
        elif self.mode == "state":
            doc["amplitudes"] = {k: {"re": float(v.real), "im": float(v.imag)}
                                 for k, v in self.amplitudes.items()}
        if self.mode in ("probabilities", "state"):
            doc["truncated"] = self.truncated
            doc["listed_probability"] = self.listed_probability
            doc["unlisted_outcomes"] = self.unlisted
            doc["unlisted_probability"] = max(0.0, 1.0 - self.listed_probability)
            doc["order"] = "likeliest first, ties by bitstring"
        if self.expectations:
            doc["expectations"] = [
                {"observable": o, "value": e.value, "stderr": e.stderr,
                 "trajectories": e.trajectories} for o, e in self.expectations]
        return doc


def _top_indices(weights: np.ndarray, top: int | None) -> np.ndarray:
    """Indices of the `top` largest weights above PROB_EPS, likeliest first; ties (weights
    equal within TIE_RTOL, qsim's single precision) by index, i.e. bitstring order.

    The top-th largest weight comes from a partition block by block (an argpartition of
    the whole array would allocate 8 bytes per amplitude); then the weights above it, and
    those tied with it in bitstring order, so the kept set does not depend on partition order.
    """
    if top and len(weights) > top:
        best = np.empty(0, dtype=weights.dtype)
        for start in range(0, len(weights), engine.CHUNK):
            block = weights[start:start + engine.CHUNK]
            keep = block if len(block) <= top else np.partition(block, -top)[-top:]
            best = np.concatenate([best, keep])
            if len(best) > 4 * top:
                best = np.partition(best, -top)[-top:]
        kth = float(np.partition(best, -top)[-top])
        tol = TIE_RTOL * kth
        above = np.flatnonzero(weights > kth + tol)
        band = _first_in_band(weights, kth - tol, kth + tol, top - len(above))
        pick = np.concatenate([above, band])
        pick = pick[weights[pick] > PROB_EPS]
    else:
        pick = np.flatnonzero(weights > PROB_EPS)
    order = pick[np.lexsort((pick, -weights[pick]))]
    return _ties_by_index(order, weights)


def _first_in_band(weights: np.ndarray, low: float, high: float, count: int) -> np.ndarray:
    """The first `count` indices with low <= weight <= high, scanning block by block (a
    uniform distribution would otherwise make a 2^n index array)."""
    found, need = [], count
    for start in range(0, len(weights), engine.CHUNK):
        if need <= 0:
            break
        block = weights[start:start + engine.CHUNK]
        hits = np.flatnonzero((block >= low) & (block <= high))[:need] + start
        found.append(hits)
        need -= len(hits)
    return np.concatenate(found) if found else np.empty(0, dtype=np.int64)


def _count_above(weights: np.ndarray, floor: float) -> int:
    return sum(int(np.count_nonzero(weights[i:i + engine.CHUNK] > floor))
               for i in range(0, len(weights), engine.CHUNK))


def _ties_by_index(order: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Within runs of weights equal up to TIE_RTOL, put the indices in increasing order."""
    out, start = order.copy(), 0
    values = weights[order].astype(np.float64)
    for i in range(1, len(order) + 1):
        if i == len(order) or values[start] - values[i] > TIE_RTOL * values[start]:
            out[start:i] = np.sort(order[start:i])
            start = i
    return out


def list_outcomes(report: SimulationReport, state: np.ndarray, top: int | None, n: int,
                  probs: np.ndarray | None = None) -> None:
    """Fill the report's probabilities or amplitudes from a final state, likeliest first
    (`probs`: the state's probabilities when the engine knows them exactly)."""
    if probs is None:
        probs = engine.probabilities_of(state)  # the engine's state, renormalised: float32
    idx = _top_indices(probs, top or None)
    report.unlisted = _count_above(probs, PROB_EPS) - len(idx)
    report.truncated = report.unlisted > 0
    report.listed_probability = float(probs[idx].sum(dtype=np.float64))
    fmt = f"0{n}b"
    if report.mode == "probabilities":
        report.probabilities = {format(int(i), fmt): float(probs[i]) for i in idx}
    else:
        report.amplitudes = {format(int(i), fmt): complex(state[i]) for i in idx}
    del probs  # before the expectations' working copy: the peak stays at two arrays


def simulate_program(program: Program, source: str = "<string>", *, mode: str | None = None,
                     shots: int | None = None, top: int | None = DEFAULT_TOP,
                     observables: list[str] | None = None, options: SimOptions = SimOptions(),
                     noise: str | None = None, engine_name: str = "qsim") -> SimulationReport:
    """Simulate a parsed program on qsim, stim or cirq (`engine_name`: qtool.sim.engines).

    mode None picks counts when the circuit measures (or shots/noise are given), else the
    probability distribution. mode "expectation" computes the `observables` alone: no
    outcome listing, which on a 20-qubit state costs a third of qsim's own time per point
    (what a sweep of expectation values wants). `top` caps listed outcomes (None or 0: all).
    """
    from qtool.sim import engines

    qubits = program.qubits
    names = [str(q) for q in qubits]
    noise_model = parse_noise(noise)
    if top is not None and top < 0:
        raise QtoolError(f"top must be 0 (all) or positive, not {top}")
    if shots is not None and shots < 1:
        raise QtoolError(f"shots must be at least 1, not {shots}")
    if mode == "expectation" and not observables:
        raise QtoolError("mode 'expectation' needs at least one observable")
    if mode is None:
        mode = "counts" if (engines.measures(program) or shots is not None or noise_model) \
            else "probabilities"
    if noise_model is not None and mode not in ("counts", "expectation"):
        raise NoiseNeedsCountsError("noise runs trajectories: it samples counts and cannot "
                                    "give exact probabilities or amplitudes")
    report = SimulationReport(source, mode, engine.ENGINE_QSIM, names, names,
                              seed=options.seed, noise=noise)
    choice = engines.choose(program, engine_name, mode, noise_model, observables)
    if engine_name != "qsim":
        report.engine_reason = choice.reason
    if choice.engine == "stim":
        from qtool.sim.stim_report import simulate_on_stim

        return simulate_on_stim(program, report, choice.form, shots, top, observables, options)
    if choice.engine == "cirq":
        from qtool.sim.stim_report import simulate_on_cirq

        return simulate_on_cirq(program, report, shots, top, observables, options, noise_model)
    circuit = program.circuit
    n = len(qubits)
    state = None
    if mode == "counts":
        keys = program.clbits if circuit.has_measurements() else None
        samples = engine.sample(circuit, shots or 1024, options, keys=keys, noise=noise_model,
                                qubits=qubits)
        report.counts, report.shots, report.engine = samples.counts, samples.shots, samples.engine
        if keys is not None:
            report.bits = list(keys)
    elif mode != "expectation":
        state = engine.final_state(circuit, options, qubits)
        list_outcomes(report, state, top, n)
    if not observables:
        return report
    reason = engine.no_final_state_reason(circuit)
    if noise_model is not None or reason in ("a reset", "a mid-circuit measurement"):
        estimates = engine.estimate_expectations(circuit, observables, shots or 1024, options,
                                                 qubits, noise=noise_model)
        report.expectations = list(zip(observables, estimates))
        return report
    if state is None:
        state = engine.final_state(circuit, options, qubits)
    for obs in observables:
        value = engine.expectation(circuit, obs, options, qubits, state)
        report.expectations.append((obs, engine.Estimate(value)))
    return report
