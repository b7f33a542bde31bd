"""Circuit statistics: sizes, depth, gate counts, T-count and the interaction graph.

Depth is the critical path over operations, not cirq's moment count: barriers (which
occupy moments) do not add depth, as in Qiskit's `depth()`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field

import cirq

from qtool.qasm.gates import BarrierGate
from qtool.qasm.writer import qasm_name

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


def circuit_metrics(circuit: cirq.AbstractCircuit, qubits=None, clbits: int | None = None) -> CircuitMetrics:
    """Statistics of `circuit`; `qubits` fixes the numbering (default sorted qubits)."""
    order = list(qubits) if qubits is not None else sorted(circuit.all_qubits())
    index = {q: i for i, q in enumerate(order)}
    counts: Counter = Counter()
    edges: Counter = Counter()
    one = two = multi = meas = resets = conds = 0
    level: dict = {}
    level2: dict = {}
    keys = set()
    for op in circuit.all_operations():
        name = qasm_name(op)
        if isinstance(op.gate, BarrierGate):
            continue
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
        d = 1 + max((level.get(q, 0) for q in op.qubits), default=0)
        d2 = (1 if n >= 2 else 0) + max((level2.get(q, 0) for q in op.qubits), default=0)
        for q in op.qubits:
            level[q] = d
            level2[q] = d2
    degree = [0] * len(order)
    for a, b in edges:
        degree[a] += 1
        degree[b] += 1
    return CircuitMetrics(
        qubits=len(order), clbits=clbits if clbits is not None else len(keys),
        operations=sum(counts.values()), depth=max(level.values(), default=0),
        two_qubit_depth=max(level2.values(), default=0),
        gate_counts=dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))),
        one_qubit=one, two_qubit=two, multi_qubit=multi,
        t_count=sum(counts[g] for g in _T_LIKE), measurements=meas, resets=resets,
        conditionals=conds,
        interaction_edges=[(a, b, c) for (a, b), c in sorted(edges.items())], degree=degree,
    )
