"""Small helpers every pass shares: which operations are unitary, their matrices, and the
basis each one is diagonal in (for commutation), all cheap enough for 10k-gate circuits.

Passes work on flat lists of cirq operations (one pass over the list each), and rebuild a
cirq.Circuit only at the end: building moments after every pass is what makes cirq's stock
pipelines slow on large circuits.
"""

from __future__ import annotations

import cirq
import numpy as np

ATOL = 1e-9

_UNITARY_CACHE: dict = {}


def is_unitary_op(op: cirq.Operation) -> bool:
    """True for gates with a unitary; False for measurements, resets, classically
    controlled and other operations that passes must treat as fixed barriers."""
    gate = op.gate
    if gate is None:
        return False
    if isinstance(gate, (cirq.MeasurementGate, cirq.ResetChannel)):
        return False
    if op.classical_controls:
        return False
    return cirq.has_unitary(gate)


def unitary(op: cirq.Operation) -> np.ndarray:
    """The matrix of a unitary operation's gate, cached per gate (gates are immutable)."""
    gate = op.gate
    try:
        m = _UNITARY_CACHE.get(gate)
    except TypeError:  # unhashable gate parameters
        return cirq.unitary(gate)
    if m is None:
        m = cirq.unitary(gate)
        if len(_UNITARY_CACHE) > 100_000:
            _UNITARY_CACHE.clear()
        _UNITARY_CACHE[gate] = m
    return m


def is_two_qubit_gate(op: cirq.Operation) -> bool:
    return len(op.qubits) == 2 and is_unitary_op(op)


def count_2q(ops) -> int:
    """Two-qubit unitary operations (the figure compilers are compared on)."""
    return sum(1 for op in ops if len(op.qubits) == 2 and is_unitary_op(op))


def diagonal_labels(op: cirq.Operation):
    """Per-qubit basis ('Z' or 'X') in which `op` is diagonal, or None if it is not.

    Two operations commute when, on every qubit they share, both are diagonal in the same
    basis: then both are diagonal in one product basis of the shared qubits. CNOT is
    diagonal in Z on its control and in X on its target; CZ and phases are Z on both.
    """
    gate = op.gate
    if not is_unitary_op(op):
        return None
    n = len(op.qubits)
    if isinstance(gate, cirq.CXPowGate):
        return ("Z", "X") if gate.exponent % 2 == 1 else None
    if n == 1:
        m = unitary(op)
        if abs(m[0, 1]) < ATOL and abs(m[1, 0]) < ATOL:
            return ("Z",)
        if abs(m[0, 0] - m[1, 1]) < ATOL and abs(m[0, 1] - m[1, 0]) < ATOL:
            return ("X",)
        return None
    if isinstance(gate, (cirq.CZPowGate, cirq.ZZPowGate, cirq.ZPowGate)) or (
        n <= 3 and _is_diagonal(unitary(op))
    ):
        return ("Z",) * n
    return None


def _is_diagonal(m: np.ndarray) -> bool:
    return bool(np.allclose(m, np.diag(np.diag(m)), atol=ATOL))


def commutes(labels_a, qubits_a, labels_b, qubits_b) -> bool:
    """Sufficient test: same diagonal basis on every shared qubit (see diagonal_labels)."""
    shared = set(qubits_a) & set(qubits_b)
    if not shared:
        return True
    if labels_a is None or labels_b is None:
        return False
    la = dict(zip(qubits_a, labels_a))
    lb = dict(zip(qubits_b, labels_b))
    return all(la[q] == lb[q] for q in shared)


def is_identity_up_to_phase(m: np.ndarray, atol: float = 1e-8) -> bool:
    d = m.shape[0]
    phase = m[0, 0]
    if abs(abs(phase) - 1) > atol:
        return False
    return bool(np.allclose(m, phase * np.eye(d), atol=atol))
