"""Generic synthesis, for the side-by-side figures: exact for any target, but long.

- cirq: `two_qubit_matrix_to_cz_operations` (KAK, optimal CZ count) for 2 qubits,
  `three_qubit_matrix_to_operations` (Shende et al.'s decomposition) for 3;
- Qiskit (when installed): the Quantum Shannon Decomposition `qs_decomposition` for
  unitaries and `StatePreparation` for states, transpiled to cx + u at level 1.

Each entry counts two-qubit gates, all gates and the seconds it took, and gives the circuit
as cirq operations on LineQubits (so callers can verify it and offer it as a candidate).
Qiskit orders qubits the other way round (qubit 0 is the least significant bit), so the
target is bit-reversed on the way in, so that Qiskit's qubit j is our qubit j.
"""

from __future__ import annotations

import time

import numpy as np


def _reverse_bits(a: np.ndarray, n: int) -> np.ndarray:
    if a.ndim == 1:
        return a.reshape((2,) * n).transpose(tuple(reversed(range(n)))).reshape(-1)
    t = a.reshape((2,) * (2 * n))
    axes = tuple(reversed(range(n))) + tuple(reversed(range(n, 2 * n)))
    return t.transpose(axes).reshape(2 ** n, 2 ** n)


def _count(ops) -> tuple[int, int]:
    ops = list(ops)
    return sum(1 for op in ops if len(op.qubits) == 2), len(ops)


def cirq_synthesis(kind: str, target: np.ndarray, n: int):
    import cirq

    if kind != "unitary" or n not in (1, 2, 3):
        return None
    q = cirq.LineQubit.range(n)
    t0 = time.perf_counter()
    if n == 1:
        ops = [cirq.MatrixGate(target).on(q[0])]
        method = "cirq single-qubit"
    elif n == 2:
        ops = cirq.two_qubit_matrix_to_cz_operations(q[0], q[1], target, allow_partial_czs=False)
        method = "cirq two_qubit_matrix_to_cz_operations"
    else:
        ops = cirq.three_qubit_matrix_to_operations(q[0], q[1], q[2], target)
        method = "cirq three_qubit_matrix_to_operations"
    dt = time.perf_counter() - t0
    two, total = _count(ops)
    return {"method": method, "two_qubit": two, "gates": total, "seconds": round(dt, 4),
            "ops": list(ops)}


def qiskit_synthesis(kind: str, target: np.ndarray, n: int):
    try:
        from qiskit import QuantumCircuit, transpile
        from qiskit.circuit.library import StatePreparation
        from qiskit.synthesis import qs_decomposition
    except ImportError:
        return None
    import cirq

    t0 = time.perf_counter()
    rev = _reverse_bits(np.asarray(target, dtype=complex), n)
    if kind == "unitary":
        qc = qs_decomposition(rev)
        method = "qiskit qs_decomposition"
    else:
        qc = QuantumCircuit(n)
        qc.append(StatePreparation(rev), range(n))
        method = "qiskit StatePreparation"
    qc = transpile(qc, basis_gates=["cx", "u"], optimization_level=1)
    dt = time.perf_counter() - t0
    q = cirq.LineQubit.range(n)
    ops = []
    for inst in qc.data:
        idx = [qc.find_bit(b).index for b in inst.qubits]
        ops.append(cirq.MatrixGate(inst.operation.to_matrix()).on(*[q[i] for i in
                                                                     reversed(idx)])
                   if len(idx) == 2 else cirq.MatrixGate(inst.operation.to_matrix()).on(q[idx[0]]))
    two = sum(1 for inst in qc.data if inst.operation.num_qubits == 2)
    return {"method": method, "two_qubit": two, "gates": len(qc.data), "seconds": round(dt, 4),
            "ops": ops}


def generic(kind: str, target: np.ndarray, n: int) -> list[dict]:
    """Every generic synthesis available for this target, in a fixed order."""
    out = []
    for f in (cirq_synthesis, qiskit_synthesis):
        r = f(kind, target, n)
        if r is not None:
            out.append(r)
    return out


def fidelity_of_ops(kind: str, target: np.ndarray, n: int, ops) -> float:
    """Check a generic result independently (cirq's unitary of its operations)."""
    import cirq

    from qtool.synth import linalg

    q = cirq.LineQubit.range(n)
    u = cirq.Circuit(ops).unitary(qubit_order=q, qubits_that_should_be_present=q)
    if kind == "unitary":
        return linalg.unitary_fidelity(target, u)
    return linalg.state_fidelity(target, u[:, 0])
