"""CZ -> CX with each CNOT's target chosen so the Hadamards it brings merge well.

CZ(a, b) = H(b) CX(a, b) H(b) = H(a) CX(b, a) H(a): either qubit can be the target. The
CZ world's optimiser leaves single-qubit runs such as Rx(t) between two CZs of a
controlled phase; with the target on that qubit the run becomes H Rx(t) H = Rz(t), one
rz, instead of rz sx rz sx rz. Always taking the second qubit (the plain rule) spends the
long form about half the time: MQT Bench QFT circuits came out at 3x Qiskit's depth.

Each CZ has two choices and each single-qubit run between two CZs on a wire (or a wire's
end) is costed by the number of rz/sx/x gates its matrix needs once the neighbouring
Hadamards are folded in (0 identity, 1 diagonal, 2 antidiagonal, 3 one sx, 5 general).
Starting from the plain rule, sweeps over the CZs, and over pairs of CZs joined by a run,
set each to its cheapest choice given its neighbours' (the total never rises, so the
result is never worse than the plain rule in that count); the unitary is the same
whatever the choices.
"""

from __future__ import annotations

import cirq
import numpy as np

from qtool.compile.ops import is_unitary_op, unitary

_H = np.array([[1, 1], [1, -1]], dtype=complex) / np.sqrt(2)
_I = np.eye(2, dtype=complex)
_TOL = 1e-8
SWEEPS = 2


def ibm_1q_cost(m: np.ndarray) -> int:
    """rz/sx/x gates a 2x2 unitary needs (as synth_1q.ibm_emit writes it)."""
    a, b = abs(m[0, 0]), abs(m[0, 1])
    if b < _TOL:
        return 0 if abs(m[0, 0] - m[1, 1]) < _TOL else 1
    if a < _TOL:
        return 1 if abs(m[0, 1] - m[1, 0]) < _TOL else 2
    if abs(a - b) < _TOL:
        return 3
    return 5


def _is_cz(op) -> bool:
    return op.gate is cirq.CZ or op.gate == cirq.CZ


def cz_to_cx_oriented(ops) -> list[cirq.Operation]:
    """Every CZ as H CX H with the target picked as the module doc says."""
    ops = list(ops)
    czs = [k for k, op in enumerate(ops) if _is_cz(op)]
    if not czs:
        return ops
    slot = {k: s for s, k in enumerate(czs)}
    # Per wire: the runs between its CZs. run = [matrix, CZ slot before or None, slot after
    # or None]; each CZ slot knows its run before and after on each of its two qubits.
    runs: list = []
    last: dict = {}  # qubit -> index of its open run
    around = [[None, None, None, None] for _ in czs]  # (before q0, after q0, before q1, after q1)
    for k, op in enumerate(ops):
        if k in slot:
            s = slot[k]
            for side, q in enumerate(op.qubits):
                r = last.get(q)
                if r is None:
                    r = len(runs)
                    runs.append([_I, None, None, q])
                runs[r][2] = s
                around[s][2 * side] = r
                nr = len(runs)
                runs.append([_I, s, None, q])
                around[s][2 * side + 1] = nr
                last[q] = nr
            continue
        if len(op.qubits) == 1 and is_unitary_op(op):
            q = op.qubits[0]
            r = last.get(q)
            if r is None:
                r = last[q] = len(runs)
                runs.append([_I, None, None, q])
            runs[r][0] = unitary(op) @ runs[r][0]
        else:
            # Anything else (other 2q gates, measurements, fences) ends its wires' runs: a
            # run there keeps whatever Hadamard it gets, costed as if the wire ended.
            for q in op.qubits:
                last.pop(q, None)
    choice = [1] * len(czs)  # index into op.qubits of the target: the plain rule's
    # Each run's cost with or without a Hadamard before and after it: table[r][hb][ha].
    table = []
    for m, _, _, _ in runs:
        mh = m @ _H
        table.append(((ibm_1q_cost(m), ibm_1q_cost(_H @ m)),
                      (ibm_1q_cost(mh), ibm_1q_cost(_H @ mh))))
    # The target index that puts a Hadamard on this run's side of its CZ before/after.
    side_b = [None if r[1] is None else ops[czs[r[1]]].qubits.index(r[3]) for r in runs]
    side_a = [None if r[2] is None else ops[czs[r[2]]].qubits.index(r[3]) for r in runs]

    def run_cost(r) -> int:
        b, a = runs[r][1], runs[r][2]
        hb = b is not None and choice[b] == side_b[r]
        ha = a is not None and choice[a] == side_a[r]
        return table[r][hb][ha]

    # Pairs of CZs joined by a run move together (a controlled phase's two CZs flip at
    # once: one at a time, each flip alone costs more and the sweep would stay put).
    # Only where Hadamards on both of its ends change the joining run's cost (Rx(t) -> Rz(t));
    # a general run costs the same either way, and the pass stays cheap on such circuits.
    pairs = [(r[1], r[2]) for k, r in enumerate(runs) if r[1] is not None
             and r[2] is not None and r[1] != r[2] and table[k][1][1] != table[k][0][0]]
    groups = [(s,) for s in range(len(czs))] + pairs
    for _ in range(SWEEPS):
        changed = False
        for group in groups:
            touched = {r for s in group for r in around[s]}
            old = tuple(choice[s] for s in group)
            best, best_cost = old, None
            for combo in ((0,), (1,)) if len(group) == 1 else ((0, 0), (0, 1), (1, 0), (1, 1)):
                for s, c in zip(group, combo):
                    choice[s] = c
                cost = sum(run_cost(r) for r in touched)
                if best_cost is None or cost < best_cost or (cost == best_cost and combo == old):
                    best, best_cost = combo, cost
            for s, c in zip(group, best):
                choice[s] = c
            changed |= best != old
        if not changed:
            break
    out = []
    for k, op in enumerate(ops):
        if k in slot:
            q = op.qubits
            t = q[choice[slot[k]]]
            c = q[1 - choice[slot[k]]]
            out.extend((cirq.H(t), cirq.CNOT(c, t), cirq.H(t)))
        else:
            out.append(op)
    return out
