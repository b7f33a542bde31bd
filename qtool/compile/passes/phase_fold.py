"""Rotation merging by phase folding (Nam, Ross, Su, Childs, Maslov 2018, section 4.3;
Amy, Maslov, Mosca's phase polynomials).

Between fences, follow every qubit's value as an affine parity of "path variables": each
qubit starts as a variable of its own, CNOT xors the control's parity into the target's,
X complements a parity, SWAP exchanges two, diagonal gates (CZ, controlled phases) leave
parities as they are, and any other gate gives the qubits it does not keep diagonal a
fresh variable (a Hadamard, a general rotation, a Toffoli's target). In the sum-over-paths
form of the circuit, a Z rotation by theta on a qubit holding parity f only multiplies
each path by e^(i theta f): a scalar, which commutes with everything. So all Z rotations
on the same parity f, wherever they are, may be merged into one, placed where the first
stood (the qubit holds f there), and dropped when the angles add up to nothing. A rotation
on f + 1 counts with the opposite sign (up to global phase).

This removes T gates (T, T-dagger pairs become nothing, T T an S) and leaves the rotations
between CNOT pairs fewer, which lets cancellation remove the CNOTs afterwards. It works on
CNOT + single-qubit gates, so the pipeline runs it before the rebase into the CZ world
(there a CNOT is H CZ H, and its parity structure is gone). Every non-unitary operation
(measurement, reset, classical control, ignored op) ends a region.
"""

from __future__ import annotations

import math

import cirq

from qtool.compile.ops import ATOL, diagonal_labels, is_unitary_op, unitary
from qtool.compile.passes.base import apply_to_circuit
from qtool.gates import wrap_exponent

TWO_PI = 2 * math.pi


def z_angle(op: cirq.Operation) -> float | None:
    """theta for a single-qubit gate equal to diag(1, e^(i theta)) up to phase, else None."""
    gate = op.gate
    if type(gate) is cirq.ZPowGate or isinstance(gate, cirq.ZPowGate):
        e = gate.exponent
        return math.pi * float(e) if isinstance(e, (int, float)) else None
    m = unitary(op)
    if abs(m[0, 1]) > ATOL or abs(m[1, 0]) > ATOL:
        return None
    return math.atan2((m[1, 1] / m[0, 0]).imag, (m[1, 1] / m[0, 0]).real)


def _is_x(op) -> bool:
    g = op.gate
    return isinstance(g, cirq.XPowGate) and isinstance(g.exponent, (int, float)) \
        and g.exponent % 2 == 1


def _is_cnot(op) -> bool:
    g = op.gate
    return isinstance(g, cirq.CXPowGate) and isinstance(g.exponent, (int, float)) \
        and g.exponent % 2 == 1


class Parities:
    """Each qubit's value as (mask of path variables, constant bit), updated gate by gate.

    `step(op)` returns ("phase", mask, sign, theta) for a Z rotation (sign -1 when the
    qubit holds mask + 1) and None for everything else, after updating the parities."""

    def __init__(self):
        self.label: dict = {}
        self.n = 0
        # qubit -> its label before a Hadamard that nothing has followed on it yet: a
        # second Hadamard there gives that label back (H H = I) instead of a fresh one, so
        # Toffolis sharing a target (H CCZ H H CCZ H) keep the target's terms comparable.
        self.before_h: dict = {}

    def of(self, q):
        lab = self.label.get(q)
        if lab is None:
            lab = self.label[q] = (1 << self.n, 0)
            self.n += 1
        return lab

    def fresh(self, q) -> None:
        self.label[q] = (1 << self.n, 0)
        self.n += 1

    def step(self, op: cirq.Operation):
        qs = op.qubits
        if self.before_h:
            if len(qs) == 1 and op.gate == cirq.H:
                q = qs[0]
                prev = self.before_h.pop(q, None)
                if prev is not None:
                    self.label[q] = prev
                    return None
                self.before_h[q] = self.of(q)
                self.fresh(q)
                return None
            for q in qs:
                self.before_h.pop(q, None)
        elif len(qs) == 1 and op.gate == cirq.H:
            self.before_h[qs[0]] = self.of(qs[0])
            self.fresh(qs[0])
            return None
        if len(qs) == 1:
            q = qs[0]
            theta = z_angle(op)
            if theta is not None:
                m, c = self.of(q)
                return ("phase", m, -1 if c else 1, theta)
            if _is_x(op):
                m, c = self.of(q)
                self.label[q] = (m, c ^ 1)
            else:
                self.fresh(q)
            return None
        if len(qs) == 2 and _is_cnot(op):
            (mc, cc), (mt, ct) = self.of(qs[0]), self.of(qs[1])
            self.label[qs[1]] = (mt ^ mc, ct ^ cc)
            return None
        if len(qs) == 2 and op.gate == cirq.SWAP:
            a, b = self.of(qs[0]), self.of(qs[1])
            self.label[qs[0]], self.label[qs[1]] = b, a
            return None
        labels = diagonal_labels(op)
        for k, q in enumerate(qs):
            if labels is None or labels[k] != "Z":
                self.fresh(q)
            else:
                self.of(q)
        return None


def _rotation(q, theta: float, like: cirq.Operation) -> list[cirq.Operation]:
    """Z rotation by theta on q; `like` itself when it already is that rotation."""
    e = wrap_exponent(theta / math.pi)
    if abs(e) < 1e-9 or abs(abs(e) - 2) < 1e-9:
        return []
    old = z_angle(like)
    if old is not None and abs(math.remainder(old - theta, TWO_PI)) < 1e-9:
        return [like]
    return [cirq.ZPowGate(exponent=e).on(q)]


# Path variables are bits of Python integers, one per fresh value; a long region makes
# tens of thousands, and XOR of masks that wide made the pass superlinear. Every so often
# the live variables (those some qubit still holds) are renumbered from bit 0.
_COMPACT_AT = 512


def _fold_region(ops: list) -> list:
    par = Parities()
    ids: dict[int, int] = {}  # mask, in the current numbering -> parity id
    first: dict[int, tuple[int, int]] = {}  # parity id -> (index of its first rotation, sign)
    total: dict[int, float] = {}  # parity id -> summed angle, as a rotation on the parity
    zero = None  # the id of the empty parity (a global phase), if seen
    kind: list = [None] * len(ops)
    rotations = 0
    limit = _COMPACT_AT
    for i, op in enumerate(ops):
        hit = par.step(op)
        if hit is not None:
            _, mask, sign, theta = hit
            rotations += 1
            pid = ids.get(mask)
            if pid is None:
                pid = ids[mask] = len(first)
                first[pid] = (i, sign)
                if mask == 0:
                    zero = pid
            kind[i] = pid
            total[pid] = total.get(pid, 0.0) + sign * theta
        if par.n > limit:
            _compact(par, ids)
            limit = 2 * par.n + _COMPACT_AT
    if len(first) == rotations:
        return ops  # every parity rotated once: nothing to merge
    out = []
    for i, op in enumerate(ops):
        pid = kind[i]
        if pid is None:
            out.append(op)
        elif pid != zero and first[pid][0] == i:
            out.extend(_rotation(op.qubits[0], first[pid][1] * total[pid], op))
        # later rotations on the same parity were merged into the first; the empty parity
        # is a global phase
    return out


def _compact(par: Parities, ids: dict) -> None:
    """Renumber the live path variables 0, 1, ... in `par` and in the keys of `ids`.

    A variable no qubit holds any more can never reappear (later values are sums of live
    ones and fresh ones), so a parity containing one is finished: its entry leaves `ids`
    (its id, first rotation and total stay with the caller)."""
    live = 0
    for m, _ in par.label.values():
        live |= m
    for m, _ in par.before_h.values():
        live |= m
    new_bit: dict[int, int] = {}
    x, k = live, 0
    while x:
        low = x & -x
        new_bit[low] = 1 << k
        k += 1
        x ^= low

    def renumber(m: int) -> int:
        out = 0
        while m:
            low = m & -m
            out |= new_bit[low]
            m ^= low
        return out

    par.label = {q: (renumber(m), c) for q, (m, c) in par.label.items()}
    par.before_h = {q: (renumber(m), c) for q, (m, c) in par.before_h.items()}
    par.n = k
    kept = {renumber(m): pid for m, pid in ids.items() if m & ~live == 0}
    ids.clear()
    ids.update(kept)


def phase_fold_ops(ops) -> list[cirq.Operation]:
    """Merge Z rotations on equal parities within each region between non-unitary ops."""
    out: list = []
    region: list = []
    for op in ops:
        if is_unitary_op(op):
            region.append(op)
            continue
        out.extend(_fold_region(region))
        region = []
        out.append(op)
    out.extend(_fold_region(region))
    return out


@cirq.transformer
def phase_fold(circuit: cirq.AbstractCircuit, *, context=None) -> cirq.Circuit:
    """Transformer form of phase_fold_ops (honours context.tags_to_ignore and deep)."""
    return apply_to_circuit(circuit, context, phase_fold_ops)
