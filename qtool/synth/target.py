"""Reading a synthesis target: a unitary or a state, from a matrix file or a circuit.

Formats: `.npy` or `.json` arrays (read by qtool.arrayfile, which lists the JSON forms), or an
OpenQASM file (`.qasm`, or any text that parses), whose
unitary or output state is the target. Matrix and state indices are bitstrings with qubit
0 leftmost (qtool's order), so `qtool synth --circuit f.qasm` and `--unitary u.npy` with
u = that circuit's matrix in this order mean the same target.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from qtool.arrayfile import parse_json, read_npy
from qtool.errors import QtoolError

MAX_UNITARY_QUBITS = 4   # what the shipped models were trained for; see README "synth"
MAX_STATE_QUBITS = 6
TOLERANCE = 1e-6         # how far from unitary / normalised an input may be


@dataclass
class Target:
    kind: str            # "unitary" or "state"
    array: np.ndarray    # (2^n, 2^n) or (2^n,), complex128
    num_qubits: int
    source: str


def read_target(kind: str, source: str) -> Target:
    """The target in `source` (a path or '-'), checked: clear QtoolError (exit 2) otherwise."""
    name = "<stdin>" if source == "-" else source
    if source != "-" and not Path(source).exists():
        raise QtoolError(f"{source}: no such file")
    if source != "-" and Path(source).is_dir():
        raise QtoolError(f"{source}: is a folder, not a target file")
    suffix = Path(source).suffix.lower() if source != "-" else ""
    if suffix == ".npy":
        array = read_npy(source)
    else:
        from qtool.io import read_text

        text, name = read_text(source)
        stripped = text.lstrip()
        if suffix == ".json" or stripped[:1] in "[{":
            array = parse_json(text, name)
        else:
            return circuit_target(kind, text, name)
    return check_target(kind, array, name)


def _qubits_of(size: int, what: str, name: str) -> int:
    n = int(round(math.log2(size))) if size > 0 else -1
    if size < 2 or 2 ** n != size:
        raise QtoolError(f"{name}: a {what} needs a power-of-two size (2, 4, 8, ...), got {size}")
    return n


def check_target(kind: str, array, name: str) -> Target:
    a = np.asarray(array)
    if a.dtype.kind not in "iufc":
        raise QtoolError(f"{name}: expected numbers, got an array of {a.dtype}")
    a = a.astype(complex)
    if not np.all(np.isfinite(a)):
        raise QtoolError(f"{name}: entries must be finite")
    if kind == "unitary":
        if a.ndim != 2 or a.shape[0] != a.shape[1]:
            raise QtoolError(f"{name}: a unitary must be a square matrix, got shape {a.shape}")
        n = _qubits_of(a.shape[0], "unitary", name)
        if n > MAX_UNITARY_QUBITS:
            raise QtoolError(f"{name}: {n}-qubit unitary; qtool synth handles up to "
                             f"{MAX_UNITARY_QUBITS} qubits for unitaries")
        err = float(np.abs(a.conj().T @ a - np.eye(a.shape[0])).max())
        if err > TOLERANCE:
            raise QtoolError(f"{name}: not unitary (max |U^dagger U - I| = {err:.3g} > "
                             f"{TOLERANCE:g})")
    elif kind == "state":
        if a.ndim == 2 and 1 in a.shape:
            a = a.reshape(-1)
        if a.ndim != 1:
            raise QtoolError(f"{name}: a state must be a vector, got shape {a.shape}")
        n = _qubits_of(a.shape[0], "state", name)
        if n > MAX_STATE_QUBITS:
            raise QtoolError(f"{name}: {n}-qubit state; qtool synth handles up to "
                             f"{MAX_STATE_QUBITS} qubits for states")
        norm = float(np.linalg.norm(a))
        if abs(norm - 1) > TOLERANCE:
            raise QtoolError(f"{name}: state is not normalised (norm {norm:.9g})")
        a = a / norm
    else:
        raise ValueError(kind)
    return Target(kind, a, n, name)


def circuit_target(kind: str, text: str, name: str) -> Target:
    """The unitary (or output state from |0..0>) of an OpenQASM circuit."""
    import cirq

    from qtool.qasm import parse_program
    from qtool.sim.engine import NoFinalStateError, unitary_part

    program = parse_program(text, name)
    qubits = program.qubits or sorted(program.circuit.all_qubits())
    try:
        body = unitary_part(program.circuit)
    except NoFinalStateError as exc:
        raise QtoolError(f"{name}: the circuit has {exc}; synthesis needs a unitary circuit") \
            from None
    if not qubits:
        raise QtoolError(f"{name}: the circuit has no qubits")
    limit = MAX_UNITARY_QUBITS if kind == "unitary" else MAX_STATE_QUBITS
    if len(qubits) > limit:
        raise QtoolError(f"{name}: {len(qubits)} qubits; qtool synth handles up to {limit} "
                         f"for a {kind}")
    # complex128 throughout (qsim's complex64 states would cap fidelity near 1 - 1e-7): the
    # state is the unitary's first column, which is cheap at these sizes.
    matrix = cirq.Circuit(body).unitary(qubit_order=qubits, qubits_that_should_be_present=qubits)
    array = matrix if kind == "unitary" else matrix[:, 0]
    return check_target(kind, array, name)
