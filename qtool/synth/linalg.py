"""numpy unitaries and states of token-level circuits, and fidelity up to global phase.

Circuits here are KetGPT statements `(name, params, qubits)`; qubit 0 is the most
significant bit of a matrix index (qtool's order: qubit 0 leftmost). Gate matrices come
from qtool's one gate table (`qtool.qasm.gates.standard_gate`), cached per name and angles,
so these products agree with what `qtool simulate` runs.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Sequence

import numpy as np


@lru_cache(maxsize=4096)
def gate_matrix(name: str, params: tuple[float, ...] = ()) -> np.ndarray:
    import cirq

    from qtool.qasm.gates import standard_gate

    m = cirq.unitary(standard_gate(name, tuple(float(p) for p in params)))
    m.setflags(write=False)
    return m


def apply(tensor: np.ndarray, n: int, matrix: np.ndarray, qubits: Sequence[int]) -> np.ndarray:
    """Apply a k-qubit matrix to the leading n qubit axes of `tensor` (shape (2,)*n + rest)."""
    k = len(qubits)
    g = matrix.reshape((2,) * (2 * k))
    out = np.tensordot(g, tensor, axes=(list(range(k, 2 * k)), list(qubits)))
    # tensordot puts the gate's output axes first: move them back to the qubits' places.
    return np.moveaxis(out, list(range(k)), list(qubits))


def embed(m: np.ndarray, qubits, n: int) -> np.ndarray:
    """The 2^n matrix of a gate on `qubits`."""
    d = 2 ** n
    t = np.eye(d, dtype=complex).reshape((2,) * n + (d,))
    return apply(t, n, m, qubits).reshape(d, d)


def circuit_unitary(n: int, statements) -> np.ndarray:
    d = 2 ** n
    t = np.eye(d, dtype=complex).reshape((2,) * n + (d,))
    for name, params, qubits in statements:
        t = apply(t, n, gate_matrix(name, tuple(params)), qubits)
    return t.reshape(d, d)


def circuit_state(n: int, statements) -> np.ndarray:
    t = np.zeros(2 ** n, dtype=complex)
    t[0] = 1.0
    t = t.reshape((2,) * n)
    for name, params, qubits in statements:
        t = apply(t, n, gate_matrix(name, tuple(params)), qubits)
    return t.reshape(-1)


def unitary_fidelity(u: np.ndarray, v: np.ndarray) -> float:
    """|tr(U^dagger V)| / d: 1 exactly when V = e^{i phi} U."""
    return float(abs(np.vdot(u, v)) / u.shape[0])


def state_fidelity(psi: np.ndarray, phi: np.ndarray) -> float:
    """|<psi|phi>|^2 of normalised states."""
    return float(abs(np.vdot(psi, phi)) ** 2)


def fidelity(kind: str, target: np.ndarray, statements, n: int) -> float:
    if kind == "unitary":
        return unitary_fidelity(target, circuit_unitary(n, statements))
    return state_fidelity(target, circuit_state(n, statements))
