"""Resynthesis of {CNOT, diagonal} regions from their phase polynomial (Gray-synth).

A circuit of CNOTs and diagonal gates (Z rotations, controlled phases, ZZ rotations) is,
up to global phase, fully described by its phase polynomial (each parity of the region's
inputs with the total angle it is rotated by) and the linear map its CNOTs apply. Amy,
Azimzadeh and Mosca's Gray-synth ("On the CNOT-complexity of CNOT-phase circuits", 2018)
builds a circuit from that description that visits every parity along a Gray-code-like
CNOT path, sharing CNOTs between parities that differ in few bits, then restores the
linear map by Gaussian elimination. Written gate by gate, QAOA's ZZ layers, CP ladders
and compute/uncompute arithmetic spend two CNOTs per parity; the shared path often fewer.

Regions are grown greedily in list order: a CNOT or diagonal gate joins while none of its
qubits is closed; any other gate closes its qubits (it and everything later on them stay
after the region; what joins later acts on other qubits, so it commutes with them). A
region ends at a non-unitary operation, when every qubit it touched is closed, or after a
window of scanned gates (the pass stays linear). A region is replaced only when the new
circuit has fewer two-qubit gates, counted as the CZ-world pipeline will (a CZ is one, a
general controlled phase or ZZ rotation two), and only after the new circuit's phase
polynomial and linear map are recomputed and found equal to the old one's: exact per block.
"""

from __future__ import annotations

import math

import cirq

from qtool.compile.ops import is_unitary_op
from qtool.compile.passes.base import apply_to_circuit
from qtool.compile.passes.phase_fold import z_angle
from qtool.gates import wrap_exponent

TWO_PI = 2 * math.pi
_EPS = 1e-9
# Two-qubit regions are left to consolidate's KAK resynthesis, which is optimal there.
MIN_QUBITS = 3


def _is_cnot(g) -> bool:
    return isinstance(g, cirq.CXPowGate) and isinstance(g.exponent, (int, float)) \
        and g.exponent % 2 == 1


def _kind(op):
    """'cx', 'cz' (CZPowGate), 'zz' (ZZPowGate), 'z' (diagonal 1q) or None."""
    g = op.gate
    if g is None or not is_unitary_op(op):
        return None
    n = len(op.qubits)
    if n == 2:
        if _is_cnot(g):
            return "cx"
        if type(g) is cirq.CZPowGate and isinstance(g.exponent, (int, float)) \
                and g.global_shift == 0:
            return "cz"
        if type(g) is cirq.ZZPowGate and isinstance(g.exponent, (int, float)):
            return "zz"
        return None
    if n == 1 and z_angle(op) is not None:
        return "z"
    return None


def _cost(op, kind) -> int:
    """Two-qubit gates `op` costs once in the CZ world."""
    if kind == "cx":
        return 1
    if kind in ("cz", "zz"):
        e = op.gate.exponent % 2
        if abs(e) < _EPS or abs(e - 2) < _EPS:
            return 0
        return 1 if abs(e - 1) < _EPS else 2
    return 0


def cz_world_cost(ops) -> int:
    """Two-qubit gates `ops` will cost in the CZ world (other 2q gates count one)."""
    total = 0
    for op in ops:
        if len(op.qubits) == 2:
            kind = _kind(op)
            total += _cost(op, kind) if kind else 1
    return total


def _add(terms: dict, mask: int, theta: float) -> None:
    if mask:
        terms[mask] = terms.get(mask, 0.0) + theta


def phase_polynomial(ops, index: dict) -> tuple[dict, list]:
    """(terms, lin) of region ops over local qubits `index` (qubit -> bit): terms maps a
    parity mask of the inputs to its total angle (global phase dropped); lin[k] is the
    parity qubit k holds at the end."""
    lin = [1 << k for k in range(len(index))]
    terms: dict = {}
    for op in ops:
        kind = _kind(op)
        qs = [index[q] for q in op.qubits]
        if kind == "cx":
            lin[qs[1]] ^= lin[qs[0]]
        elif kind == "z":
            _add(terms, lin[qs[0]], z_angle(op))
        elif kind == "cz":
            # e^(i t ab) = e^(i t/2 (a + b - a^b))
            t = math.pi * float(op.gate.exponent)
            a, b = lin[qs[0]], lin[qs[1]]
            _add(terms, a, t / 2)
            _add(terms, b, t / 2)
            _add(terms, a ^ b, -t / 2)
        elif kind == "zz":
            # ZZ**t = diag(1, w, w, 1), w = e^(i pi t): a phase on the parity a^b
            _add(terms, lin[qs[0]] ^ lin[qs[1]], math.pi * float(op.gate.exponent))
        else:
            raise ValueError(f"not a CNOT-phase gate: {op}")
    return _reduce(terms), lin


def _reduce(terms: dict) -> dict:
    out = {}
    for m, t in terms.items():
        t = math.remainder(t, TWO_PI)
        if abs(t) > _EPS:
            out[m] = t
    return out


def gray_synth(terms: dict, n: int, target_lin: list) -> list[tuple]:
    """A CNOT + rotation program realising `terms` over n qubits and ending with qubit k
    holding target_lin[k]: ('cx', c, t) and ('z', q, theta) steps (Amy et al. 2018,
    Algorithm 1, then Gaussian elimination for the linear map)."""
    prog: list[tuple] = []
    cur = {}  # column id -> parity in the current qubit basis
    angle = {}
    lin = [1 << k for k in range(n)]  # qubit k's value as a parity of the inputs
    for k, (m, t) in enumerate(sorted(terms.items())):
        cur[k], angle[k] = m, t

    def emit_ready():
        for k in [k for k, m in cur.items() if m & (m - 1) == 0]:
            prog.append(("z", cur[k].bit_length() - 1, angle[k]))
            del cur[k]

    def cnot(c, t):
        prog.append(("cx", c, t))
        lin[t] ^= lin[c]
        bt, bc = 1 << t, 1 << c
        for k, m in cur.items():
            if m & bt:
                cur[k] = m ^ bc
        emit_ready()

    emit_ready()
    stack = [(list(cur), tuple(range(n)), None)]
    while stack:
        cols, rows, i = stack.pop()
        cols = [k for k in cols if k in cur]
        if not cols:
            continue
        if i is not None:
            while cols:
                common = ~0
                for k in cols:
                    common &= cur[k]
                common &= ~(1 << i)
                if not common:
                    break
                cnot((common & -common).bit_length() - 1, i)
                cols = [k for k in cols if k in cur]
            if not cols:
                continue
        if not rows:
            continue
        best, best_score = rows[0], -1
        for j in rows:
            ones = sum(1 for k in cols if cur[k] >> j & 1)
            score = max(ones, len(cols) - ones)
            if score > best_score:
                best, best_score = j, score
        rest = tuple(r for r in rows if r != best)
        zeros = [k for k in cols if not cur[k] >> best & 1]
        ones = [k for k in cols if cur[k] >> best & 1]
        stack.append((ones, rest, best if i is None else i))
        stack.append((zeros, rest, i))
    for k in list(cur):  # not reached by the recursion: a CNOT ladder onto one qubit
        m = cur.get(k)
        if m is None:
            continue
        t = m.bit_length() - 1
        rest = m ^ (1 << t)
        while rest and k in cur:
            c = (rest & -rest).bit_length() - 1
            rest ^= 1 << c
            cnot(c, t)
    prog.extend(_linear(lin, target_lin))
    return prog


def _linear(lin: list, target: list) -> list[tuple]:
    """CNOTs (('cx', c, t), lin[t] ^= lin[c]) turning the rows `lin` into `target`: the
    elimination of E = target . lin^-1 to the identity, replayed backwards."""
    n = len(lin)
    if lin == target:
        return []
    # Express each target row in the basis of the current rows: E[q] has bit k when
    # target[q] uses lin[k]. Gauss-Jordan on (lin | I) gives lin^-1.
    rows = list(lin)
    inv = [1 << k for k in range(n)]
    for col in range(n):
        bit = 1 << col
        piv = next(r for r in range(col, n) if rows[r] & bit)
        if piv != col:
            rows[col], rows[piv] = rows[piv], rows[col]
            inv[col], inv[piv] = inv[piv], inv[col]
        for r in range(n):
            if r != col and rows[r] & bit:
                rows[r] ^= rows[col]
                inv[r] ^= inv[col]
    e = []
    for q in range(n):
        m, acc = target[q], 0
        while m:
            low = m & -m
            acc ^= inv[low.bit_length() - 1]
            m ^= low
        e.append(acc)
    ops = []
    for col in range(n):
        bit = 1 << col
        if not e[col] & bit:
            piv = next(r for r in range(col + 1, n) if e[r] & bit)
            e[col] ^= e[piv]
            ops.append((col, piv))
        for r in range(n):
            if r != col and e[r] & bit:
                e[r] ^= e[col]
                ops.append((r, col))
    return [("cx", c, t) for t, c in reversed(ops)]


def program_ops(prog: list[tuple], qubits: list) -> list[cirq.Operation]:
    """The cirq operations of a Gray-synth program (`("cx", control, target)` and
    `("z", qubit, theta)` steps, qubits as indices into `qubits`): CNOTs and Z rotations
    Z**(theta/pi), the form both this pass and `diagonal` write their blocks in."""
    new = []
    for s in prog:
        if s[0] == "cx":
            new.append(cirq.CNOT(qubits[s[1]], qubits[s[2]]))
        else:
            new.append(cirq.ZPowGate(exponent=wrap_exponent(s[2] / math.pi)).on(qubits[s[1]]))
    return new


def _resynth(region: list, kinds: list) -> list:
    old = 0
    for op, kind in zip(region, kinds):
        if kind != "z":
            old += _cost(op, kind)
    if old < 2:
        return region
    qubits = sorted({q for op in region for q in op.qubits})
    if len(qubits) < MIN_QUBITS:
        return region
    index = {q: k for k, q in enumerate(qubits)}
    terms, lin = phase_polynomial(region, index)
    prog = gray_synth(terms, len(qubits), lin)
    if sum(1 for s in prog if s[0] == "cx") >= old:
        return region
    new = program_ops(prog, qubits)
    terms2, lin2 = phase_polynomial(new, index)
    if lin2 != lin or set(terms2) != set(terms) or any(
            abs(math.remainder(terms2[m] - terms[m], TWO_PI)) > 1e-8 for m in terms):
        raise AssertionError("phase_poly: resynthesised region differs")  # a bug, never input
    return new


_FENCE = "fence"


def phase_poly_ops(ops, *, window: int = 256, backward: bool = False) -> list[cirq.Operation]:
    """Every greedy {CNOT, diagonal} region resynthesised by Gray-synth where that saves
    two-qubit gates (module doc). `backward` grows the regions from the end of the list
    instead (the mirror argument holds), which cuts the circuit into other regions."""
    ops = list(ops)
    wire: dict = {}
    kinds, wires = [], []
    for op in ops:
        kinds.append(_kind(op) if is_unitary_op(op) else _FENCE)
        wires.append(tuple(wire.setdefault(q, len(wire)) for q in op.qubits))
    order = range(len(ops) - 1, -1, -1) if backward else range(len(ops))
    out, changed = _regions(list(order), kinds, wires, window, ops, backward)
    # Nothing rewritten: the input as it was (the regions' walk reorders commuting gates).
    if not changed:
        return ops
    return out[::-1] if backward else out


def _regions(order: list, kinds: list, wires: list, window: int, ops: list,
             backward: bool) -> tuple[list, bool]:
    out: list = []
    changed = False
    stack = order[::-1]  # op indices, next on top
    while stack:
        i = stack.pop()
        if kinds[i] is None or kinds[i] == _FENCE:
            out.append(ops[i])
            continue
        region = [i]
        touched = set(wires[i])
        closed: set = set()
        deferred: list = []
        scanned = 0
        while stack and scanned < window:
            j = stack[-1]
            kind = kinds[j]
            if kind == _FENCE:
                break
            stack.pop()
            scanned += 1
            qs = wires[j]
            if kind is not None and not any(q in closed for q in qs):
                region.append(j)
                touched.update(qs)
                continue
            closed.update(qs)
            deferred.append(j)
            if touched <= closed:
                break
        stack.extend(reversed(deferred))
        if backward:
            region.reverse()
        old = [ops[k] for k in region]
        new = _resynth(old, [kinds[k] for k in region])
        if new is not old:
            changed = True
        out.extend(new[::-1] if backward else new)
    return out, changed


@cirq.transformer
def phase_poly(circuit: cirq.AbstractCircuit, *, context=None) -> cirq.Circuit:
    """Transformer form of phase_poly_ops (honours context.tags_to_ignore and deep)."""
    return apply_to_circuit(circuit, context, phase_poly_ops)
