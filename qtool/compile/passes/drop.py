"""Drop operations that do (almost) nothing: gates whose unitary is the identity up to
global phase within 1e-10 (cirq.drop_negligible_operations's rule, on a flat list)."""

from __future__ import annotations

import cirq

from qtool.compile.ops import is_identity_up_to_phase, is_unitary_op, unitary

ATOL = 1e-10


def drop_negligible_ops(ops, atol: float = ATOL) -> list[cirq.Operation]:
    out = []
    for op in ops:
        if is_unitary_op(op) and len(op.qubits) <= 2 and is_identity_up_to_phase(unitary(op), atol):
            continue
        out.append(op)
    return out


@cirq.transformer
def drop_negligible(circuit: cirq.AbstractCircuit, *, context=None) -> cirq.Circuit:
    """Transformer form of drop_negligible_ops."""
    return cirq.Circuit(drop_negligible_ops(circuit.all_operations()))
