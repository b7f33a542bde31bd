"""Drop operations that do (almost) nothing: gates whose unitary is the identity up to
global phase within 1e-10 (cirq.drop_negligible_operations's rule, on a flat list)."""

from __future__ import annotations

import cirq

from qtool.compile.ir import records
from qtool.compile.ops import is_identity_up_to_phase
from qtool.compile.passes.base import apply_to_circuit

ATOL = 1e-10


def drop_negligible_ops(ops, atol: float = ATOL, *, single_qubit: bool = True) -> list[cirq.Operation]:
    """Ops without the negligible ones. `single_qubit=False` checks only two-qubit gates
    (the pipeline's merge_1q already drops single-qubit runs that multiply to identity)."""
    out = []
    smallest = 1 if single_qubit else 2
    seen: dict = {}  # id(gate) -> negligible? (the ops keep their gates alive meanwhile)
    for op, r in zip(ops, records(ops)):
        n = len(r.q)
        if smallest <= n <= 2 and r.unitary:
            gate = r.gate
            negligible = seen.get(id(gate))
            if negligible is None:
                negligible = seen[id(gate)] = is_identity_up_to_phase(r.matrix, atol)
            if negligible:
                continue
        out.append(op)
    return out


@cirq.transformer
def drop_negligible(circuit: cirq.AbstractCircuit, *, context=None) -> cirq.Circuit:
    """Transformer form of drop_negligible_ops (honours context.tags_to_ignore and
    context.deep)."""
    return apply_to_circuit(circuit, context, drop_negligible_ops)
