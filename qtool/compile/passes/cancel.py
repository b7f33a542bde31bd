"""Cancel pairs of self-inverse gates (CNOT, CZ, SWAP, X, H, ...), also across gates they
commute with.

For each gate g, walk forward along its wires; every gate passed must commute with g
(same diagonal basis on shared qubits, see ops.diagonal_labels). Reaching an equal gate on
the same qubits removes both. With `commute=False` only directly adjacent pairs cancel
(level 1). A window bounds the walk so the pass stays linear on large circuits.
"""

from __future__ import annotations

import cirq

from qtool.compile.ir import records
from qtool.compile.ops import commutes, is_unitary_op
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


def cancel_ops(ops, *, commute: bool = True, window: int = 40) -> list[cirq.Operation]:
    """Remove cancelling pairs; returns a new list (the input is not changed).

    Works on the ops' records (qtool.compile.ir: qubit ints, gates, labels read once) and
    wire positions: cirq's properties and qubit hashing inside the walks were most of the
    pass's time."""
    ops = list(ops)
    recs = records(ops)
    n = len(ops)
    qubits = [r.q for r in recs]
    gates = [r.gate for r in recs]
    wires: dict[int, list[int]] = {}
    pos: list[tuple] = [()] * n  # per op: its index in each of its qubits' wires
    wire_of: list[tuple] = [()] * n  # per op: its qubits' wires (lists), in qubit order
    for i, qs in enumerate(qubits):
        here = []
        ws = []
        for q in qs:
            wire = wires.get(q)
            if wire is None:
                wire = wires[q] = []
            here.append(len(wire))
            wire.append(i)
            ws.append(wire)
        pos[i] = tuple(here)
        wire_of[i] = tuple(ws)
    alive = [True] * n

    def label(k):
        return recs[k].labels

    def same(i, k) -> bool:
        ga, gb = gates[i], gates[k]
        # Cheap rejections first: value equality of cirq gates is slow, and most pairs differ.
        if ga is not gb and (type(ga) is not type(gb) or ga != gb):
            return False
        if qubits[i] == qubits[k]:
            return True
        # CZ and SWAP are symmetric in their qubits.
        return ga in (cirq.CZ, cirq.SWAP) and set(qubits[i]) == set(qubits[k])

    def between_commute(i, k) -> bool:
        """Every live op strictly between i and k on i's wires commutes with op i."""
        qi = qubits[i]
        for x, wire in enumerate(wire_of[i]):
            stop = pos[k][qubits[k].index(qi[x])]
            for at in range(pos[i][x] + 1, stop):
                j = wire[at]
                if not alive[j]:
                    continue
                if not commute or not commutes(label(i), qi, label(j), qubits[j]):
                    return False
        return True

    def partner(i):
        if not qubits[i]:
            return None
        wire = wire_of[i][0]
        qi = qubits[i]
        steps = 0
        # Index, not a slice: copying the rest of the wire per gate made the pass quadratic.
        for at in range(pos[i][0] + 1, len(wire)):
            k = wire[at]
            if not alive[k]:
                continue
            steps += 1
            if steps > window:
                return None
            if same(i, k):
                return k if between_commute(i, k) else None
            if not commute or not commutes(label(i), qi, label(k), qubits[k]):
                return None
        return None

    # id(gate) -> _self_inverse, for plain gate operations (the answer then depends on the
    # gate alone; the ops keep their gates alive meanwhile, so ids are not reused).
    inverse_of_itself: dict = {}
    plain = cirq.GateOperation
    for i in range(n):
        if not alive[i]:
            continue
        op = ops[i]
        if type(op) is plain:
            si = inverse_of_itself.get(id(gates[i]))
            if si is None:
                si = inverse_of_itself[id(gates[i])] = _self_inverse(op)
        else:
            si = _self_inverse(op)
        if not si:
            continue
        k = partner(i)
        if k is not None:
            alive[i] = alive[k] = False
    return [op for i, op in enumerate(ops) if alive[i]]


@cirq.transformer
def cancel_self_inverse_pairs(circuit: cirq.AbstractCircuit, *, context=None,
                              commute: bool = True) -> cirq.Circuit:
    """Transformer form of cancel_ops (honours context.tags_to_ignore and context.deep)."""
    return apply_to_circuit(circuit, context, lambda ops: cancel_ops(ops, commute=commute))
