"""Hamiltonians a user brings: `pauli:"0.5 Z0 Z1 + 0.3 X0 - 1"` or `openfermion:FILE`.

`pauli:` sums are read by qtool.pauli, the same parser as `simulate --expect`.

The FILE holds what `print(op)` shows for an openfermion QubitOperator or FermionOperator
(`(0.5+0j) [X0 Z1] +` lines; fermion terms like `[0^ 1]` are mapped by Jordan-Wigner).
"""

from __future__ import annotations

import re

from qtool.errors import QtoolError
from qtool.pauli import PauliSumError, parse_pauli_sum as parse_terms
from qtool.qpe.models.base import Model, from_qubit_operator

MAX_QUBITS = 10


def model_from_pauli_sum(text: str) -> Model:
    """Parse `c1 P.. + c2 P.. - ...` in qtool.pauli's language (P like Z0 X1, case-insensitive;
    a bare number or `I` is an identity term)."""
    import openfermion as of

    try:
        terms = parse_terms(text, what="Hamiltonian")
    except PauliSumError as exc:
        raise QtoolError(f"pauli: {exc}") from None
    op = of.QubitOperator()
    for coef, factors in terms:
        op += of.QubitOperator(tuple(sorted(factors.items())), coef)
    return _checked(from_qubit_operator(op, "pauli", {}), text)


_OF_TERM = re.compile(r"(\([^)]*\)|[-+]?[\d.]+(?:[eE][-+]?\d+)?)\s*\[([^\]]*)\]")


def load_openfermion(path: str) -> Model:
    """Read a printed QubitOperator or FermionOperator from a file (JW for fermions)."""
    import openfermion as of

    from qtool.io import read_text

    text, name = read_text(path)
    matches = _OF_TERM.findall(text)
    if not matches:
        raise QtoolError(f"{name}: no operator terms found; expected lines like '(0.5+0j) [X0 Z1] +'")
    fermionic = any("^" in body for _, body in matches)
    op = of.FermionOperator() if fermionic else of.QubitOperator()
    for coeff, body in matches:
        try:
            c = complex(coeff.strip("()").replace(" ", ""))
            op += (of.FermionOperator if fermionic else of.QubitOperator)(body.strip(), c)
        except (ValueError, TypeError) as exc:
            raise QtoolError(f"{name}: cannot read term '{coeff} [{body}]': {exc}") from None
    if fermionic:
        if not of.is_hermitian(op):
            raise QtoolError(f"{name}: the fermion operator is not Hermitian")
        op = of.jordan_wigner(op)
    return _checked(from_qubit_operator(op, f"openfermion:{name}", {}), name)


def _checked(model: Model, source: str) -> Model:
    if not model.pauli_terms:
        raise QtoolError(f"{source}: the Hamiltonian is a constant; nothing to estimate")
    if model.n_qubits > MAX_QUBITS:
        raise QtoolError(f"{source}: {model.n_qubits} system qubits; QPE here supports at most {MAX_QUBITS}")
    return model
