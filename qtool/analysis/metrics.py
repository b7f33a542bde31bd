"""Circuit statistics: sizes, depth, gate counts, T-count and the interaction graph.

This module is the one definition of a circuit's depth in qtool (`qtool info`, `qtool
compile`'s before/after statistics, QPE's circuit statistics). Depth follows Qiskit's
`QuantumCircuit.depth()`: the longest chain of operations where each one waits for the
qubits and classical bits it uses; a measurement uses its classical bit, a classically
controlled operation also waits for the bits of its condition; a barrier makes its
qubits wait for one another but adds no depth itself. So `x q[0]; barrier q; x q[1];` has
depth 2 and teleportation (`samples/teleportation.qasm`) depth 7, as Qiskit reports.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field

import cirq

from qtool.gates import classify, is_barrier

_T_LIKE = {"t", "tdg"}


@dataclass
class CircuitMetrics:
    qubits: int
    clbits: int
    operations: int
    depth: int
    two_qubit_depth: int
    gate_counts: dict[str, int]
    one_qubit: int
    two_qubit: int
    multi_qubit: int
    t_count: int
    measurements: int
    resets: int
    conditionals: int
    interaction_edges: list[tuple[int, int, int]] = field(default_factory=list)
    degree: list[int] = field(default_factory=list)

    @property
    def two_qubit_share(self) -> float:
        gates = self.one_qubit + self.two_qubit + self.multi_qubit
        return self.two_qubit / gates if gates else 0.0

    @property
    def interaction_density(self) -> float:
        n = self.qubits
        return len(self.interaction_edges) / (n * (n - 1) / 2) if n > 1 else 0.0

    @property
    def mean_degree(self) -> float:
        return sum(self.degree) / len(self.degree) if self.degree else 0.0

    def to_dict(self) -> dict:
        d = asdict(self)
        d["interaction_edges"] = [{"a": a, "b": b, "count": c} for a, b, c in self.interaction_edges]
        d["two_qubit_share"] = self.two_qubit_share
        d["interaction_density"] = self.interaction_density
        d["mean_degree"] = self.mean_degree
        return d


def op_name(op: cirq.Operation) -> str:
    """The OpenQASM 3 name an operation is counted under ("cx", "rz", "measure", ...).

    Gates no standard name covers are counted under cirq's name for them."""
    op = op.without_classical_controls()
    if cirq.is_measurement(op):
        return "measure"
    named = classify(op.gate)
    if named is not None:
        return named[0]
    return str(op.gate or op).split("(")[0].lower()


def _wires(op) -> list:
    """The qubits and classical bits (measurement keys) an operation waits for."""
    wires: list = list(op.qubits)
    if isinstance(op.gate, cirq.MeasurementGate):
        wires.append(("bit", op.gate.key))
    if isinstance(op, cirq.ClassicallyControlledOperation):
        wires.extend(("bit", str(k)) for k in sorted(cirq.control_keys(op), key=str))
    return wires


def circuit_depth(circuit: cirq.AbstractCircuit, counts=None) -> int:
    """Depth with Qiskit's rules (see the module docstring).

    `counts(op)` says whether an operation adds a layer (default: every operation but a
    barrier); operations that do not count still make their wires wait for one another,
    as Qiskit's `depth(filter_function)` does.
    """
    return _depths(circuit.all_operations(), [counts or (lambda op: True)])[0]


def _depths(ops, filters) -> list[int]:
    levels = [dict() for _ in filters]
    for op in ops:
        wires = _wires(op)
        barrier = is_barrier(op)
        for level, keep in zip(levels, filters):
            top = max((level.get(w, 0) for w in wires), default=0)
            if not barrier and keep(op):
                top += 1
            for w in wires:
                level[w] = top
    return [max(level.values(), default=0) for level in levels]


def circuit_metrics(circuit: cirq.AbstractCircuit, qubits=None, clbits: int | None = None) -> CircuitMetrics:
    """Statistics of `circuit`; `qubits` fixes the numbering (default sorted qubits)."""
    order = list(qubits) if qubits is not None else sorted(circuit.all_qubits())
    index = {q: i for i, q in enumerate(order)}
    counts: Counter = Counter()
    edges: Counter = Counter()
    one = two = multi = meas = resets = conds = 0
    keys = set()
    ops = list(circuit.all_operations())
    depth, depth2 = _depths(ops, [lambda op: True, lambda op: len(op.qubits) >= 2
                                  and not isinstance(op.gate, cirq.MeasurementGate)])
    for op in ops:
        if is_barrier(op):
            continue
        name = op_name(op)
        counts[name] += 1
        n = len(op.qubits)
        if isinstance(op, cirq.ClassicallyControlledOperation):
            conds += 1
        if isinstance(op.gate, cirq.MeasurementGate):
            meas += n
            keys.add(op.gate.key)
        elif isinstance(op.gate, cirq.ResetChannel):
            resets += 1
        elif n == 1:
            one += 1
        elif n == 2:
            two += 1
        elif n > 2:
            multi += 1
        if n >= 2 and not isinstance(op.gate, cirq.MeasurementGate):
            ids = sorted(index[q] for q in op.qubits)
            for i in range(len(ids)):
                for j in range(i + 1, len(ids)):
                    edges[(ids[i], ids[j])] += 1
    degree = [0] * len(order)
    for a, b in edges:
        degree[a] += 1
        degree[b] += 1
    return CircuitMetrics(
        qubits=len(order), clbits=clbits if clbits is not None else len(keys),
        operations=sum(counts.values()), depth=depth, two_qubit_depth=depth2,
        gate_counts=dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))),
        one_qubit=one, two_qubit=two, multi_qubit=multi,
        t_count=sum(counts[g] for g in _T_LIKE), measurements=meas, resets=resets,
        conditionals=conds,
        interaction_edges=[(a, b, c) for (a, b), c in sorted(edges.items())], degree=degree,
    )
