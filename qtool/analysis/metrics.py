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
_T_CACHE: dict = {}
_T_BY_ID: dict = {}  # id(gate) -> (gate, T-count)


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


def t_count(ops) -> int:
    """T-count: the T/T-dagger gates the single-qubit gates of `ops` need as Clifford+T.

    The one definition used by `qtool info`, `qtool compile`'s report and `qtool bench
    compile` (for peers' outputs too, read back as cirq operations), so gate sets compare.
    A single-qubit gate e^(ia) Rz(b) Ry(g) Rz(d) counts as a Clifford sandwich where it is
    one: when diagonal (g = 0) 1 if b + d is an odd multiple of pi/4 (t, tdg, rz(pi/4),
    p(3pi/4), ...), likewise b - d when g = pi, and one for each of b, d that is an odd
    multiple of pi/4 when g = +-pi/2. Any other gate is written as the ibm target writes
    it, Rz(p + pi) SX Rz(t + pi) SX Rz(l) for u3(t, p, l), and counts its Rz angles that
    are odd multiples of pi/4 (so H T H = Rx(pi/4) counts 1, rz(0.3) 0: a rotation, not a
    T gate). Multi-qubit gates count 0 (decompose them first).
    """
    total = 0
    for op in ops:
        if len(op.qubits) != 1 or op.gate is None:
            continue
        # By identity first: hashing a cirq gate costs ~20 us, and circuits reuse gate
        # objects (the entry holds the gate, so its id is not reused while cached).
        hit = _T_BY_ID.get(id(op.gate))
        if hit is not None and hit[0] is op.gate:
            total += hit[1]
            continue
        if cirq.is_measurement(op):
            continue
        gate = op.without_classical_controls().gate
        try:
            k = _T_CACHE.get(gate)
        except TypeError:  # unhashable parameters
            k = None
        if k is None:
            k = _gate_t_count(gate)
            if len(_T_CACHE) > 50_000:
                _T_CACHE.clear()
            try:
                _T_CACHE[gate] = k
            except TypeError:
                pass
        if len(_T_BY_ID) > 50_000:
            _T_BY_ID.clear()
        _T_BY_ID[id(op.gate)] = (op.gate, k)
        total += k
    return total


def t_angle(theta: float) -> int:
    """1 when theta is an odd multiple of pi/4 (a T up to Cliffords), else 0."""
    import math

    k = theta / (math.pi / 4)
    r = round(k)
    return int(abs(k - r) < 1e-7 and r % 2 == 1)


def _gate_t_count(gate) -> int:
    import math

    from qtool.gates import u3_angles, zyz

    named = classify(gate)
    if named is not None and named[0] in _T_LIKE:
        return 1
    if cirq.is_parameterized(gate) or not cirq.has_unitary(gate):
        return 0
    m = cirq.unitary(gate)
    _, b, g, d = zyz(m)

    def near(theta: float, target: float) -> bool:
        return abs(math.remainder(theta - target, 2 * math.pi)) < 1e-7

    if near(g, 0):
        return t_angle(b + d)
    if near(g, math.pi):
        return t_angle(b - d)
    if near(g, math.pi / 2) or near(g, -math.pi / 2):
        return t_angle(b) + t_angle(d)
    theta, phi, lam, _ = u3_angles(m)
    return t_angle(phi + math.pi) + t_angle(theta + math.pi) + t_angle(lam)


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
        t_count=t_count(ops), measurements=meas, resets=resets,
        conditionals=conds,
        interaction_edges=[(a, b, c) for (a, b), c in sorted(edges.items())], degree=degree,
    )
