"""Gather two-qubit gates into the block of their pair, through gates they commute with.

consolidate only sees a run of gates on one qubit pair that nothing else interrupts:
CZ(a,b) .. CZ(b,c) .. CZ(a,b) is two blocks on (a,b), though the CZs all commute. This pass
moves each two-qubit gate g on (a,b) earlier in the list, past every gate it commutes with
(the exact, sufficient test of ops.commutes: same diagonal basis on shared qubits), and
only when the first gate it cannot pass acts inside {a,b}: g then joins that gate's block,
so consolidate can resynthesise the longer block (fewer CZs when its KAK class allows).
The reverse direction (moving gates later) is the same walk on the reversed list, since
commutation is symmetric. Reordering commuting gates keeps the unitary exactly; non-unitary
operations (measurements, fences) never commute, so nothing crosses them.

A window bounds the backward walk so the pass stays linear on large circuits.
"""

from __future__ import annotations

import cirq

from qtool.compile.ir import records
from qtool.compile.ops import commutes
from qtool.compile.passes.base import apply_to_circuit


def _gather_backward(ops: list, window: int) -> list:
    out: list = []
    qubits: list = []  # the qubit ints of out[i] (qtool.compile.ir records)
    labels: list = []  # diagonal_labels of out[i] (None for non-unitary ops)
    for op, r in zip(ops, records(ops)):
        qs = r.q
        lab = r.labels if r.unitary else None
        if len(qs) != 2 or lab is None:
            out.append(op)
            qubits.append(qs)
            labels.append(lab)
            continue
        a, b = qs
        stop = None
        crossed = False
        j = len(out) - 1
        limit = max(-1, j - window)
        while j > limit:
            other = qubits[j]
            if a in other or b in other:
                if commutes(lab, qs, labels[j], other):
                    crossed = True
                else:
                    stop = j
                    break
            j -= 1
        if stop is not None and crossed and all(q == a or q == b for q in qubits[stop]):
            out.insert(stop + 1, op)
            qubits.insert(stop + 1, qs)
            labels.insert(stop + 1, lab)
        else:
            out.append(op)
            qubits.append(qs)
            labels.append(lab)
    return out


def gather_ops(ops, *, window: int = 64) -> list[cirq.Operation]:
    """Two-qubit gates moved next to earlier, then later, gates on their own pair."""
    ops = _gather_backward(list(ops), window)
    return _gather_backward(ops[::-1], window)[::-1]


@cirq.transformer
def gather_two_qubit_blocks(circuit: cirq.AbstractCircuit, *, context=None) -> cirq.Circuit:
    """Transformer form of gather_ops (honours context.tags_to_ignore and context.deep)."""
    return apply_to_circuit(circuit, context, gather_ops)
