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
BIT_ORDER = "the first listed bit (qubit or classical bit) is the leftmost character"
DEFAULT_TOP = 1024  # outcomes listed when a state has more; --top 0 lists them all
PROB_EPS = 1e-12


@dataclass
class SimulationReport:
    source: str
    mode: str  # "counts" | "probabilities" | "state"
    engine: str
    qubits: list[str]
    bits: list[str]  # what each bitstring character is: qubit names or classical bits
    shots: int | None = None
    seed: int | None = None
    noise: str | None = None
    counts: dict[str, int] = field(default_factory=dict)
    probabilities: dict[str, float] = field(default_factory=dict)
    amplitudes: dict[str, complex] = field(default_factory=dict)
    expectations: list[tuple[str, float]] = field(default_factory=list)
    truncated: bool = False
    listed_probability: float = 1.0

    def to_json(self) -> dict:
        doc = {
            "schema": SCHEMA, "source": self.source, "mode": self.mode, "engine": self.engine,
            "qubits": self.qubits, "bits": self.bits, "bit_order": BIT_ORDER,
            "shots": self.shots, "seed": self.seed, "noise": self.noise,
        }
        if self.mode == "counts":
            doc["counts"] = self.counts
        elif self.mode == "probabilities":
            doc["probabilities"] = self.probabilities
        elif self.mode == "state":
            doc["amplitudes"] = {k: {"re": float(v.real), "im": float(v.imag)}
                                 for k, v in self.amplitudes.items()}
        if self.mode != "counts":
            doc["truncated"] = self.truncated
            doc["listed_probability"] = self.listed_probability
        if self.expectations:
            doc["expectations"] = [{"observable": o, "value": v} for o, v in self.expectations]
        return doc


def _top_indices(weights: np.ndarray, top: int | None) -> np.ndarray:
    """Indices of the `top` largest weights above PROB_EPS, in bitstring order.

    One O(2^n) partition over the weights themselves: at 24 qubits, filtering to the
    nonzero indices first would allocate and partition a 128 MiB index array.
    """
    if top and len(weights) > top:
        pick = np.argpartition(weights, -top)[-top:]
        pick = pick[weights[pick] > PROB_EPS]
        return np.sort(pick)
    return np.flatnonzero(weights > PROB_EPS)


def simulate_program(program: Program, source: str = "<string>", *, mode: str | None = None,
                     shots: int | None = None, top: int | None = DEFAULT_TOP,
                     observables: list[str] | None = None, options: SimOptions = SimOptions(),
                     noise: str | None = None) -> SimulationReport:
    """Simulate a parsed program on qsim.

    mode None picks counts when the circuit measures (or shots/noise are given), else the
    probability distribution. `top` caps listed outcomes (None or 0: all).
    """
    circuit, qubits = program.circuit, program.qubits
    names = [str(q) for q in qubits]
    noise_model = parse_noise(noise)
    if top is not None and top < 0:
        raise QtoolError(f"--top must be positive, not {top}")
    if shots is not None and shots < 1:
        raise QtoolError(f"--shots must be at least 1, not {shots}")
    if mode is None:
        mode = "counts" if (circuit.has_measurements() or shots is not None or noise_model) \
            else "probabilities"
    if noise_model is not None and mode != "counts":
        raise QtoolError("--noise runs trajectories: it samples counts and cannot give exact "
                         "--probs or --state")
    report = SimulationReport(source, mode, engine.ENGINE_QSIM, names, names,
                              seed=options.seed, noise=noise)
    n = len(qubits)
    state = None
    if mode == "counts":
        keys = program.clbits if circuit.has_measurements() else None
        samples = engine.sample(circuit, shots or 1024, options, keys=keys, noise=noise_model,
                                qubits=qubits)
        report.counts, report.shots, report.engine = samples.counts, samples.shots, samples.engine
        if keys is not None:
            report.bits = list(keys)
    else:
        state = engine.final_state(circuit, options, qubits)
        probs = np.abs(state) ** 2  # qsim keeps the state normalised (to float32 precision)
        idx = _top_indices(probs, top or None)
        report.truncated = bool(top) and len(probs) > len(idx) and \
            np.count_nonzero(probs > PROB_EPS) > len(idx)
        report.listed_probability = float(probs[idx].sum())
        fmt = f"0{n}b"
        if mode == "probabilities":
            report.probabilities = {format(int(i), fmt): float(probs[i]) for i in idx}
        else:
            report.amplitudes = {format(int(i), fmt): complex(state[i]) for i in idx}
    if observables and state is None:
        state = engine.final_state(circuit, options, qubits)
    for obs in observables or []:
        report.expectations.append((obs, engine.expectation(circuit, obs, options, qubits, state)))
    return report
