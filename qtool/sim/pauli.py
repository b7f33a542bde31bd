"""Parse Pauli-sum observables such as "Z0*Z1 + 0.5*X2 - Y0" into cirq.PauliSum.

Qubit numbers index the circuit's qubit order (declaration order for QASM input), so a
user writes observables against the same numbering as the bitstrings.
"""

from __future__ import annotations

import re

import cirq

from qtool.errors import QtoolError

_TERM = re.compile(
    r"\s*(?P<sign>[+-])?\s*(?:(?P<coef>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*\*?\s*)?"
    r"(?P<paulis>(?:[IXYZ]\d+\s*\*?\s*)*[IXYZ]\d+|I)?\s*"
)
_FACTOR = re.compile(r"([IXYZ])(\d+)")


def parse_pauli_sum(text: str, qubits: list[cirq.Qid]) -> cirq.PauliSum:
    """Parse `text` into a PauliSum over `qubits`; raises QtoolError naming the column."""
    if not text.strip():
        raise QtoolError("empty observable, expected e.g. \"Z0*Z1 + 0.5*X2\"")
    total = cirq.PauliSum()
    pos, first = 0, True
    while pos < len(text):
        m = _TERM.match(text, pos)
        if not m or m.end() == pos or (not first and not m.group("sign")) or \
                (m.group("coef") is None and m.group("paulis") is None):
            raise QtoolError(f"observable {text!r}: expected a term like 0.5*Z0*Z1 at column {pos + 1}")
        coef = float(m.group("coef")) if m.group("coef") else 1.0
        if m.group("sign") == "-":
            coef = -coef
        term = cirq.PauliString(coef)
        for name, idx in _FACTOR.findall(m.group("paulis") or ""):
            i = int(idx)
            if i >= len(qubits):
                raise QtoolError(f"observable {text!r}: qubit {i} does not exist "
                                 f"(the circuit has {len(qubits)} qubits, numbered from 0)")
            if name != "I":
                term = term * cirq.PauliString({qubits[i]: getattr(cirq, name)})
        total += term
        pos, first = m.end(), False
    return total
