"""Simulation on qsim: final states, probabilities, sampled counts and expectation values.

Everything runs through qsim (SimOptions.simulator()). The one fallback is cirq's own
simulator for classically controlled operations (`if`), which qsim cannot run; the result
says which engine ran so the CLI can tell the user.

Bit order: bitstrings list qubits in `qubits` order (default sorted(circuit.all_qubits()),
which is declaration order for QASM input), first qubit leftmost; sampled bitstrings list
classical bits in `keys` order.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import cirq
import numpy as np
import sympy

from qtool.errors import QtoolError
from qtool.sim.memory import check_memory
from qtool.sim.options import SimOptions
from qtool.sim.pauli import pauli_sum_on

ENGINE_QSIM = "qsim"
ENGINE_QSIM_TRAJECTORIES = "qsim (one trajectory per shot)"
ENGINE_CIRQ = "cirq.Simulator (the circuit has classically controlled operations, which qsim cannot run)"
ENGINE_QSIM_EXPECTATION = "qsim (trajectory average of the expectation)"
EV_BATCHES = 32  # trajectory batches whose spread gives an expectation's standard error


class NoFinalStateError(QtoolError):
    """The circuit has no single final state (mid-circuit measurement, reset, classical
    control): callers can sample it, or estimate expectations over trajectories.

    `reason` names what the circuit has: "a mid-circuit measurement", "a reset" or
    "classically controlled operations".
    """

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(f"this circuit has {reason}, so it has no single final state")


@dataclass(frozen=True)
class Estimate:
    """An expectation value: exact (stderr None) or a mean over `trajectories` runs."""

    value: float
    stderr: float | None = None
    trajectories: int | None = None


@dataclass
class Samples:
    """Sampled outcomes: counts keyed by bitstring over `keys`, and which engine ran."""

    counts: dict[str, int]
    keys: list[str]
    shots: int
    engine: str
    notes: list[str] = field(default_factory=list)


def qubit_order(circuit: cirq.AbstractCircuit, qubits=None) -> list[cirq.Qid]:
    return list(qubits) if qubits is not None else sorted(circuit.all_qubits())


def _is_reset(op) -> bool:
    return isinstance(op.gate, cirq.ResetChannel)


def classically_controlled(circuit: cirq.AbstractCircuit) -> bool:
    """True when the circuit has `if` operations, which only cirq's simulator runs."""
    return any(isinstance(op, cirq.ClassicallyControlledOperation) for op in circuit.all_operations())


def no_final_state_reason(circuit: cirq.AbstractCircuit) -> str | None:
    """Why `circuit` has no single final state, or None when it has one."""
    ops = list(circuit.all_operations())
    if classically_controlled(circuit):
        return "classically controlled operations"
    if any(_is_reset(op) for op in ops):
        return "a reset"
    if not circuit.are_all_measurements_terminal():
        return "a mid-circuit measurement"
    return None


def unitary_part(circuit: cirq.AbstractCircuit) -> cirq.Circuit:
    """The circuit without terminal measurements; refuses what has no single final state."""
    reason = no_final_state_reason(circuit)
    if reason:
        raise NoFinalStateError(reason)
    # No copy when there is nothing to drop: qsim does not modify the circuit it runs.
    return cirq.drop_terminal_measurements(cirq.Circuit(circuit)) if circuit.has_measurements() \
        else circuit


CHUNK = 1 << 20  # amplitudes per block in the O(2^n) passes, so temporaries stay small


def evolve(circuit: cirq.AbstractCircuit, initial, options: SimOptions = SimOptions(),
           qubits=None) -> np.ndarray:
    """`initial` (a state over `qubits`) after the unitary `circuit`, on qsim, normalised.

    For inputs no gate prepares: a QPE input wider than qsim's largest matrix gate, or the
    projected state a post-selection hands to the next segment."""
    order = qubit_order(circuit, qubits)
    check_memory(len(order))
    init = np.ascontiguousarray(np.asarray(initial, dtype=np.complex64))
    if not any(True for _ in circuit.all_operations()):
        return _renormalise(init)
    _, state, _ = options.simulator().simulate_into_1d_array(
        circuit, qubit_order=order, initial_state=init)
    return _renormalise(state)


def final_state(circuit: cirq.AbstractCircuit, options: SimOptions = SimOptions(),
                qubits=None, *, one_run: bool = False) -> np.ndarray:
    """The final state vector (complex64, qsim's precision, normalised) over `qubits`.

    Qubits in `qubits` that the circuit never touches are kept (in |0>). A circuit with no
    single final state raises NoFinalStateError; with `one_run`, it is run once instead
    (seeded by options.seed): qsim samples its measurements and resets, and cirq's
    simulator runs classically controlled operations, which qsim cannot.
    """
    order = qubit_order(circuit, qubits)
    check_memory(len(order))
    reason = no_final_state_reason(circuit)
    if reason and not one_run:
        raise NoFinalStateError(reason)
    if not order:
        return np.ones(1, dtype=np.complex64)
    if not any(True for _ in circuit.all_operations()):
        state = np.zeros(1 << len(order), dtype=np.complex64)
        state[0] = 1
        return state
    if reason == "classically controlled operations":
        sim = cirq.Simulator(seed=options.seed, dtype=np.complex64)
        result = sim.simulate(read_unmeasured_bits_as_zero(circuit), qubit_order=order)
        state = np.asarray(result.final_state_vector)
    else:
        body = circuit if reason else unitary_part(circuit)
        # simulate_into_1d_array hands back qsim's own buffer: simulate() would wrap it in
        # a trial result holding a second copy (16 instead of 8 bytes per amplitude).
        _, state, _ = options.simulator().simulate_into_1d_array(body, qubit_order=order)
    return _renormalise(state)


def _renormalise(state: np.ndarray) -> np.ndarray:
    """qsim works in single precision: over many gates the norm drifts (~1e-3 at 10^4 gates)."""
    norm2 = float(np.real(np.vdot(state, state)))
    if norm2 > 0 and abs(norm2 - 1.0) > 1e-6:
        state *= np.float32(1.0 / np.sqrt(norm2))
    return state


def probabilities_of(state: np.ndarray) -> np.ndarray:
    """|amplitude|^2 as float32, block by block (4 extra bytes per amplitude, no temporaries)."""
    probs = np.empty(len(state), dtype=np.float32)
    for start in range(0, len(state), CHUNK):
        block = state[start:start + CHUNK]
        out = probs[start:start + CHUNK]
        np.multiply(block.real, block.real, out=out)
        out += block.imag * block.imag
    return probs


def probabilities(circuit: cirq.AbstractCircuit, options: SimOptions = SimOptions(),
                  qubits=None) -> np.ndarray:
    """Outcome probabilities over `qubits` (index i <-> bitstring of i, first qubit leftmost)."""
    return probabilities_of(final_state(circuit, options, qubits))


def expectation(circuit: cirq.AbstractCircuit, observable, options: SimOptions = SimOptions(),
                qubits=None, state: np.ndarray | None = None) -> float:
    """<psi|O|psi> on the final state, O a PauliSum or text like "Z0*Z1 + 0.5*X2".

    Pass `state` (the circuit's final state over `qubits`) to reuse one simulation for
    several observables. Each Pauli term costs one complex64 copy of the state.
    """
    order = qubit_order(circuit, qubits)
    if isinstance(observable, str):
        observable = pauli_sum_on(observable, order)
    if state is None:
        state = final_state(circuit, options, order)
    return pauli_sum_expectation(state, observable, order)


def pauli_sum_expectation(state: np.ndarray, observable: cirq.PauliSum, order) -> float:
    """<psi|O|psi> for a normalised state over `order` (first qubit most significant)."""
    n = len(order)
    index = {q: i for i, q in enumerate(order)}
    psi = state.reshape((2,) * n) if n else state
    total = 0.0
    for term in observable:
        coef = complex(term.coefficient)
        if not term:
            total += coef.real
            continue
        flips = [index[q] for q, p in term.items() if p != cirq.Z]
        work = np.flip(psi, axis=flips).copy() if flips else psi.copy()
        phase = 1
        for q, p in term.items():
            axis = index[q]
            if p == cirq.Z:  # Z|1> = -|1>
                work[(slice(None),) * axis + (1,)] *= -1
            elif p == cirq.Y:  # Y|0> = i|1>, Y|1> = -i|0>: after the flip, -i at 0, +i at 1
                work[(slice(None),) * axis + (0,)] *= -1
                phase *= 1j
        value = complex(np.vdot(psi.reshape(-1), work.reshape(-1))) * phase
        total += (coef * value).real
        del work
    return float(total)


def estimate_expectations(circuit: cirq.AbstractCircuit, observables, trajectories: int,
                          options: SimOptions = SimOptions(), qubits=None,
                          noise: cirq.NoiseModel | None = None) -> list[Estimate]:
    """Expectation values averaged over `trajectories` qsim trajectories, with standard errors.

    For noisy circuits and circuits with mid-circuit measurements or resets: each trajectory
    samples the noise and the measurement outcomes, and the average converges to the
    expectation on the final mixed state (a density-matrix simulation's value). Terminal
    measurements, and the noise after them on the qubits they measure, are left out, so
    diagonal observables agree with the statistics of sampled counts. Trajectories run in
    EV_BATCHES batches; the spread of the batch means gives the standard error.
    """
    if trajectories < 1:
        raise QtoolError(f"trajectories must be at least 1, not {trajectories}")
    order = qubit_order(circuit, qubits)
    check_memory(len(order))
    if any(isinstance(op, cirq.ClassicallyControlledOperation) for op in circuit.all_operations()):
        raise NoFinalStateError("classically controlled operations")
    sums = [pauli_sum_on(o, order) if isinstance(o, str) else o for o in observables]
    body = cirq.Circuit(circuit)
    if noise is not None:
        body = body.with_noise(noise)
    body = _drop_terminal_measurements_and_noise(body)
    idle = [q for q in order if q not in body.all_qubits()]
    if idle:
        body.append(cirq.I.on_each(*idle))
    # qsim averages trajectories only for circuits with a non-unitary operation; a zero
    # channel makes it so for circuits whose only randomness is measurement.
    body.append(cirq.depolarize(0.0).on(order[0]))
    sim = options.simulator()
    batches = min(EV_BATCHES, trajectories)
    base, extra = divmod(trajectories, batches)
    sizes = [base + (i < extra) for i in range(batches)]
    means = np.empty((batches, len(sums)))
    for i, size in enumerate(sizes):
        sim.qsim_options["r"] = size
        values = sim.simulate_expectation_values(body, sums, qubit_order=order,
                                                 permit_terminal_measurements=True)
        means[i] = np.real(values)
    weights = np.array(sizes, dtype=float)
    mean = weights @ means / trajectories
    out = []
    for j in range(len(sums)):
        if batches > 1:
            variance = float(weights @ (means[:, j] - mean[j]) ** 2) / (batches - 1)
            stderr = float(np.sqrt(variance / trajectories))
        else:
            stderr = None
        out.append(Estimate(float(mean[j]), stderr, trajectories))
    return out


def _drop_terminal_measurements_and_noise(circuit: cirq.Circuit) -> cirq.Circuit:
    """Remove terminal measurements and the noise (VirtualTag'd operations) after them."""
    last_real: dict[cirq.Qid, tuple[int, cirq.Operation]] = {}
    for index, moment in enumerate(circuit):
        for op in moment:
            if cirq.VirtualTag() not in op.tags:
                for q in op.qubits:
                    last_real[q] = (index, op)
    cut: dict[cirq.Qid, int] = {}  # qubit -> moment of its terminal measurement
    for q, (index, op) in last_real.items():
        if cirq.is_measurement(op) and all(last_real[p][1] is op for p in op.qubits):
            cut[q] = index
    if not cut:
        return circuit
    moments = []
    for index, moment in enumerate(circuit):
        kept = [op for op in moment
                if not any(q in cut and index >= cut[q] for q in op.qubits)]
        moments.append(cirq.Moment(kept))
    return cirq.Circuit(moments)


def measurement_keys(circuit: cirq.AbstractCircuit) -> list[str]:
    """Measurement keys in a natural order (c_2 before c_10), for circuits without a Program."""
    import re

    keys = {str(k) for k in cirq.measurement_key_names(circuit)}
    return sorted(keys, key=lambda k: [(0, int(t), "") if t.isdigit() else (1, 0, t)
                                       for t in re.split(r"([0-9]+)", k)])


def sample(circuit: cirq.AbstractCircuit, shots: int, options: SimOptions = SimOptions(),
           keys: list[str] | None = None, noise: cirq.NoiseModel | None = None,
           qubits=None) -> Samples:
    """Sample `shots` outcomes. Without measurements, every qubit is measured at the end."""
    if shots < 1:
        raise QtoolError(f"shots must be at least 1, not {shots}")
    order = qubit_order(circuit, qubits)
    check_memory(len(order))
    circuit = read_unmeasured_bits_as_zero(circuit)
    if not circuit.has_measurements():
        circuit.append(cirq.measure(*order, key="__all__"))
        keys = ["__all__"]
    keys = list(keys) if keys is not None else measurement_keys(circuit)
    controlled = any(isinstance(op, cirq.ClassicallyControlledOperation)
                     for op in circuit.all_operations())
    if controlled:
        return _sample_cirq(circuit, shots, options, keys, noise)
    simple = noise is None and circuit.are_all_measurements_terminal() and not any(
        _is_reset(op) for op in circuit.all_operations())
    if simple:
        return _sample_terminal(circuit, shots, options, keys, order)
    return _sample_trajectories(circuit, shots, options, keys, noise)


def read_unmeasured_bits_as_zero(circuit: cirq.AbstractCircuit) -> cirq.Circuit:
    """Read classical bits that are not measured yet as 0, as OpenQASM does.

    `creg c[2]; if (c == 0) x q[0];` before any measurement is valid OpenQASM, but cirq
    refuses a condition on a key nothing has measured. Each such condition is evaluated with
    those bits at 0: true, the gate always runs; false, it never does.
    """
    if not any(isinstance(op, cirq.ClassicallyControlledOperation) for op in circuit.all_operations()):
        return cirq.Circuit(circuit)
    measured: set = set()
    moments = []
    for moment in circuit:
        ops = []
        for op in moment:
            resolved = _resolve_unmeasured(op, measured)
            if resolved is not None:
                ops.append(resolved)
        moments.append(cirq.Moment(ops))
        measured |= set(cirq.measurement_key_objs(moment))
    return cirq.Circuit(moments)


def _resolve_unmeasured(op: cirq.Operation, measured: set) -> cirq.Operation | None:
    if not isinstance(op, cirq.ClassicallyControlledOperation):
        return op
    kept = []
    for condition in op.classical_controls:
        unmeasured = [k for k in condition.keys if k not in measured]
        if not unmeasured:
            kept.append(condition)
            continue
        if isinstance(condition, cirq.KeyCondition):
            return None  # a bit that is 0 is false
        if not isinstance(condition, cirq.SympyCondition):
            kept.append(condition)  # unknown kind: leave it to cirq
            continue
        expr = condition.expr.subs({sympy.Symbol(str(k)): 0 for k in unmeasured})
        if expr is sympy.false or expr == False:  # noqa: E712 - sympy booleans
            return None
        if expr is not sympy.true and expr != True:  # noqa: E712
            kept.append(cirq.SympyCondition(expr))
    base = op.without_classical_controls()
    return base.with_classical_controls(*kept) if kept else base


def _sample_terminal(circuit, shots, options, keys, order) -> Samples:
    """One qsim state, then numpy sampling: terminal measurements need nothing more."""
    probs = probabilities(circuit, options, order)
    outcomes = _draw(probs, shots, np.random.default_rng(options.seed))
    index = {q: i for i, q in enumerate(order)}
    n = len(order)
    columns: dict[str, np.ndarray] = {}
    for op in circuit.all_operations():
        if isinstance(op.gate, cirq.MeasurementGate):
            bits = np.stack([(outcomes >> (n - 1 - index[q])) & 1 for q in op.qubits], axis=1)
            mask = op.gate.full_invert_mask()
            if any(mask):
                bits ^= np.array(mask, dtype=bits.dtype)
            columns[op.gate.key] = bits
    return Samples(_count(columns, keys, shots), keys, shots, ENGINE_QSIM)


def _draw(probs: np.ndarray, shots: int, rng: np.random.Generator) -> np.ndarray:
    """`shots` indices drawn from `probs` (float32, any total), in shot order.

    Inverse CDF block by block in float64: no 2^n float64 copy or cumulative sum, which
    rng.choice would allocate (16 bytes per amplitude).
    """
    totals = np.array([probs[i:i + CHUNK].sum(dtype=np.float64)
                       for i in range(0, len(probs), CHUNK)])
    edges = np.concatenate([[0.0], np.cumsum(totals)])
    u = rng.random(shots) * edges[-1]
    block = np.clip(np.searchsorted(edges, u, side="right") - 1, 0, len(totals) - 1)
    out = np.empty(shots, dtype=np.int64)
    for b in np.unique(block):
        mask = block == b
        start = int(b) * CHUNK
        cdf = np.cumsum(probs[start:start + CHUNK], dtype=np.float64)
        pos = np.searchsorted(cdf, u[mask] - edges[b], side="right")
        out[mask] = start + np.minimum(pos, len(cdf) - 1)
    return out


def _unique_keys(circuit: cirq.Circuit) -> tuple[cirq.Circuit, dict[str, str]]:
    """Rename repeated measurement keys (qsim rejects them); map each key to its last use."""
    seen: Counter = Counter()
    last: dict[str, str] = {}

    def rename(op):
        if isinstance(op.gate, cirq.MeasurementGate):
            key = op.gate.key
            seen[key] += 1
            new = key if seen[key] == 1 else f"{key}@{seen[key]}"
            last[key] = new
            return op.with_gate(op.gate.with_key(new))
        return op

    return circuit.map_operations(rename), last


def _sample_trajectories(circuit, shots, options, keys, noise) -> Samples:
    circuit, last = _unique_keys(circuit)
    if noise is not None:
        circuit = circuit.with_noise(noise)
    result = options.simulator().run(circuit, repetitions=shots)
    columns = {k: result.measurements[u] for k, u in last.items()}
    return Samples(_count(columns, keys, shots), keys, shots, ENGINE_QSIM_TRAJECTORIES)


def _sample_cirq(circuit, shots, options, keys, noise) -> Samples:
    if noise is not None:
        circuit = circuit.with_noise(noise)
    sim = cirq.Simulator(seed=options.seed, dtype=np.complex64)
    result = sim.run(circuit, repetitions=shots)
    columns = {}
    for key in cirq.measurement_key_names(circuit):
        records = result.records[key]  # (shots, instances, qubits): the last instance counts
        columns[key] = records[:, -1, :]
    return Samples(_count(columns, keys, shots), keys, shots, ENGINE_CIRQ)


def _count(columns: dict[str, np.ndarray], keys: list[str], shots: int) -> dict[str, int]:
    """Join each shot's bits over `keys` into a bitstring and count them."""
    parts = []
    for key in keys:
        bits = columns.get(key)
        parts.append(np.zeros((shots, 1), dtype=np.int8) if bits is None else
                     np.asarray(bits, dtype=np.int8).reshape(shots, -1))
    if not parts:
        return {"": shots}
    table = np.concatenate(parts, axis=1)
    width = table.shape[1]
    if width <= 62:
        weights = (1 << np.arange(width - 1, -1, -1, dtype=np.int64))
        values, counts = np.unique(table.astype(np.int64) @ weights, return_counts=True)
        return {format(int(v), f"0{width}b"): int(c) for v, c in zip(values, counts)}
    rows, counts = np.unique(table, axis=0, return_counts=True)
    return {"".join(map(str, r)): int(c) for r, c in zip(rows, counts)}
