"""cirq circuits -> KetGPT statements (gate name, angles, qubit indices).

Each operation becomes one statement of the tokenizer's gate set when it is one (up to a
global phase, which no measurement can see); anything else is decomposed by cirq until it
is. Measurements, barriers, resets and global phases are left out: KetGPT learns and
writes unitary circuits.
"""

from __future__ import annotations

import cirq

from qtool.errors import QtoolError
from qtool.gates import U3Gate, classify, u3_angles
from qtool.ketgpt.tokenizer import GATES, Statement

# Gates KetGPT leaves out: it learns and writes unitary circuits, and measurements,
# barriers, resets and global phases change nothing a unitary comparison can see.
_SKIPPED = {"id", "barrier", "reset"}


def _named(gate: cirq.Gate | None) -> tuple[str, tuple[float, ...]] | None:
    """(name, angles) of a gate the tokenizer has, by the shared classifier; else None."""
    named = classify(gate)
    if named is None or (named[0] not in GATES and named[0] not in _SKIPPED):
        return None
    return named


def _op_statements(op: cirq.Operation, index: dict, depth: int = 0) -> list[Statement]:
    found = _named(op.gate)
    if cirq.is_measurement(op) or not op.qubits or (found is not None and found[0] in _SKIPPED):
        return []  # not unitary, or a global phase: invisible to every measurement
    if not cirq.has_unitary(op):
        raise QtoolError(f"cannot express {str(op)[:60]} in KetGPT's gate set: it is not unitary")
    qubits = tuple(index[q] for q in op.qubits)
    if found is not None:
        name, params = found
        return [(name, tuple(float(p) for p in params), qubits)]
    if depth > 12:
        raise QtoolError(f"cannot express {op!r} in KetGPT's gate set")
    parts = cirq.decompose_once(op, default=None)
    if parts is None:
        parts = _matrix_fallback(op)
    out: list[Statement] = []
    for part in parts:
        out += _op_statements(part, index, depth + 1)
    return out


def _matrix_fallback(op: cirq.Operation) -> list[cirq.Operation]:
    """Decompose a gate cirq cannot decompose, from its unitary (1 or 2 qubits)."""
    if not cirq.has_unitary(op):
        raise QtoolError(f"cannot express {op!r} in KetGPT's gate set: no unitary")
    u = cirq.unitary(op)
    if len(op.qubits) == 1:
        return [U3Gate(*u3_angles(u)).on(op.qubits[0])]
    if len(op.qubits) == 2:
        return list(cirq.two_qubit_matrix_to_cz_operations(*op.qubits, u, allow_partial_czs=False))
    raise QtoolError(f"cannot express {op!r} in KetGPT's gate set")


def qubit_index(circuit: cirq.AbstractCircuit) -> dict:
    """Qubit -> index: LineQubits and the qubits of a single QASM register keep their own
    index (idle ones still count); others are numbered in sorted (declaration) order."""
    qubits = sorted(circuit.all_qubits())
    if qubits and all(isinstance(q, cirq.LineQubit) for q in qubits) and min(q.x for q in qubits) >= 0:
        return {q: q.x for q in qubits}
    registers = {getattr(q, "register", None) for q in qubits}
    if len(registers) == 1 and None not in registers:  # one QASM register: keep its indices
        return {q: q.index for q in qubits}
    return {q: i for i, q in enumerate(qubits)}


def circuit_statements(circuit: cirq.AbstractCircuit,
                       num_qubits: int | None = None) -> tuple[int, list[Statement]]:
    """(qubit count, statements) of a circuit, in moment order."""
    index = qubit_index(circuit)
    n = max(index.values(), default=-1) + 1
    if num_qubits is not None:
        n = max(n, num_qubits)
    statements: list[Statement] = []
    for op in circuit.all_operations():
        if isinstance(op, cirq.CircuitOperation):
            for sub in cirq.decompose(op, keep=lambda o: not isinstance(o, cirq.CircuitOperation)):
                statements += _op_statements(sub, index)
            continue
        statements += _op_statements(op, index)
    return n, statements

