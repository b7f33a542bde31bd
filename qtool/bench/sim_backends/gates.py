"""The basic gate set as (name, angles) tuples, for adapters that rebuild circuits gate by
gate in another simulator's own form (Aer, qulacs)."""

from __future__ import annotations

import cirq
import numpy as np

from qtool.circuits.gateset import basic_gate


def gate_list(circuit: cirq.Circuit, n: int):
    """[(name, params, qubit indices, unitary or None)] for each operation, in order.

    `name` is the basic gate name or "unitary" (then the matrix, big-endian over the
    operation's qubits, is the fourth element). Qubit indices are LineQubit indices.
    """
    out = []
    for op in circuit.all_operations():
        if cirq.is_measurement(op):
            continue
        idx = [q.x for q in op.qubits]
        named = basic_gate(op)
        if named is None:
            out.append(("unitary", (), idx, cirq.unitary(op)))
        else:
            out.append((*named, idx, None))
    return out


def reversed_targets(idx: list[int], n: int) -> list[int]:
    """Little-endian simulator indices (qubit 0 least significant) for big-endian LineQubit
    indices, listed so that a big-endian matrix over `idx` applies unchanged: the matrix's
    first qubit is its most significant bit, i.e. the *last* target of a little-endian API."""
    return [n - 1 - i for i in reversed(idx)]


def as_matrix(u) -> np.ndarray:
    return np.ascontiguousarray(np.asarray(u, dtype=complex))
