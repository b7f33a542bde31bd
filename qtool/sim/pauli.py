"""`--expect` observables such as "Z0*Z1 + 0.5*X2 - Y0" as a cirq.PauliSum.

The language is qtool.pauli's (shared with QPE's `pauli:` models); this module only turns its
terms into cirq objects. Qubit numbers index the circuit's qubit order (declaration order for
QASM input), so a user writes observables against the same numbering as the bitstrings.
"""

from __future__ import annotations

import cirq

from qtool.errors import QtoolError
from qtool.pauli import PauliSumError, parse_pauli_sum as parse_terms

_GATES = {"X": cirq.X, "Y": cirq.Y, "Z": cirq.Z}


def pauli_sum_on(text: str, qubits: list[cirq.Qid]) -> cirq.PauliSum:
    """Parse `text` into a PauliSum over `qubits`; raises QtoolError naming the column."""
    try:
        terms = parse_terms(text, len(qubits), "observable")
    except PauliSumError as exc:
        raise QtoolError(str(exc)) from None
    total = cirq.PauliSum()
    for coef, factors in terms:
        total += cirq.PauliString({qubits[q]: _GATES[p] for q, p in factors.items()}, coefficient=coef)
    return total
