"""Collect maximal two-qubit blocks and resynthesise each one with the fewest entanglers.

A block is a run of gates acting only on one pair of qubits (single-qubit gates in between
included). Its 4x4 unitary needs 0, 1, 2 or 3 CZs (cirq.num_cnots_required, from the KAK
invariants, microseconds); only when that is fewer than the block already spends, or the
block holds gates outside the target's entangler, is it resynthesised (cirq's KAK-based
two_qubit_matrix_to_cz_operations, milliseconds). This is the pass that removes most
two-qubit gates; Qiskit's ConsolidateBlocks + UnitarySynthesis do the same.
"""

from __future__ import annotations

from typing import Callable

import cirq
import numpy as np

from qtool.compile import ir as qtool_ir
from qtool.compile.ir import records
from qtool.compile.passes.base import apply_to_circuit

Synth = Callable[[cirq.Qid, cirq.Qid, np.ndarray], list]


class _Block:
    __slots__ = ("qubits", "ops", "recs")

    def __init__(self, qubits, op, rec):
        self.qubits = qubits
        self.ops = [op]
        self.recs = [rec]  # the ops' qtool.compile.ir records


def collect_blocks(ops) -> list:
    """The ops in order, with runs on one qubit pair grouped into _Block items."""
    out: list = []
    open_block: dict = {}  # qubit int -> its open block

    def close(q):
        blk = open_block.pop(q, None)
        if blk is not None:
            for other in blk.recs[0].q:
                open_block.pop(other, None)

    for op, r in zip(ops, records(ops)):
        qs = r.q
        if not r.unitary or len(qs) > 2 or not qs:
            for q in qs:
                close(q)
            out.append(op)
        elif len(qs) == 1:
            blk = open_block.get(qs[0])
            if blk is not None:
                blk.ops.append(op)
                blk.recs.append(r)
            else:
                out.append(op)
        else:
            a, b = qs
            blk = open_block.get(a)
            if blk is not None and blk is open_block.get(b):
                blk.ops.append(op)
                blk.recs.append(r)
                continue
            close(a)
            close(b)
            blk = _Block(op.qubits, op, r)
            open_block[a] = open_block[b] = blk
            out.append(blk)
    return out


def block_unitary(qubits, ops, recs=None) -> np.ndarray:
    """4x4 unitary of ops on `qubits` (qubits[0] is the most significant bit); `recs`, the
    ops' records, if the caller has them."""
    if recs is None:
        recs = records(ops)
    a = qtool_ir.qubit_index(qubits[0])
    u = np.eye(4, dtype=complex).reshape(2, 2, 4)
    for r in recs:
        m = r.matrix
        if len(r.q) == 1:
            if r.q[0] == a:
                u = np.tensordot(m, u, axes=(1, 0))
            else:
                u = np.einsum("ij,ajk->aik", m, u)
        else:
            if r.q[0] != a:
                m = _SWAP @ m @ _SWAP
            u = (m @ u.reshape(4, 4)).reshape(2, 2, 4)
    return u.reshape(4, 4)


_SWAP = np.array([[1, 0, 0, 0], [0, 0, 1, 0], [0, 1, 0, 0], [0, 0, 0, 1]], dtype=complex)


def consolidate_ops(ops, *, synth: Synth,
                    is_native: Callable[[cirq.Operation], bool]) -> list[cirq.Operation]:
    """Resynthesise blocks that get cheaper (or that hold non-native two-qubit gates).

    `synth(q0, q1, u)` returns ops implementing u with the target entangler; `is_native`
    tells which two-qubit ops already are that entangler.
    """
    out: list[cirq.Operation] = []
    memo = qtool_ir.memo("consolidate")
    for item in collect_blocks(ops):
        if not isinstance(item, _Block):
            out.append(item)
            continue
        out.extend(_remembered(memo, "plain", item, synth, is_native, _resynth))
    return out


def _remembered(memo: dict, mode: str, blk: _Block, synth, is_native, fn):
    """fn(blk, synth, is_native), or its result for the same ops (the same op objects, in
    order) with the same synth and is_native earlier in this compile (ir.memo): gathered
    and plain consolidation, and the rounds of -O3, meet most blocks again unchanged, and
    the result is a function of exactly these (same answer, no second KAK)."""
    key = (mode, id(synth), id(is_native), *map(id, blk.ops))
    hit = memo.get(key)
    if hit is not None and hit[0] is synth and hit[1] is is_native:
        return hit[3]
    result = fn(blk, synth, is_native)
    # The value holds the ops, synth and is_native, so the ids in the key stay theirs.
    memo[key] = (synth, is_native, blk.ops, result)
    return result


def consolidate_with_permutation(ops, *, synth: Synth, is_native) -> tuple[list, dict]:
    """consolidate_ops, also eliding SWAPs: a block U with U = SWAP . V where V needs fewer
    entanglers than U is replaced by V, and every later gate has the two qubits exchanged.

    Returns (ops, where): `where[q]` is the qubit that holds q's state at the end (only
    qubits that moved are listed). Valid before routing only: relabelling a routed circuit
    could put later gates on uncoupled pairs.
    """
    out: list[cirq.Operation] = []
    where: dict = {}  # logical qubit -> qubit holding it now

    def at(q):
        return where.get(q, q)

    memo = qtool_ir.memo("consolidate")
    for item in collect_blocks(ops):
        if not isinstance(item, _Block):
            moves = where and any(q in where for q in item.qubits)
            out.append(item.transform_qubits(at) if moves else item)
            continue
        a, b = item.qubits
        new, swapped = _remembered(memo, "elide", item, synth, is_native, _resynth_or_elide)
        if where and (a in where or b in where):
            new = [op.transform_qubits(at) for op in new]
        out.extend(new)
        if swapped:
            where[a], where[b] = at(b), at(a)
    return out, {q: h for q, h in where.items() if q != h}


def _resynth_or_elide(blk: _Block, synth: Synth, is_native) -> tuple[list, bool]:
    two = sum(1 for r in blk.recs if len(r.q) == 2)
    if two < 2:
        return _resynth(blk, synth, is_native), False
    u = block_unitary(blk.qubits, blk.ops, blk.recs)
    need = cirq.num_cnots_required(u)
    v = _SWAP @ u
    # SWAP . U needs at least 3 - need CZs (the KAK classes pair up), so only need >= 2 can win.
    if need >= 2 and cirq.num_cnots_required(v) < min(need, two):
        return synth(blk.qubits[0], blk.qubits[1], v), True
    return _resynth(blk, synth, is_native, u, need), False


def _resynth(blk: _Block, synth: Synth, is_native, u=None, need=None) -> list:
    two = [op for op, r in zip(blk.ops, blk.recs) if len(r.q) == 2]
    foreign = any(not is_native(op) for op in two)
    if len(two) == 1 and not foreign:
        return blk.ops
    if u is None:
        u = block_unitary(blk.qubits, blk.ops, blk.recs)
        need = cirq.num_cnots_required(u)
    if need >= len(two) and not foreign:
        return blk.ops
    new = synth(blk.qubits[0], blk.qubits[1], u)
    new_two = sum(1 for r in records(new) if len(r.q) == 2)
    if foreign or new_two < len(two):
        return new
    return blk.ops


def cz_synth(q0, q1, u) -> list:
    """Fewest-CZ synthesis of a 4x4 unitary (KAK), through cirq's public construction.

    clean_operations=False: merge_1q does the clean-up for the whole circuit at once.
    """
    return list(cirq.two_qubit_matrix_to_cz_operations(
        q0, q1, u, allow_partial_czs=False, clean_operations=False))


@cirq.transformer
def consolidate_two_qubit_blocks(circuit: cirq.AbstractCircuit, *, context=None) -> cirq.Circuit:
    """Transformer form of consolidate_ops, with CZ as the entangler (honours
    context.tags_to_ignore and context.deep)."""
    return apply_to_circuit(circuit, context, lambda ops: consolidate_ops(
        ops, synth=cz_synth, is_native=lambda op: op.gate == cirq.CZ))
