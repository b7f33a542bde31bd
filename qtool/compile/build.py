"""The one conversion back from the passes' flat list to a cirq.Circuit.

`cirq.Circuit(ops)` places each operation in the earliest moment after the ones that touch
its qubits (and its measurement and control keys), searching the moments per operation.
For lists of plain unitary gate operations that placement is a running maximum per
qubit, computed here in one pass; the moments are then built once each. Anything else
(measurements, classical controls, qubit-less operations) goes through cirq, whose rules
for keys are the reference.
"""

from __future__ import annotations

import cirq

from qtool.compile.ops import is_unitary_op
from qtool.qasm.reader import earliest_circuit


def build_circuit(ops) -> cirq.Circuit:
    """cirq.Circuit(ops), the same moments, in time linear in len(ops): the reader's
    EARLIEST packing for unitary ops on qubits; cirq's constructor for anything else."""
    ops = list(ops)
    if not all(op.qubits and is_unitary_op(op) for op in ops):
        return cirq.Circuit(ops)
    return earliest_circuit(ops)
