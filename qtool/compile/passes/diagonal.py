"""Blocks that are diagonal as a whole, resynthesised from their phase polynomial.

Multi-controlled phases are often written with gates that are not diagonal one by one:
MQT Bench's grover and qwalk spell C^kZ as a ladder of controlled X rotations (crx), and
C^kX conjugated by H on its target is diagonal only once the H's are counted. Neither
phase folding nor `phase_poly` (which only joins diagonal gates and CNOTs) sees that the
block is a diagonal unitary D = diag(e^(i phi(x))). Any such D on k qubits is, up to
global phase, a phase polynomial: phi(x) = c + sum_m theta_m (m . x mod 2), with
theta_m = -2 * (Walsh-Hadamard transform of phi)[m] for m != 0, and Gray-synth
(`phase_poly.gray_synth`) builds it with CNOTs and Z rotations: at most 2^k - 2 CNOTs
(62 for C^5Z on 6 qubits, where the crx ladder costs 80).

Blocks are grown as `phase_poly` grows its regions, but any unitary gate on one or two
qubits joins while the block stays within MAX_QUBITS qubits; the block's unitary is kept
as a matrix, and the longest prefix that is diagonal (on 3 or more qubits, with at least
MIN_TWO_QUBIT two-qubit gates) is the candidate. It is replaced only when the new circuit
has fewer two-qubit gates (counted as in the CZ world), and only after the new circuit's
diagonal is recomputed from its own gates and found equal to the block's up to global
phase: exact per block. A start that finds no diagonal prefix is retried one gate later
only from the next two-qubit gate (the pass stays near-linear on circuits without such
blocks: most starts fail after a handful of gates, when the matrix stops being diagonal
with no chance of returning there within the window of 64 scanned operations; every block
found on the tuning suites lay within 49).
"""

from __future__ import annotations

import math

import cirq
import numpy as np

from qtool.compile import ir
from qtool.compile.ops import ATOL, is_unitary_op, unitary
from qtool.compile.passes.base import apply_to_circuit
from qtool.compile.passes.phase_fold import z_angle
from qtool.compile.passes.phase_poly import _cost, _kind, gray_synth, program_ops

MAX_QUBITS = 6
MIN_QUBITS = 3
MIN_TWO_QUBIT = 6  # below this, KAK and phase folding do as well
_TOL = 1e-9
_ANGLE_EPS = 1e-10


def diagonal_terms(phases: np.ndarray, k: int) -> dict:
    """{parity mask: theta} with diag(e^(i phases)) = e^(i c) prod_m e^(i theta_m (m.x))
    over k qubits (index x = sum_j bit_j << j); angles that are 0 mod 2 pi dropped."""
    w = np.array(phases, dtype=float)
    h = 1
    while h < len(w):  # fast Walsh-Hadamard transform
        w = w.reshape(-1, 2, h)
        w = np.stack((w[:, 0] + w[:, 1], w[:, 0] - w[:, 1]), axis=1).reshape(-1)
        h *= 2
    theta = -2.0 * w / len(w)
    terms = {}
    for m in range(1, 1 << k):
        t = math.remainder(float(theta[m]), 2 * math.pi)
        if abs(t) > _ANGLE_EPS:
            terms[m] = t
    return terms


_CNOTS: dict = {}


def two_qubit_cost(ops) -> int:
    """CZs `ops` need at least, gate by gate: CX/CZ/controlled phase/ZZ as phase_poly
    counts them, any other unitary two-qubit gate by its KAK class (0-3, cached per
    gate), a non-unitary one (measurement, classically controlled gate) as one."""
    total = 0
    for op in ops:
        if len(op.qubits) != 2:
            continue
        kind = _kind(op)
        if kind:
            total += _cost(op, kind)
            continue
        if not is_unitary_op(op):  # a measurement, a classically controlled gate: one
            total += 1
            continue
        hit = _CNOTS.get(op.gate)
        if hit is None:
            hit = _CNOTS[op.gate] = cirq.num_cnots_required(unitary(op))
        total += hit
    return total


def gray_code_synth(terms: dict, k: int) -> list[tuple]:
    """The diagonal `terms` as ('cx', c, t) and ('z', q, theta) steps, one uniformly
    controlled Rz per target: the terms whose highest bit is t are visited along a Gray
    code over the lower bits they use (2^c CNOTs for c such bits, the last one restoring
    qubit t). A full diagonal costs 2^k - 2 CNOTs; Gray-synth's greedy walk can cost more
    on dense polynomials, so `_resynth` keeps the cheaper of the two."""
    prog: list[tuple] = []
    for t in range(k - 1, -1, -1):
        top = 1 << t
        mine = {m: a for m, a in terms.items() if top <= m < 2 * top}
        if not mine:
            continue
        used = 0
        for m in mine:
            used |= m ^ top
        bits = [b for b in range(t) if used >> b & 1]
        size = 1 << len(bits)
        for s in range(size):
            g = s ^ (s >> 1)
            mask = top
            for j, b in enumerate(bits):
                if g >> j & 1:
                    mask |= 1 << b
            if mask in mine:
                prog.append(("z", t, mine[mask]))
            nxt = ((s + 1) ^ ((s + 1) >> 1)) if s + 1 < size else 0
            flip = g ^ nxt
            if flip:
                prog.append(("cx", bits[flip.bit_length() - 1], t))
    return prog


def _phases_of(ops, index: dict, k: int) -> np.ndarray:
    """The diagonal's phases of a CNOT + Z-rotation program (recomputed from its gates)."""
    x = np.arange(1 << k)
    val = [(x >> j) & 1 for j in range(k)]  # the parity each qubit holds, per input x
    phase = np.zeros(1 << k)
    for op in ops:
        qs = [index[q] for q in op.qubits]
        if len(qs) == 2:
            val[qs[1]] = val[qs[1]] ^ val[qs[0]]
        else:
            phase += math.pi * float(op.gate.exponent) * val[qs[0]]
    if any(not np.array_equal(val[j], (x >> j) & 1) for j in range(k)):
        raise AssertionError("diagonal: resynthesised block is not diagonal")  # a bug
    return phase


class _Block:
    """A growing block's unitary over its local qubits (bit j of an index = local qubit j).

    A gate on local qubits (a, b) multiplies the rows grouped by those bits: the rows are
    gathered in a cached order that puts bit a (then b) slowest, so the update is one
    (4 x 4) @ (4 x rest) product."""

    def __init__(self):
        self.qubits: list = []
        self.local: dict = {}
        self.u = np.ones((1, 1), dtype=complex)

    def fits(self, qs) -> bool:
        return len(self.qubits) + sum(1 for q in qs if q not in self.local) <= MAX_QUBITS

    def apply(self, qs: tuple, mat: np.ndarray) -> None:
        """Multiply by the gate `mat` on qubits `qs` (any hashable labels)."""
        for q in qs:
            if q not in self.local:
                self.local[q] = len(self.qubits)
                self.qubits.append(q)
                # kron(I2, u) (the new qubit is the top bit), without np.kron's overhead
                d = len(self.u)
                grown = np.zeros((2 * d, 2 * d), dtype=complex)
                grown[:d, :d] = grown[d:, d:] = self.u
                self.u = grown
        m = len(self.qubits)
        bits = tuple(self.local[q] for q in qs)
        order = _row_order(m, bits)
        n = 1 << len(bits)
        rows = self.u[order].reshape(n, -1)
        self.u[order] = (mat @ rows).reshape(-1, 1 << m)

    def flips(self, bit: int) -> bool:
        """Does the unitary move amplitude between basis states that differ in `bit`?
        Gates on other qubits only mix rows within each half of that bit, so they keep
        the norm of each column's part in the other half (at least its largest entry).
        Above _FLIP, some entry of that part stays above _FLIP / 2^((MAX_QUBITS - 1) / 2)
        > ops.ATOL at every later prefix, which is then never diagonal."""
        m = len(self.qubits)
        return bool(np.abs(self.u[_flip_mask(m, bit)]).max() > _FLIP)

    def diagonal(self) -> bool:
        """Off-diagonal entries all below ops.ATOL (the tolerance every pass calls a gate
        diagonal with). A unit-modulus diagonal alone is not enough: a row with |d| >
        1 - 1e-9 may still hold ~4e-5 off the diagonal (an rx(3e-5) inside a ladder),
        which the rewrite would silently drop. The cheap modulus test filters first."""
        d = np.diagonal(self.u)
        if np.abs(d).min() <= 1 - _TOL:
            return False
        return bool(np.abs(self.u - np.diag(d)).max() < ATOL)


_ORDERS: dict = {}
_FLIPS: dict = {}
_FLIP = 1e-7  # > ATOL * 2^((MAX_QUBITS - 1) / 2): a flip this large is never undone below ATOL


def _flip_mask(m: int, bit: int) -> np.ndarray:
    """Boolean (2^m, 2^m) mask of the entries (x, y) whose indices differ in `bit`."""
    key = (m, bit)
    hit = _FLIPS.get(key)
    if hit is None:
        x = np.arange(1 << m)
        hit = _FLIPS[key] = ((x[:, None] ^ x[None, :]) >> bit & 1).astype(bool)
    return hit


def _row_order(m: int, bits: tuple) -> np.ndarray:
    """Row indices with the gate's bits (its first qubit most significant, as in cirq's
    matrices) as the slowest-varying index, the other bits after them."""
    key = (m, bits)
    hit = _ORDERS.get(key)
    if hit is None:
        rest = [j for j in range(m) if j not in bits]
        order = []
        for g in range(1 << len(bits)):
            base = 0
            for k, b in enumerate(bits):
                if g >> (len(bits) - 1 - k) & 1:
                    base |= 1 << b
            for r in range(1 << len(rest)):
                idx = base
                for k, b in enumerate(rest):
                    if r >> k & 1:
                        idx |= 1 << b
                order.append(idx)
        hit = _ORDERS[key] = np.array(order)
    return hit


def _resynth(block_ops: list, qubits: list, u: np.ndarray) -> list | None:
    """CNOT + Rz ops equal to the diagonal u (up to global phase), if cheaper, else None."""
    k = len(qubits)
    d = np.diag(u)
    phases = np.angle(d / d[0])
    terms = diagonal_terms(phases, k)
    prog = min((gray_synth(terms, k, [1 << j for j in range(k)]), gray_code_synth(terms, k)),
               key=lambda p: sum(1 for s in p if s[0] == "cx"))
    if sum(1 for s in prog if s[0] == "cx") >= two_qubit_cost(block_ops):
        return None
    new = program_ops(prog, qubits)
    index = {q: j for j, q in enumerate(qubits)}
    got = _phases_of(new, index, k)
    diff = np.exp(1j * (got - phases))
    if np.abs(diff - diff[0]).max() > 1e-7:
        raise AssertionError("diagonal: resynthesised block differs")  # a bug, never input
    return new


def diagonal_ops(ops, *, window: int = 64, max_two_qubit: int = 64) -> list[cirq.Operation]:
    """Every diagonal-as-a-whole block (module doc) resynthesised where that saves
    two-qubit gates; the input list itself when nothing was rewritten."""
    ops = list(ops)
    recs = ir.records(ops)  # qubits as ints, unitary flags and matrices read once
    ok = [r.unitary and len(r.q) <= 2 for r in recs]
    fence = [not r.unitary for r in recs]
    # A single-qubit gate that is not diagonal: in the second way of growing, it closes
    # its qubit (a crx ladder's neighbours stay out of its block).
    mixing = [ok[k] and len(op.qubits) == 1 and z_angle(op) is None
              for k, op in enumerate(ops)]
    out: list = []
    changed = False
    stack = list(range(len(ops) - 1, -1, -1))  # op indices, next on top
    while stack:
        i = stack.pop()
        if not ok[i] or len(recs[i].q) != 2:
            out.append(ops[i])
            continue
        best, took_mixing = _grow(i, stack, ops, recs, ok, fence, None, window,
                                  max_two_qubit, mixing)
        if took_mixing:  # else growing without them would take the very same ops
            found, _ = _grow(i, stack, ops, recs, ok, fence, mixing, window, max_two_qubit,
                             mixing)
            if found is not None and (best is None or found[0] > best[0]):
                best = found
        if best is None:
            out.append(ops[i])
            continue
        _, n_scanned, deferred, new = best
        changed = True
        out.extend(new)
        # What was scanned but not taken goes back, in order, before the rest.
        del stack[len(stack) - n_scanned:]
        stack.extend(reversed(deferred))
    return out if changed else ops


def _grow(i, stack, ops, recs, ok, fence, closes, window, max_two_qubit, mixing):
    """Grow a block from op i over the ops on `stack` (top = next; not changed). Returns
    ((two-qubit gates saved, ops scanned, the scanned ops left out, new ops) or None,
    whether the block took a non-diagonal single-qubit gate)."""
    block = _Block()  # over qubit ints (ir records); cirq qubits only for the result
    block.apply(recs[i].q, recs[i].matrix)
    members = [i]
    closed: set = set()
    best = None  # (len(members), len(scanned), u, qubits)
    twoq = 1
    scanned = []  # (index, taken?)
    took_mixing = False
    pos = len(stack) - 1
    while pos >= 0 and len(scanned) < window and twoq < max_two_qubit:
        j = stack[pos]
        if fence[j]:
            break
        pos -= 1
        qs = recs[j].q
        if (ok[j] and not (closes is not None and closes[j])
                and not any(q in closed for q in qs) and block.fits(qs)):
            block.apply(qs, recs[j].matrix)
            members.append(j)
            scanned.append((j, True))
            twoq += len(qs) == 2
            took_mixing |= mixing[j]
            if (twoq >= MIN_TWO_QUBIT and len(block.qubits) >= MIN_QUBITS
                    and block.diagonal()):
                best = (len(members), len(scanned), block.u.copy(), list(block.qubits))
            continue
        scanned.append((j, False))
        newly = [q for q in qs if q in block.local and q not in closed]
        closed.update(qs)
        if set(block.qubits) <= closed:
            break
        # Nothing later acts on a closed qubit, so if the block already moves amplitude
        # between states differing in that qubit's bit, no longer prefix is diagonal.
        if any(block.flips(block.local[q]) for q in newly):
            break
    if best is None:
        return None, took_mixing
    n_members, n_scanned, u, local = best
    taken = [ops[k] for k in members[:n_members]]
    named = {}
    for k in members[:n_members]:
        named.update(zip(recs[k].q, ops[k].qubits))
    qubits = [named[q] for q in local]
    new = _resynth(taken, qubits, u)
    if new is None:
        return None, took_mixing
    deferred = [j for j, t in scanned[:n_scanned] if not t]
    return (two_qubit_cost(taken) - two_qubit_cost(new), n_scanned, deferred, new), took_mixing


@cirq.transformer
def diagonal_blocks(circuit: cirq.AbstractCircuit, *, context=None) -> cirq.Circuit:
    """Transformer form of diagonal_ops (honours context.tags_to_ignore and deep)."""
    return apply_to_circuit(circuit, context, diagonal_ops)
