"""cirq circuits -> KetGPT statements (gate name, angles, qubit indices).

Each operation becomes one statement of the tokenizer's gate set when it is one (up to a
global phase, which no measurement can see); anything else is decomposed by cirq until it
is. Measurements, barriers, resets and global phases are left out: KetGPT learns and
writes unitary circuits.
"""

from __future__ import annotations

import math

import cirq
import numpy as np

from qtool.errors import QtoolError
from qtool.ketgpt.tokenizer import Statement

PI = math.pi


def _close(a: float, b: float, period: float = 2.0) -> bool:
    return abs(math.remainder(a - b, period)) < 1e-9


def _pow_name(exponent: float, table: dict[float, str]) -> str | None:
    for e, name in table.items():
        if _close(exponent, e):
            return name
    return None


_Z_NAMES = {1.0: "z", 0.5: "s", -0.5: "sdg", 0.25: "t", -0.25: "tdg"}
_X_NAMES = {1.0: "x", 0.5: "sx", -0.5: "sxdg"}


def _single(gate: cirq.Gate) -> tuple[str, tuple[float, ...]] | None:
    """Name and angles of a one-qubit gate, or None if it is not one of ours."""
    if isinstance(gate, cirq.IdentityGate):
        return ("", ())
    if isinstance(gate, cirq.HPowGate) and _close(gate.exponent, 1.0):
        return ("h", ())
    if isinstance(gate, cirq.ZPowGate) and not cirq.is_parameterized(gate):
        name = _pow_name(gate.exponent, _Z_NAMES)
        if name:
            return (name, ())
        return ("rz" if gate.global_shift == -0.5 else "p", (PI * gate.exponent,))
    if isinstance(gate, cirq.XPowGate) and not cirq.is_parameterized(gate):
        name = _pow_name(gate.exponent, _X_NAMES)
        return (name, ()) if name else ("rx", (PI * gate.exponent,))
    if isinstance(gate, cirq.YPowGate) and not cirq.is_parameterized(gate):
        return ("y", ()) if _close(gate.exponent, 1.0) else ("ry", (PI * gate.exponent,))
    if all(hasattr(gate, a) for a in ("theta", "phi", "lam")) and cirq.num_qubits(gate) == 1:
        return ("u3", (float(gate.theta), float(gate.phi), float(gate.lam)))  # qtool's U3Gate
    return None


def _two(gate: cirq.Gate) -> tuple[str, tuple[float, ...]] | None:
    if cirq.is_parameterized(gate):
        return None
    if isinstance(gate, cirq.CXPowGate) and _close(gate.exponent, 1.0):
        return ("cx", ())
    if isinstance(gate, cirq.CZPowGate):
        return ("cz", ()) if _close(gate.exponent, 1.0) else ("cp", (PI * gate.exponent,))
    if isinstance(gate, cirq.SwapPowGate) and _close(gate.exponent, 1.0):
        return ("swap", ())
    for cls, name in ((cirq.XXPowGate, "rxx"), (cirq.YYPowGate, "ryy"), (cirq.ZZPowGate, "rzz")):
        if isinstance(gate, cls):
            return (name, (PI * gate.exponent,))
    if isinstance(gate, cirq.ControlledGate) and gate.num_controls() == 1 \
            and gate.control_values == cirq.ProductOfSums(((1,),)):
        sub = gate.sub_gate
        if isinstance(sub, cirq.YPowGate) and _close(sub.exponent, 1.0):
            return ("cy", ())
        if isinstance(sub, cirq.HPowGate) and _close(sub.exponent, 1.0):
            return ("ch", ())
        from qtool.qasm.writer import rotation_angle

        for cls, name in ((cirq.Rx, "crx"), (cirq.Ry, "cry"), (cirq.Rz, "crz")):
            if isinstance(sub, cls):
                return (name, (rotation_angle(sub),))
    return None


def _three(gate: cirq.Gate) -> tuple[str, tuple[float, ...]] | None:
    if isinstance(gate, cirq.CCXPowGate) and _close(gate.exponent, 1.0):
        return ("ccx", ())
    if isinstance(gate, cirq.CSwapGate):
        return ("cswap", ())
    return None


_SKIP = (cirq.MeasurementGate, cirq.ResetChannel)


def _op_statements(op: cirq.Operation, index: dict, depth: int = 0) -> list[Statement]:
    gate = op.gate
    if gate is not None and (isinstance(gate, _SKIP) or type(gate).__name__ == "BarrierGate"):
        return []
    if not op.qubits:  # a global phase: invisible to every measurement
        return []
    if not cirq.has_unitary(op):
        raise QtoolError(f"cannot express {str(op)[:60]} in KetGPT's gate set: it is not unitary")
    qubits = tuple(index[q] for q in op.qubits)
    found = None
    if gate is not None:
        found = {1: _single, 2: _two, 3: _three}.get(len(qubits), lambda g: None)(gate)
    if found is not None:
        name, params = found
        return [] if not name else [(name, tuple(float(p) for p in params), qubits)]
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
        return [g.on(op.qubits[0]) for g in cirq.single_qubit_matrix_to_gates(u, 1e-9)]
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

