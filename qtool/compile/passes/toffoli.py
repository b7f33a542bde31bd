"""Toffoli (CCX, CCZ, Fredkin) decomposition with the T polarity that cancels neighbours.

CCZ = e^(i pi abc) has two exact 7-T circuits: the textbook phase polynomial
(pi/4)(a + b + c - a^b - a^c - b^c + a^b^c) and its negation (-pi abc = pi abc mod 2 pi),
i.e. T and T-dagger exchanged. Which one a Toffoli gets decides what phase folding
(passes/phase_fold.py) can do with it: a compute/uncompute pair written with the same
polarity leaves S gates on the controls' parities, with opposite polarities those terms
vanish, and the CNOTs that carried them can then cancel (Nam et al. 2018, section 4.1).

The pass walks the circuit once, following parities as phase folding does, with the sum
of Z angles seen so far on each parity; at each Toffoli it picks the polarity after which
its seven parities carry fewer rotations (a T counting double), ties going to the
textbook form, and emits it. Other gates pass through unchanged.
"""

from __future__ import annotations

import math

import cirq

from qtool.analysis.metrics import t_angle
from qtool.compile.ops import is_unitary_op
from qtool.compile.passes.base import apply_to_circuit
from qtool.compile.passes.phase_fold import Parities

_T, _TDG = cirq.T, cirq.T**-1


def ccz_ops(a, b, c, polarity: int = 1) -> list[cirq.Operation]:
    """CCZ(a, b, c) with 6 CNOTs and 7 T gates; polarity -1 exchanges T and T-dagger."""
    t, td = (_T, _TDG) if polarity > 0 else (_TDG, _T)
    return [cirq.CNOT(b, c), td(c), cirq.CNOT(a, c), t(c), cirq.CNOT(b, c), td(c),
            cirq.CNOT(a, c), t(b), t(c), cirq.CNOT(a, b), t(a), td(b), cirq.CNOT(a, b)]


def _expansion(op: cirq.Operation, polarity: int) -> list[cirq.Operation] | None:
    g, q = op.gate, op.qubits
    if len(q) != 3:  # most ops: skip three slow gate comparisons
        return None
    if g == cirq.CCX:
        return [cirq.H(q[2]), *ccz_ops(*q, polarity), cirq.H(q[2])]
    if g == cirq.CCZ:
        return ccz_ops(*q, polarity)
    if g == cirq.CSWAP:
        c, x, y = q
        return [cirq.CNOT(y, x), cirq.H(y), *ccz_ops(c, x, y, polarity), cirq.H(y),
                cirq.CNOT(y, x)]
    return None


def _score(par: Parities, total: dict, parts: list) -> int:
    """Rotations left on the parities `parts` touches, were they emitted now: a T counts
    2, any other non-zero angle 1 (an S still costs a gate, and keeps its CNOTs)."""
    trial = Parities()
    trial.label = dict(par.label)
    trial.n = par.n
    trial.before_h = dict(par.before_h)
    delta: dict[int, float] = {}
    for op in parts:
        hit = trial.step(op)
        if hit is not None:
            _, mask, sign, theta = hit
            delta[mask] = delta.get(mask, 0.0) + sign * theta
    score = 0
    for m, d in delta.items():
        theta = total.get(m, 0.0) + d
        score += 2 if t_angle(theta) else int(abs(math.remainder(theta, 2 * math.pi)) > 1e-9)
    return score


def toffoli_ops(ops) -> list[cirq.Operation]:
    """Every CCX, CCZ and CSWAP as Clifford+T, polarity chosen as the module doc says."""
    ops = list(ops)
    if not any(len(op.qubits) == 3 for op in ops):
        return ops  # nothing to decompose: skip tracking parities through the circuit
    out: list = []
    par = Parities()
    total: dict[int, float] = {}

    def feed(op):
        hit = par.step(op)
        if hit is not None:
            _, mask, sign, theta = hit
            total[mask] = total.get(mask, 0.0) + sign * theta

    for op in ops:
        if not is_unitary_op(op):
            out.append(op)
            par, total = Parities(), {}  # a new region for phase folding too
            continue
        plus = _expansion(op, 1)
        if plus is None:
            out.append(op)
            feed(op)
            continue
        minus = _expansion(op, -1)
        parts = minus if _score(par, total, minus) < _score(par, total, plus) else plus
        for p in parts:
            out.append(p)
            feed(p)
    return out


@cirq.transformer
def toffoli_polarity(circuit: cirq.AbstractCircuit, *, context=None) -> cirq.Circuit:
    """Transformer form of toffoli_ops (honours context.tags_to_ignore and context.deep)."""
    return apply_to_circuit(circuit, context, toffoli_ops)
