"""Decompose gates on three or more qubits into one- and two-qubit gates.

Toffoli and CCZ use the textbook 6-CNOT circuit (cirq's own decomposition spends 8), and
Fredkin is CNOT-Toffoli-CNOT (8); anything else falls back to cirq.decompose.
"""

from __future__ import annotations

import cirq

from qtool.compile.ops import is_unitary_op
from qtool.compile.passes.base import apply_to_circuit

_TDG = cirq.T**-1


def _ccz(a, b, c):
    return [
        cirq.CNOT(b, c), _TDG(c), cirq.CNOT(a, c), cirq.T(c), cirq.CNOT(b, c), _TDG(c),
        cirq.CNOT(a, c), cirq.T(b), cirq.T(c), cirq.CNOT(a, b), cirq.T(a), _TDG(b),
        cirq.CNOT(a, b),
    ]


def _expand(op: cirq.Operation) -> list[cirq.Operation]:
    gate = op.gate
    q = op.qubits
    if gate == cirq.CCX:
        return [cirq.H(q[2]), *_ccz(*q), cirq.H(q[2])]
    if gate == cirq.CCZ:
        return _ccz(*q)
    if gate == cirq.CSWAP:
        c, a, b = q
        return [cirq.CNOT(b, a), cirq.H(b), *_ccz(c, a, b), cirq.H(b), cirq.CNOT(b, a)]
    return cirq.decompose_once(op, default=None) or cirq.decompose(
        op, keep=lambda o: len(o.qubits) <= 2
    )


def decompose_ops(ops) -> list[cirq.Operation]:
    """Every unitary op on >= 3 qubits replaced by 1- and 2-qubit ops; others unchanged."""
    out: list[cirq.Operation] = []
    stack = list(reversed(list(ops)))
    while stack:
        op = stack.pop()
        if len(op.qubits) <= 2 or not is_unitary_op(op):
            out.append(op)
            continue
        parts = _expand(op)
        if not parts:
            raise ValueError(f"cannot decompose {op}")
        stack.extend(reversed(parts))
    return out


@cirq.transformer
def decompose_multi_qubit(circuit: cirq.AbstractCircuit, *, context=None) -> cirq.Circuit:
    """Transformer form of decompose_ops (honours context.tags_to_ignore and context.deep)."""
    return apply_to_circuit(circuit, context, decompose_ops)
