"""Equivalence of circuits with mid-circuit measurement and classical control, by the
principle of deferred measurement.

Each measurement becomes a CNOT from the measured qubit onto a fresh ancilla (one per bit
per measurement, named by (key, occurrence, bit), so the two circuits' records line up
whatever order unrelated measurements run in); a gate conditioned on classical bits
becomes the same gate quantum-controlled by the ancillas holding the latest record of
those bits, once per assignment of them that satisfies the condition. The extended
circuit is unitary and, started with every ancilla in |0>, is the isometry
V = sum_r K_r (x) |r>: one branch K_r (a d x d matrix on the system) per measurement
record r. Two circuits are equivalent as quantum instruments when every branch agrees up
to its own phase (a phase on one branch is unobservable: the record decoheres it), i.e.

    sum_r |<K_r, K'_r>| / sqrt(sum_r |K_r|^2 * sum_r |K'_r|^2) = 1,

which is 1 exactly when K'_r = e^(i phi_r) K_r for every r (Cauchy-Schwarz, twice).
A gate moved before the measurement it is conditioned on changes the branches and fails.

Exact (all d columns) when the system and ancillas are small; on random system states
above that; refused for resources (ResourceError, exit 3) when the state would not fit,
and skipped with the reason when the extended circuit is out of reach (more than
MAX_QUBITS qubits, conditions on more than MAX_CONDITION_BITS bits, resets).
"""

from __future__ import annotations

from dataclasses import dataclass

import cirq
import numpy as np

from qtool.compile.ops import is_unitary_op
from qtool.gates import is_barrier

MAX_QUBITS = 28  # system + ancillas
EXACT_MAX_WORK = 2**24  # amplitudes of the d-column tensor (2^(2m + A)) for the exact check
MAX_CONDITION_BITS = 8  # bits one condition reads (2^bits controlled copies)
FLOOR = 1 - 1e-6


class Unsupported(Exception):
    """The circuit is outside what the deferred check handles; the message says why."""


@dataclass
class Extended:
    ops: list  # unitary ops on system qids and Ancilla qids
    ancillas: set  # labels (key, occurrence, bit)


class Ancilla(cirq.Qid):
    """The qubit holding bit `label` = (key, occurrence, bit) of a deferred measurement."""

    def __init__(self, label: tuple):
        self.label = (str(label[0]), label[1], label[2])

    @property
    def dimension(self) -> int:
        return 2

    def _comparison_key(self):
        return self.label

    def __repr__(self) -> str:
        return f"Ancilla({self.label!r})"


def needs_deferral(ops) -> bool:
    """True when a circuit has classical control or a measurement followed by more work on
    the measured qubit (a mid-circuit measurement)."""
    measured: set = set()
    for op in ops:
        if op.classical_controls:
            return True
        if is_barrier(op):
            continue
        if any(q in measured for q in op.qubits):
            return True
        if cirq.is_measurement(op):
            measured.update(op.qubits)
    return False


def extend(ops) -> Extended:
    """The deferred-measurement form of `ops` (see the module doc)."""
    out: list = []
    seen: dict = {}  # key name -> occurrences so far
    latest: dict = {}  # key name -> tuple of ancilla qids of its latest measurement
    ancillas: set = set()
    for op in ops:
        if is_barrier(op):
            continue
        if op.classical_controls:
            out.extend(_controlled(op, latest))
            continue
        if cirq.is_measurement(op):
            gate = op.gate
            if not isinstance(gate, cirq.MeasurementGate):
                raise Unsupported(f"measurement {op!r} is not a plain measurement")
            key = str(gate.key)
            j = seen.get(key, 0)
            seen[key] = j + 1
            anc = []
            mask = gate.full_invert_mask()
            for i, q in enumerate(op.qubits):
                a = Ancilla((key, j, i))
                ancillas.add(a.label)
                out.append(cirq.CNOT(q, a))
                if mask[i]:
                    out.append(cirq.X(a))
                anc.append(a)
            latest[key] = tuple(anc)
            continue
        if is_unitary_op(op):
            out.append(op)
            continue
        if isinstance(op.gate, cirq.ResetChannel):
            raise Unsupported("the circuit resets qubits")
        raise Unsupported(f"{op} is neither unitary, a measurement nor classically controlled")
    return Extended(out, ancillas)


def _controlled(op, latest) -> list:
    inner = op.without_classical_controls()
    if not is_unitary_op(inner):
        raise Unsupported(f"a classically controlled {inner} is not unitary")
    keys = sorted({str(k) for c in op.classical_controls for k in c.keys})
    wires: list = []
    unset: list = []
    for k in keys:
        if k in latest:
            wires.extend((k, a) for a in latest[k])
        else:
            # Classical bits start at 0 (OpenQASM): read before any measurement, they are 0.
            unset.append(k)
    if len(wires) > MAX_CONDITION_BITS:
        raise Unsupported(f"a condition reads {len(wires)} bits (more than "
                          f"{MAX_CONDITION_BITS})")
    out = []
    for values in np.ndindex(*(2,) * len(wires)):
        records: dict = {cirq.MeasurementKey(k): [[0]] for k in unset}
        for (k, _), v in zip(wires, values):
            records.setdefault(cirq.MeasurementKey(k), [[]])[0].append(int(v))
        store = cirq.ClassicalDataDictionaryStore(_records=records)
        if all(c.resolve(store) for c in op.classical_controls):
            ctrl = [a for _, a in wires]
            out.append(inner.controlled_by(*ctrl, control_values=list(values)) if ctrl
                       else inner)
    return out


def check(orig_ops, comp_ops, system_in, system_pos, out_axis, seed=0):
    """Compare extended circuits. `system_in`: input qubit -> axis for the original,
    `system_pos`: compiled qubit -> axis, `out_axis[k]`: axis where virtual k ends.
    Returns (method, qubits, ok, detail); raises Unsupported or ResourceError."""
    a, b = extend(orig_ops), extend(comp_ops)
    if a.ancillas != b.ancillas:
        return ("deferred-measurement", len(out_axis), False,
                "the two circuits measure different bits or a bit a different number of times")
    m = len(out_axis)
    labels = sorted(a.ancillas)
    n_anc = len(labels)
    total = m + n_anc
    if total > MAX_QUBITS:
        raise Unsupported(f"deferring the measurements needs {total} qubits "
                          f"({m} + {n_anc} ancillas), more than {MAX_QUBITS}")
    anc_axis = {lab: m + i for i, lab in enumerate(labels)}
    line = cirq.LineQubit.range(total)

    def place(ops, pos):
        def f(q):
            return line[anc_axis[q.label]] if isinstance(q, Ancilla) else line[pos[q]]
        return [op.transform_qubits(f) for op in ops]

    orig = place(a.ops, system_in)
    comp = place(b.ops, system_pos)
    from qtool.compile.verify import apply_ops
    from qtool.sim.memory import check_memory

    d = 2**m
    exact = 2 ** (2 * m + n_anc) <= EXACT_MAX_WORK
    # complex128 tensors (twice the guard's complex64 amplitude), two circuits and the
    # working copies of tensordot: about eight times the guard's state size.
    check_memory((2 * m + n_anc if exact else total) + 3)
    if exact:
        start = np.zeros((2,) * total + (d,), dtype=complex)
        eye = np.eye(d, dtype=complex).reshape((2,) * m + (d,))
        start[(slice(None),) * m + (0,) * n_anc] = eye
        inputs = [start]
    else:
        rng = np.random.default_rng(seed)
        inputs = []
        for _ in range(4):
            psi = rng.normal(size=d) + 1j * rng.normal(size=d)
            psi = psi / np.linalg.norm(psi)
            st = np.zeros((2,) * total, dtype=complex)
            st[(slice(None),) * m + (0,) * n_anc] = psi.reshape((2,) * m)
            inputs.append(st)
    worst = 1.0
    for st in inputs:
        va = apply_ops(orig, st.copy(), total)
        vb = apply_ops(comp, st, total)
        vb = np.moveaxis(vb, out_axis, list(range(m)))
        cols = d if exact else 1
        va = va.reshape(d, 2**n_anc, cols)
        vb = vb.reshape(d, 2**n_anc, cols)
        overlaps = np.abs(np.einsum("irc,irc->r", np.conj(va), vb))
        na = float(np.sum(np.abs(va) ** 2))
        nb = float(np.sum(np.abs(vb) ** 2))
        worst = min(worst, float(np.sum(overlaps)) / np.sqrt(na * nb))
    method = "deferred-measurement" if exact else "deferred-measurement, random states"
    what = "exact, every input" if exact else "min over 4 random input states"
    return (method, total, worst > FLOOR,
            f"{m} qubits + {n_anc} measurement ancillas; sum_r |<K_r, K'_r>| / norms = "
            f"{worst:.9f} ({what})")
