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


def build_circuit(ops) -> cirq.Circuit:
    """cirq.Circuit(ops), the same moments, in time linear in len(ops)."""
    ops = list(ops)
    layers: list[list] = []
    level: dict = {}
    for op in ops:
        qs = op.qubits
        if not qs or not is_unitary_op(op):
            return cirq.Circuit(ops)
        top = 0
        for q in qs:
            t = level.get(q, 0)
            if t > top:
                top = t
        if top == len(layers):
            layers.append([op])
        else:
            layers[top].append(op)
        top += 1
        for q in qs:
            level[q] = top
    return cirq.Circuit.from_moments(*(cirq.Moment(layer) for layer in layers))
