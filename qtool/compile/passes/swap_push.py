"""SWAPs moved next to a two-qubit gate on their own pair, without relabelling the output.

A SWAP costs three entanglers on its own, yet SWAP . G for a two-qubit gate G on the same
pair costs at most three as a whole (KAK): next to a CX or CZ it saves two (the pair
becomes a DCNOT- or iSWAP-like block of two), next to a controlled phase two. Written
circuits rarely put the two side by side: the inverse QFT of QPE and HHL starts with its
SWAPs and meets the same pair only a few gates later, with gates on other pairs between.

Any gate commutes past a SWAP once its qubits are exchanged (SWAP(a,b) . G = G' . SWAP(a,b),
G' being G with a and b swapped), so the SWAP can travel. For each SWAP the pass looks
forwards, then backwards, for the nearest operation that acts on both of its qubits, within
a window. If that is a unitary two-qubit gate on the pair, the SWAP is moved next to it and
every gate it passed has a and b exchanged; if it is another SWAP on the pair, both go
(SWAP . SWAP = 1). A non-unitary operation on a or b (measurement, classically controlled
gate, ignored gate) stops the search, as does any wider gate on both, or a SWAP sharing
one qubit (so each SWAP moves at most once and the pass ends). The output equals
the input exactly, gate for gate up to relabelling, on the same wires: no silent
permutation. Consolidation (KAK) then merges the SWAP into its new block.

SWAPs written out as three CNOTs (transpiled circuits) are first made cirq.SWAPs again
by `expose_swaps` (the block's single-qubit factors kept before it), so they can travel
too; one that finds no partner is merged back by consolidation at the same cost.

Where SWAP elision may relabel qubits (terminal measurements on every qubit, or before
routing), elision removes SWAPs outright and this pass would only hand them to a block;
the pipeline then leaves it out.
"""

from __future__ import annotations

import cirq
import numpy as np

from qtool.compile.ops import is_unitary_op
from qtool.compile.passes.base import apply_to_circuit
from qtool.compile.passes.consolidate import _SWAP, _Block, block_unitary, collect_blocks
from qtool.compile.passes.merge_1q import matrix_to_phxz

WINDOW = 64  # operations scanned each way per SWAP: the pass stays linear


def _is_swap(op) -> bool:
    return op.gate == cirq.SWAP and len(op.qubits) == 2 and not op.classical_controls


def _partner(ops: list, i: int, step: int, window: int) -> tuple[int, bool] | None:
    """(index, moved) of the nearest op from i in direction `step` acting on both of the
    SWAP's qubits, if it is a unitary two-qubit gate; `moved` says whether an op on a or b
    lies between (if not, the SWAP already sits next to it). None when the search stops."""
    a, b = ops[i].qubits
    between = False
    j = i + step
    seen = 0
    while 0 <= j < len(ops) and seen < window:
        op = ops[j]
        if op is not None:
            seen += 1
            qs = op.qubits
            on_a, on_b = a in qs, b in qs
            if on_a or on_b:
                if not is_unitary_op(op):
                    return None
                if on_a and on_b:
                    return (j, between) if len(qs) == 2 else None
                if _is_swap(op):
                    return None  # SWAPs sharing a qubit keep their order: each moves once
                between = True
        j += step
    return None


def expose_swaps(ops) -> list[cirq.Operation]:
    """Blocks of three CNOTs or CZs on one pair that are a SWAP up to single-qubit gates
    (a SWAP written out, as transpiled circuits do) rewritten as those single-qubit
    gates followed by a cirq.SWAP, so that swap_push_ops can move it; exact (the local
    factors are read off SWAP . U and the result checked against U). The input list itself
    when there is none."""
    out: list = []
    changed = False
    for item in collect_blocks(ops):
        if not isinstance(item, _Block):
            out.append(item)
            continue
        two = [op for op, r in zip(item.ops, item.recs) if len(r.q) == 2]
        if len(two) == 3 and all(op.gate in (cirq.CNOT, cirq.CZ) for op in two):
            new = _as_swap(item)
            if new is not None:
                out.extend(new)
                changed = True
                continue
        out.extend(item.ops)
    return out if changed else ops


def _as_swap(blk: _Block) -> list | None:
    a, b = blk.qubits
    u = block_unitary(blk.qubits, blk.ops, blk.recs)
    v = _SWAP @ u  # U = SWAP . V: V first, then the SWAP
    if cirq.num_cnots_required(v) != 0:
        return None
    _, fa, fb = cirq.kron_factor_4x4_to_2x2s(v)
    rebuilt = _SWAP @ np.kron(fa, fb)
    if not cirq.allclose_up_to_global_phase(rebuilt, u, atol=1e-9):
        raise AssertionError("swap_push: exposed SWAP differs")  # a bug, never input
    return [*_local(a, fa), *_local(b, fb), cirq.SWAP(a, b)]


def _local(q, m) -> list:
    if cirq.allclose_up_to_global_phase(m, np.eye(2), atol=1e-10):
        return []
    return [matrix_to_phxz(m).on(q)]


def swap_push_ops(ops, *, window: int = WINDOW) -> list[cirq.Operation]:
    """Every SWAP moved next to the nearest two-qubit gate on its pair, or cancelled with
    the nearest SWAP on it, where only gates that it can pass lie between (module doc).
    The input list itself when no SWAP moved."""
    ops = list(ops)
    if not any(_is_swap(op) for op in ops):
        return ops
    changed = False
    i = -1
    while i + 1 < len(ops):
        i += 1
        op = ops[i]
        if op is None or not _is_swap(op):
            continue
        back = _partner(ops, i, -1, window)
        fwd = _partner(ops, i, 1, window)
        if any(f is not None and not f[1] and not _is_swap(ops[f[0]]) for f in (back, fwd)):
            continue  # already next to a gate on its pair: in its block
        if fwd is not None:
            move = 1, fwd[0]
        elif back is not None:
            move = -1, back[0]
        else:
            continue
        step, j = move
        a, b = op.qubits
        exchange = {a: b, b: a}
        lo, hi = (i + 1, j) if step == 1 else (j + 1, i)
        passed = [o if o is None or not (a in o.qubits or b in o.qubits)
                  else o.transform_qubits(lambda q: exchange.get(q, q))
                  for o in ops[lo:hi]]
        cancel = _is_swap(ops[j])
        if step == 1:
            # SWAP, then what it passes -> what it passed (exchanged), then the SWAP.
            ops[i:j] = passed + [None if cancel else op]
        else:
            ops[j + 1:i + 1] = [None if cancel else op] + passed
        if cancel:
            ops[j] = None
        changed = True
        if step == 1:
            i -= 1  # ops[i] is now the first gate it passed, maybe another SWAP
    return [op for op in ops if op is not None] if changed else ops


@cirq.transformer
def push_swaps(circuit: cirq.AbstractCircuit, *, context=None) -> cirq.Circuit:
    """Transformer form of swap_push_ops (honours context.tags_to_ignore and context.deep)."""
    return apply_to_circuit(circuit, context, swap_push_ops)
