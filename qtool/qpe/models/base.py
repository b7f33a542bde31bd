"""A qubit Hamiltonian as QPE needs it: real Pauli terms, a physical sector, an exact spectrum."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

# A Pauli string: ((qubit, "X"|"Y"|"Z"), ...) sorted by qubit; () is the identity.
PauliString = tuple[tuple[int, str], ...]


@dataclass(frozen=True)
class Model:
    """H = sum_k c_k P_k on `n_qubits` qubits (qubit 0 is the leftmost bit, as in cirq).

    `sector` lists the computational-basis indices of the physical subspace the energies
    refer to (the half-filled sector of the Hubbard dimer); None means the whole space.
    `references` holds named input states (full-space vectors), e.g. Hartree-Fock.
    """

    name: str
    params: dict[str, float]
    n_qubits: int
    terms: tuple[tuple[PauliString, float], ...]
    sector: tuple[int, ...] | None = None
    sector_label: str = "all states"
    references: dict[str, np.ndarray] = field(default_factory=dict, compare=False)
    info: dict = field(default_factory=dict, compare=False)  # molecules: file, mapping, FCI/HF energies

    @property
    def identity_coefficient(self) -> float:
        return sum(c for p, c in self.terms if not p)

    @property
    def pauli_terms(self) -> tuple[tuple[PauliString, float], ...]:
        """The non-identity terms, in a fixed order (the Trotter product order)."""
        return tuple((p, c) for p, c in self.terms if p)

    @property
    def one_norm(self) -> float:
        """sum |c_k| over non-identity terms: |E - c_identity| <= one_norm for every eigenvalue."""
        return float(sum(abs(c) for _, c in self.pauli_terms))

    def matrix(self) -> np.ndarray:
        """The dense 2**n x 2**n matrix (fine for the few-qubit models QPE simulates here)."""
        return pauli_sum_matrix(self.terms, self.n_qubits)

    @cached_property
    def _eigensystem(self) -> tuple[np.ndarray, np.ndarray]:
        h = self.matrix()
        if self.sector is None:
            return np.linalg.eigh(h)
        idx = np.asarray(self.sector)
        vals, vecs = np.linalg.eigh(h[np.ix_(idx, idx)])
        full = np.zeros((h.shape[0], len(idx)), dtype=complex)
        full[idx, :] = vecs
        return vals, full

    def spectrum(self) -> np.ndarray:
        """Exact energies in the physical sector, ascending (exact diagonalisation; round-off
        below 1e-12 shown as 0)."""
        vals = self._eigensystem[0].copy()
        vals[np.abs(vals) < 1e-12] = 0.0
        return vals

    def eigenstate(self, k: int = 0) -> np.ndarray:
        """The k-th eigenvector (full-space state vector) in the physical sector."""
        vals, vecs = self._eigensystem
        if not 0 <= k < len(vals):
            raise IndexError(f"eigenstate {k} out of range: the sector has {len(vals)} states")
        return vecs[:, k].copy()


_SINGLE = {
    "X": np.array([[0, 1], [1, 0]], dtype=complex),
    "Y": np.array([[0, -1j], [1j, 0]], dtype=complex),
    "Z": np.array([[1, 0], [0, -1]], dtype=complex),
}


def pauli_matrix(pauli: PauliString, n_qubits: int) -> np.ndarray:
    """The matrix of one Pauli string, qubit 0 the most significant bit."""
    ops = dict(pauli)
    out = np.ones((1, 1), dtype=complex)
    for q in range(n_qubits):
        out = np.kron(out, _SINGLE[ops[q]] if q in ops else np.eye(2))
    return out


def pauli_sum_matrix(terms, n_qubits: int) -> np.ndarray:
    h = np.zeros((2**n_qubits, 2**n_qubits), dtype=complex)
    for pauli, coeff in terms:
        h += coeff * pauli_matrix(pauli, n_qubits)
    return h


def from_qubit_operator(op, name: str, params: dict[str, float], n_qubits: int | None = None,
                        **kwargs) -> Model:
    """Build a Model from an openfermion.QubitOperator (coefficients must be real: H Hermitian)."""
    from qtool.errors import QtoolError

    terms = []
    for pauli, coeff in sorted(op.terms.items(), key=lambda kv: (len(kv[0]), kv[0])):
        c = complex(coeff)
        if abs(c.imag) > 1e-12 * max(1.0, abs(c)):
            raise QtoolError(f"{name}: term {pauli} has a complex coefficient {c}: H is not Hermitian")
        if c.real != 0.0:
            terms.append((tuple(sorted(pauli)), float(c.real)))
    width = 1 + max((q for p, _ in terms for q, _ in p), default=0)
    if n_qubits is None:
        n_qubits = width
    return Model(name=name, params=params, n_qubits=n_qubits, terms=tuple(terms), **kwargs)
