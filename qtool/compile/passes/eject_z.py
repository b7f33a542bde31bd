"""Push Z rotations forward through gates diagonal on that qubit (CZ, controls of CNOT,
other phases) and fold them into the next single-qubit gate, like cirq.eject_z but on a
flat list in one pass.

A run of diagonal single-qubit gates disappears into the next non-diagonal one; whatever
is left at a fence (measurement, reset, a gate that is not diagonal on the qubit) or at the
end is emitted as one gate via `emit`.
"""

from __future__ import annotations

from typing import Callable

import cirq

from qtool.compile.ir import records
from qtool.compile.ops import is_identity_up_to_phase
from qtool.compile.passes.base import apply_to_circuit


def eject_z_ops(ops, *, emit: Callable) -> list[cirq.Operation]:
    """`emit(qubit, matrix)` turns a merged single-qubit matrix into target gates."""
    out: list[cirq.Operation] = []
    pending: dict = {}  # qubit int -> (qubit, diagonal 2x2 matrix waiting to be placed)

    def flush(q):
        hit = pending.pop(q, None)
        if hit is not None and not is_identity_up_to_phase(hit[1]):
            out.extend(emit(*hit))

    for op, r in zip(ops, records(ops)):
        qs = r.q
        if len(qs) == 1 and r.unitary:
            q = qs[0]
            m = r.matrix
            hit = pending.pop(q, None)
            if hit is not None:
                m = m @ hit[1]
            if abs(m[0, 1]) < 1e-12 and abs(m[1, 0]) < 1e-12:
                pending[q] = (op.qubits[0], m)
            elif hit is None:
                out.append(op)  # nothing to fold in: keep the gate as it is
            else:
                out.extend(emit(op.qubits[0], m))
            continue
        if pending:
            waiting = [k for k, q in enumerate(qs) if q in pending]
            if waiting:
                labels = r.labels
                for k in waiting:
                    if labels is None or labels[k] != "Z":
                        flush(qs[k])
        out.append(op)
    for q in list(pending):
        flush(q)
    return out


@cirq.transformer
def eject_z(circuit: cirq.AbstractCircuit, *, context=None) -> cirq.Circuit:
    """Transformer form of eject_z_ops, emitting PhasedXZ gates (honours
    context.tags_to_ignore and context.deep)."""
    from qtool.compile.passes.merge_1q import phxz_emit

    return apply_to_circuit(circuit, context, lambda ops: eject_z_ops(ops, emit=phxz_emit))
