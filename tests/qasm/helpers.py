"""Unitary comparisons shared by the OpenQASM tests."""

from __future__ import annotations

import cirq
import numpy as np


def equal_up_to_phase(a: np.ndarray, b: np.ndarray, atol: float = 1e-6) -> bool:
    return cirq.allclose_up_to_global_phase(a, b, atol=atol)


def unitary_over(circuit: cirq.AbstractCircuit, qubits) -> np.ndarray:
    """The unitary of a circuit's coherent part over an explicit qubit list."""
    body = cirq.Circuit(op for op in circuit.all_operations()
                        if not cirq.is_measurement(op) and cirq.has_unitary(op))
    return body.unitary(qubit_order=list(qubits), qubits_that_should_be_present=list(qubits))
