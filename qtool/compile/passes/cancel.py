"""Cancel pairs of self-inverse gates (CNOT, CZ, SWAP, X, H, ...), also across gates they
commute with.

For each gate g, walk forward along its wires; every gate passed must commute with g
(same diagonal basis on shared qubits, see ops.diagonal_labels). Reaching an equal gate on
the same qubits removes both. With `commute=False` only directly adjacent pairs cancel
(level 1). A window bounds the walk so the pass stays linear on large circuits.
"""

from __future__ import annotations

import cirq

from qtool.compile.ops import commutes, diagonal_labels, is_unitary_op
from qtool.compile.passes.base import apply_to_circuit

_SELF_INVERSE_TYPES = (cirq.CXPowGate, cirq.CZPowGate, cirq.SwapPowGate, cirq.XPowGate,
                       cirq.YPowGate, cirq.ZPowGate, cirq.HPowGate)


def _self_inverse(op: cirq.Operation) -> bool:
    """CNOT, CZ, SWAP, X, Y, Z, H (any global shift: squares to the identity up to phase)."""
    gate = op.gate
    if not isinstance(gate, _SELF_INVERSE_TYPES) or not is_unitary_op(op):
        return False
    e = gate.exponent
    return isinstance(e, (int, float)) and e % 2 == 1


def _same(a: cirq.Operation, b: cirq.Operation) -> bool:
    ga, gb = a.gate, b.gate
    # Cheap rejections first: value equality of cirq gates is slow, and most pairs differ.
    if ga is not gb and (type(ga) is not type(gb) or ga != gb):
        return False
    if a.qubits == b.qubits:
        return True
    # CZ and SWAP are symmetric in their qubits.
    return a.gate in (cirq.CZ, cirq.SWAP) and set(a.qubits) == set(b.qubits)


def cancel_ops(ops, *, commute: bool = True, window: int = 40) -> list[cirq.Operation]:
    """Remove cancelling pairs; returns a new list (the input is not changed)."""
    ops = list(ops)
    wires: dict[cirq.Qid, list[int]] = {}
    pos: list[dict] = []  # per op: qubit -> index in that qubit's wire
    for i, op in enumerate(ops):
        where = {}
        for q in op.qubits:
            wire = wires.setdefault(q, [])
            where[q] = len(wire)
            wire.append(i)
        pos.append(where)
    alive = [True] * len(ops)
    labels: list = [None] * len(ops)
    labelled = [False] * len(ops)

    def label(k):
        if not labelled[k]:
            labels[k] = diagonal_labels(ops[k])
            labelled[k] = True
        return labels[k]

    for i, op in enumerate(ops):
        if not alive[i] or not _self_inverse(op):
            continue
        partner = _find_partner(i, ops, wires, pos, alive, label, commute, window)
        if partner is not None:
            alive[i] = alive[partner] = False
    return [op for i, op in enumerate(ops) if alive[i]]


def _find_partner(i, ops, wires, pos, alive, label, commute, window):
    op = ops[i]
    first = op.qubits[0]
    wire = wires[first]
    steps = 0
    # Index, not a slice: copying the rest of the wire per gate made the pass quadratic.
    for at in range(pos[i][first] + 1, len(wire)):
        k = wire[at]
        if not alive[k]:
            continue
        steps += 1
        if steps > window:
            return None
        if _same(op, ops[k]):
            if _between_commute(i, k, ops, wires, pos, alive, label, commute):
                return k
            return None
        if not commute or not commutes(label(i), op.qubits, label(k), ops[k].qubits):
            return None
    return None


def _between_commute(i, k, ops, wires, pos, alive, label, commute):
    """Every live op strictly between i and k on i's wires commutes with op i."""
    op = ops[i]
    for q in op.qubits:
        wire = wires[q]
        for j in wire[pos[i][q] + 1: pos[k][q]]:
            if not alive[j]:
                continue
            if not commute or not commutes(label(i), op.qubits, label(j), ops[j].qubits):
                return False
    return True


@cirq.transformer
def cancel_self_inverse_pairs(circuit: cirq.AbstractCircuit, *, context=None,
                              commute: bool = True) -> cirq.Circuit:
    """Transformer form of cancel_ops (honours context.tags_to_ignore and context.deep)."""
    return apply_to_circuit(circuit, context, lambda ops: cancel_ops(ops, commute=commute))
