"""What a state vector says, per display: probabilities, marginals, Bloch vectors, reduced
purity and entropy, top amplitudes. Pure numpy, O(2**n) per qubit, so 20 qubits stay fast.

Bit order: index bit (n-1-q) belongs to qubit q, so qubit 0 is the leftmost character of a
bitstring, as everywhere in qtool.

    >>> import numpy as np
    >>> bell = np.array([1, 0, 0, 1]) / np.sqrt(2)
    >>> [round(b.entropy, 6) for b in qubit_infos(bell, 2)]
    [1.0, 1.0]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class QubitInfo:
    """One qubit's reduced state: P(1), Bloch vector, purity tr(rho^2), entropy in bits."""

    p1: float
    x: float
    y: float
    z: float
    purity: float
    entropy: float


def bitstring(index: int, num_qubits: int) -> str:
    return format(index, f"0{num_qubits}b") if num_qubits else ""


def probabilities(state: np.ndarray) -> np.ndarray:
    return state.real ** 2 + state.imag ** 2


def reduced_density(state: np.ndarray, num_qubits: int, qubit: int,
                    probs: np.ndarray | None = None) -> np.ndarray:
    """The 2x2 density matrix of `qubit`, tracing out the others.

    O(2**n): the diagonal from the probabilities (pass them when they are at hand), the
    off-diagonal sum psi0 * conj(psi1) with one einsum over the half states.
    """
    shape = (2 ** qubit, 2, 2 ** (num_qubits - qubit - 1))
    psi = state.reshape(shape)
    probs = probabilities(state) if probs is None else probs
    r11 = float(probs.reshape(shape)[:, 1, :].sum())
    r00 = float(probs.sum()) - r11
    r01 = complex(np.einsum("ij,ij->", psi[:, 0, :], psi[:, 1, :].conj()))
    return np.array([[r00, r01], [r01.conjugate(), r11]])


def qubit_info(rho: np.ndarray) -> QubitInfo:
    trace = float(rho[0, 0].real + rho[1, 1].real) or 1.0
    rho = rho / trace
    x, y = 2 * rho[0, 1].real, -2 * rho[0, 1].imag
    z = float(rho[0, 0].real - rho[1, 1].real)
    length = min(1.0, float(np.sqrt(x * x + y * y + z * z)))
    purity = (1 + length ** 2) / 2
    entropy = 0.0
    for lam in ((1 + length) / 2, (1 - length) / 2):
        if lam > 1e-12:
            entropy -= lam * np.log2(lam)
    return QubitInfo(float(rho[1, 1].real), float(x) + 0.0, float(y) + 0.0, z + 0.0, float(purity),
                     float(abs(entropy)))


def qubit_infos(state: np.ndarray, num_qubits: int, probs: np.ndarray | None = None) -> list[QubitInfo]:
    probs = probabilities(state) if probs is None else probs
    return [qubit_info(reduced_density(state, num_qubits, q, probs)) for q in range(num_qubits)]


def top_indices(weights: np.ndarray, k: int) -> np.ndarray:
    """Indices of the k largest weights, largest first (ties: lower index first)."""
    k = min(k, weights.size)
    if k <= 0:
        return np.zeros(0, dtype=np.int64)
    if k < weights.size:
        part = np.argpartition(-weights, k - 1)[:k]
    else:
        part = np.arange(weights.size)
    order = np.lexsort((part, -weights[part]))
    return part[order]


def top_amplitudes(state: np.ndarray, num_qubits: int, k: int, threshold: float = 1e-12):
    """[(bitstring, amplitude)] for the k largest |amplitude|, skipping ~zero ones."""
    probs = probabilities(state)
    out = []
    for i in top_indices(probs, k):
        if probs[i] <= threshold:
            break
        out.append((bitstring(int(i), num_qubits), complex(state[i])))
    return out


def histogram(probs: np.ndarray, num_qubits: int, limit: int = 32, threshold: float = 1e-12):
    """[(bitstring, p)] by decreasing p (ties: lower index first): the `limit` most probable
    outcomes, leaving out those of probability ~0."""
    return [(bitstring(int(i), num_qubits), float(probs[i])) for i in top_indices(probs, limit)
            if probs[i] > threshold]


def support(probs: np.ndarray, threshold: float = 1e-12) -> int:
    """How many outcomes have a probability above ~0."""
    return int(np.count_nonzero(probs > threshold))
