"""The state at a column of the editor's grid, and everything the displays show about it.

Quirk's inline displays: the state *after* column `column` (the prefix of the circuit up to
and including it). Measurements at the end of a qubit's line are dropped before simulating:
they do not change the outcome statistics, and the displays then show the exact
distribution instead of one sampled collapse. A measurement with gates after it on the same
qubit is kept, and the state is then one sampled run (seeded), which the notes say.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field, replace

import cirq
import numpy as np

from qtool.errors import QtoolError
from qtool.gates import is_barrier
from qtool.sim import measurement_keys

from qtool.editor.convert import qubits_of, to_cirq
from qtool.editor.model import Grid
from qtool.inspect import analysis, backend
from qtool.inspect.displays import DISPLAYS


class MissingDisplay(LookupError):
    """A display that was not computed where the state was (a worker process)."""


@dataclass(frozen=True)
class Inspection:
    """The simulated state after `column`; its displays (qtool.inspect.displays) are computed
    on demand by `display(name)`, once each, so a hidden display costs nothing."""

    column: int                    # state after this column (-1: the initial state)
    num_qubits: int
    state: np.ndarray | None = field(repr=False, compare=False)  # None: left in the worker
    notes: tuple[str, ...] = ()
    seconds: float = 0.0           # the simulation's time
    top_k: int = 16                # amplitudes display: the k largest
    hist_limit: int = 256          # histogram display: every outcome up to this many, else the top ones (it scrolls)
    grid: Grid | None = field(default=None, repr=False, compare=False)  # the circuit (placed displays)
    kept: float | None = None      # post-selection: the probability the state kept
    _cache: dict = field(default_factory=dict, repr=False, compare=False)

    def display(self, name: str):
        """The display `name` (see qtool.inspect.displays.DISPLAYS), computed on first use."""
        if name not in self._cache:
            try:
                display = DISPLAYS[name]
            except KeyError:
                raise ValueError(f"unknown display {name!r}: expected one of {', '.join(DISPLAYS)}") from None
            if self.state is None and not display.whole_circuit:
                raise MissingDisplay(name)
            self._cache[name] = display.compute(self)
        return self._cache[name]

    def has(self, name: str) -> bool:
        """True when `name` is computed already or can be (the state is here)."""
        return name in self._cache or self.state is not None or DISPLAYS[name].whole_circuit

    def without_state(self) -> "Inspection":
        """This result with the displays computed so far and no state (what a worker
        process sends back for a large register)."""
        return replace(self, state=None, _cache=dict(self._cache))

    @property
    def computed(self) -> frozenset[str]:
        """The displays computed so far."""
        return frozenset(self._cache)

    @property
    def histogram(self) -> list[tuple[str, float]]:
        return self.display("histogram")

    @property
    def amplitudes(self) -> list[tuple[str, complex]]:
        return self.display("amplitudes")

    @property
    def qubits(self) -> list[analysis.QubitInfo]:
        return self.display("qubits")

    def to_json(self) -> dict:
        """The state export: a JSON document (schema qtool.tui.state/1)."""
        doc = {
            "schema": "qtool.tui.state/1",
            "bit_order": "qubit 0 is the leftmost character",
            "num_qubits": self.num_qubits,
            "after_column": self.column,
            "qubits": [vars(q) for q in self.qubits],
            "top_amplitudes": [{"bits": b, "re": a.real, "im": a.imag} for b, a in self.amplitudes],
            "notes": list(self.notes),
        }
        if self.num_qubits <= 12:
            doc["state"] = [[float(a.real), float(a.imag)] for a in self.state]
        return doc


def prefix_circuit(grid: Grid, column: int) -> tuple[cirq.Circuit, list[str]]:
    """Columns 0..column as a cirq circuit, with end-of-line measurements and barriers removed."""
    circuit = to_cirq(grid, upto=column + 1)
    last_use: dict[cirq.Qid, int] = {}
    for index, moment in enumerate(circuit):
        for op in moment:
            if not is_barrier(op):
                for q in op.qubits:
                    last_use[q] = index
    notes, kept = [], []
    for index, moment in enumerate(circuit):
        ops = []
        for op in moment:
            if is_barrier(op):
                continue
            if cirq.is_measurement(op) and all(last_use[q] == index for q in op.qubits) \
                    and not _has_classical_controls_downstream(circuit):
                continue
            ops.append(op)
        kept.append(cirq.Moment(ops))
    result = cirq.Circuit(kept)
    if any(cirq.is_measurement(op) for op in result.all_operations()):
        notes.append("mid-circuit measurement: the state shown is one sampled run")
    if any(isinstance(op.gate, cirq.ResetChannel) for op in result.all_operations()):
        notes.append("reset: the state shown is one sampled run")
    if backend.classically_controlled(result):
        notes.append("classically controlled gates: simulated by cirq (qsim cannot run them)")
    return result, notes


def _has_classical_controls_downstream(circuit: cirq.Circuit) -> bool:
    return any(getattr(op, "classical_controls", None) for op in circuit.all_operations())


def inspect(grid: Grid, column: int | None = None, top_k: int = 16, hist_limit: int = 256,
            seed: int | None = 0, threads: int | None = None) -> Inspection:
    """Simulate columns 0..column (default: all) on qsim; the displays are computed when asked."""
    start = time.perf_counter()
    column = grid.width - 1 if column is None else min(column, grid.width - 1)
    n = grid.num_qubits
    kept = None
    if any(op.name == "postselect" for c, op in grid.ops() if c <= column):
        state, kept = post_selected_state(grid, column, threads)
        notes = [f"post-selected: kept probability {kept:.4g} (the displays are renormalised)"]
    else:
        circuit, notes = prefix_circuit(grid, column)
        state = backend.state_vector(circuit, qubits_of(grid), seed=seed, threads=threads)
    return Inspection(column=column, num_qubits=n, state=state, notes=tuple(notes), kept=kept,
                      seconds=time.perf_counter() - start, top_k=top_k, hist_limit=hist_limit,
                      grid=grid)


def post_selected_state(grid: Grid, column: int, threads: int | None = None) -> tuple[np.ndarray, float]:
    """The state after `column` with every post-selection up to it applied (projected and
    renormalised), and the probability kept. The circuit between post-selections must be
    unitary: a measurement or reset there has no one state to post-select."""
    qubits, n = qubits_of(grid), grid.num_qubits
    state = np.zeros(2 ** n, dtype=np.complex64)
    state[0] = 1
    kept, pending = 1.0, []

    def run(columns) -> np.ndarray:
        circuit = to_cirq(replace(grid, columns=tuple(columns)))
        circuit = cirq.Circuit(cirq.Moment(op for op in m if not is_barrier(op)) for m in circuit)
        for op in circuit.all_operations():
            if not cirq.has_unitary(op):
                raise QtoolError(f"post-selection needs a unitary circuit before it; "
                                 f"{op} is not (measure or reset it after the post-selection)")
        return backend.evolve(circuit, qubits, state, threads)

    for index, col in enumerate(grid.columns[:column + 1]):
        pending.append(col)
        posts = [op for op in col if op.name == "postselect"]
        if not posts:
            continue
        state = run(pending).reshape((2,) * n)
        pending = []
        for op in posts:
            keep = [slice(None)] * n
            keep[op.qubits[0]] = 1 - int(op.label)  # zero the other outcome
            state[tuple(keep)] = 0
        state = state.reshape(-1)
        norm = float(np.vdot(state, state).real)
        kept *= norm
        if norm < 1e-12:
            rows = ", ".join(f"q{op.qubits[0]} on |{op.label}>" for op in posts)
            raise QtoolError(f"post-selecting {rows} in column {index} keeps probability 0: "
                             "no state to show")
        state = state / np.sqrt(norm)
    return run(pending), kept


def measured(grid: Grid) -> bool:
    return any(op.name == "measure" or (op.raw is not None and cirq.is_measurement(op.raw))
               for _, op in grid.ops())


SAMPLING_BUDGET = 2 ** 22  # shots x 2**qubits (x16 for cirq's simulator) beyond which per-shot simulation is not automatic


def per_shot(circuit: cirq.Circuit) -> bool:
    """True when sampling needs one simulation per shot (mid-circuit measurement, reset,
    classical control) rather than one state sampled many times."""
    return (not circuit.are_all_measurements_terminal()
            or any(isinstance(op.gate, cirq.ResetChannel) for op in circuit.all_operations())
            or backend.classically_controlled(circuit))


def sampling_cost(grid: Grid, shots: int) -> int:
    """Amplitude updates sampling would take: 0 when one state suffices."""
    circuit = _measured_circuit(grid)
    if backend.classically_controlled(circuit):
        return 16 * shots * 2 ** grid.num_qubits  # cirq's simulator: about 16x qsim's time
    return shots * 2 ** grid.num_qubits if per_shot(circuit) else 0


def _measured_circuit(grid: Grid) -> cirq.Circuit:
    circuit = to_cirq(grid.trimmed())
    return cirq.Circuit(cirq.Moment(op for op in m if not is_barrier(op)) for m in circuit)


def clbit_order(grid: Grid, circuit: cirq.Circuit) -> list[str]:
    """The bits of the counts, left to right: declared ones first, in declaration order."""
    keys = measurement_keys(circuit)  # only bits something measures are listed
    declared = [f"{name}_{i}" for name, size in grid.cregs for i in range(size)]
    return [k for k in declared if k in set(keys)] + [k for k in keys if k not in set(declared)]


def sample_counts(grid: Grid, shots: int, seed: int | None = None,
                  threads: int | None = None) -> tuple[list[str], Counter]:
    """(measurement keys in bit order, Counter of bitstrings) from `shots` runs via qtool.sim.

    Bitstrings list the measured classical bits in `qtool simulate`'s order: the declared
    registers' bits in declaration order (creg m0, m1, c2 -> m0_0, m1_0, c2_0), first bit leftmost, then
    keys no register declares (the editor's own c_0, c_1, ...) in natural order.
    """
    if shots < 1:
        raise ValueError("shots must be at least 1")
    if not measured(grid):
        return [], Counter()
    circuit = _measured_circuit(grid)
    keys = clbit_order(grid, circuit)
    samples = backend.sample(circuit, qubits_of(grid), shots, seed, threads, keys=keys)
    return list(samples.keys), Counter(samples.counts)
