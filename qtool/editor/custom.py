"""Custom gates: a selection, or a unitary matrix read from a file, made into one named
`gate` definition (a qtool.qasm.usergate.UserGate box), saved as the definition and calls.

A selection's gates become the body as they are; a matrix is decomposed (u3 for one qubit,
KAK for two, cirq's three-qubit decomposition for three) and checked to give the matrix back
up to a global phase, which a lone call cannot observe. Matrices use qtool's qubit order:
the box's first qubit is the most significant bit of the row index.
"""

from __future__ import annotations

import re
from pathlib import Path

import cirq
import numpy as np

from qtool.arrayfile import parse_json, read_npy
from qtool.errors import QtoolError
from qtool.qasm.usergate import GateDefinition, UserGate

MAX_MATRIX_QUBITS = 3
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_RESERVED = {"gate", "opaque", "qreg", "creg", "measure", "reset", "barrier", "if", "include",
             "OPENQASM", "pi", "U", "CX", "qubit", "bit", "ctrl", "negctrl", "inv", "pow",
             "gphase", "input", "output"}


def definitions_in(circuit: cirq.AbstractCircuit) -> dict[str, GateDefinition]:
    """The user gate definitions a circuit's boxes use, by name."""
    found: dict[str, GateDefinition] = {}
    for op in circuit.all_operations():
        inner = op.without_classical_controls() if getattr(op, "classical_controls", None) else op
        gate = getattr(inner, "gate", None)
        if isinstance(gate, UserGate):
            for d in gate.definition.closure():
                found.setdefault(d.name, d)
    return found


def name_problem(name: str, taken: dict[str, GateDefinition] | None = None) -> str | None:
    """Why `name` cannot name a new gate (None when it can)."""
    from qtool.qasm.gates import STANDARD
    from qtool.qasm.writer import _DEFINITIONS

    if not _NAME.fullmatch(name):
        return "a gate name is a letter or _ followed by letters, digits or _"
    if name in STANDARD or name in _DEFINITIONS or name in _RESERVED or name.lower() in STANDARD:
        return f"{name!r} is a standard gate or keyword: choose another name"
    if taken and name in taken:
        return f"the circuit already has a gate {name!r}: choose another name"
    return None


def gate_from_operations(name: str, operations: list[cirq.Operation],
                         qubits: list[cirq.Qid]) -> UserGate:
    """The gate doing `operations` (unitary, on `qubits`, in order) as one named box."""
    problem = name_problem(name)
    if problem:
        raise QtoolError(problem)
    index = {q: i for i, q in enumerate(qubits)}
    body, needs = [], []
    for op in operations:
        if getattr(op, "classical_controls", None) or cirq.is_measurement(op) \
                or not cirq.has_unitary(op) or op.gate is None:
            raise QtoolError(f"a custom gate holds unitary gates only, not {op}")
        body.append((op.gate, tuple(index[q] for q in op.qubits)))
        if isinstance(op.gate, UserGate):
            needs.extend(d for d in op.gate.definition.closure() if d not in needs)
    if not body:
        raise QtoolError("the selection has no gates to make a custom gate of")
    local = cirq.LineQubit.range(len(qubits))
    lines = _body_lines(cirq.Circuit(g.on(*[local[i] for i in idx]) for g, idx in body), len(qubits))
    args = ",".join(f"q{i}" for i in range(len(qubits)))
    text = f"gate {name} {args} {{ {' '.join(lines)} }}"
    calls = tuple(dict.fromkeys(line.split("(")[0].split(" ")[0] for line in lines))
    definition = GateDefinition(name, text, calls, tuple(needs))
    return UserGate(definition, (), tuple(body), len(qubits))


def _body_lines(circuit: cirq.Circuit, n: int) -> list[str]:
    """The statements of `circuit` (on LineQubits 0..n-1) with q[i] written q_i's argument name."""
    from qtool.qasm import dumps

    text = dumps(circuit, qubits=cirq.LineQubit.range(n))
    body = [line for line in text.splitlines()
            if line and not line.startswith(("OPENQASM", "include", "gate ", "qreg", "creg"))]
    return [re.sub(r"\bq\[([0-9]+)\]", r"q\1", line) for line in body]


def read_matrix(path: str | Path) -> np.ndarray:
    """A unitary matrix from a .npy or .json file (the forms qtool.arrayfile reads, as
    `qtool synth --unitary` does), checked by check_unitary; QtoolError naming the file."""
    target = Path(path).expanduser()
    if not target.is_file():
        raise QtoolError(f"{target}: no such file")
    suffix = target.suffix.lower()
    if suffix == ".npy":
        matrix = read_npy(str(target))
    elif suffix == ".json":
        try:
            text = target.read_text()
        except (OSError, UnicodeDecodeError) as exc:
            raise QtoolError(f"{target}: cannot read it ({exc})") from None
        matrix = parse_json(text, str(target))
    else:
        raise QtoolError(f"{target}: expected a .npy or .json file")
    try:
        matrix = np.asarray(matrix, dtype=complex)
    except (ValueError, TypeError) as exc:
        raise QtoolError(f"{target}: not a matrix ({exc})") from None
    check_unitary(matrix, str(target))
    return matrix


def check_unitary(matrix: np.ndarray, where: str = "the matrix") -> int:
    """The number of qubits of a unitary matrix; QtoolError saying what is wrong otherwise."""
    if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1]:
        raise QtoolError(f"{where}: expected a square matrix, got shape {matrix.shape}")
    size = matrix.shape[0]
    k = size.bit_length() - 1
    if size < 2 or 1 << k != size:
        raise QtoolError(f"{where}: a gate's matrix is 2^k x 2^k, got {size} x {size}")
    if k > MAX_MATRIX_QUBITS:
        raise QtoolError(f"{where}: {k} qubits; matrices of up to {MAX_MATRIX_QUBITS} qubits are "
                         "decomposed")
    if not np.all(np.isfinite(matrix)):
        raise QtoolError(f"{where}: has entries that are not finite numbers")
    error = float(np.max(np.abs(matrix @ matrix.conj().T - np.eye(size))))
    if error > 1e-8:
        raise QtoolError(f"{where}: not unitary (U U† differs from I by {error:.2g})")
    return k


def gate_from_matrix(name: str, matrix: np.ndarray) -> UserGate:
    """A named box doing `matrix` (up to a global phase), through its decomposition."""
    from qtool.gates import U3Gate, u3_angles

    k = check_unitary(np.asarray(matrix, dtype=complex))
    qs = cirq.LineQubit.range(k)
    if k == 1:
        ops = [U3Gate(*u3_angles(matrix)[:3]).on(qs[0])]
    elif k == 2:
        ops = cirq.two_qubit_matrix_to_cz_operations(qs[0], qs[1], matrix, allow_partial_czs=False)
    else:
        ops = cirq.three_qubit_matrix_to_operations(qs[0], qs[1], qs[2], matrix)
    ops = [op for op in cirq.Circuit(ops).all_operations() if not isinstance(op.gate, cirq.GlobalPhaseGate)]
    got = cirq.Circuit(ops).unitary(qubit_order=qs, qubits_that_should_be_present=qs)
    if not cirq.allclose_up_to_global_phase(got, matrix, atol=1e-6):
        raise QtoolError("internal: the decomposition does not give the matrix back")
    return gate_from_operations(name, ops, qs)
