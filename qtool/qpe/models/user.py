"""Hamiltonians a user brings: `pauli:"0.5 Z0 Z1 + 0.3 X0 - 1"` or `openfermion:FILE`.

The FILE holds what `print(op)` shows for an openfermion QubitOperator or FermionOperator
(`(0.5+0j) [X0 Z1] +` lines; fermion terms like `[0^ 1]` are mapped by Jordan-Wigner).
"""

from __future__ import annotations

import re

from qtool.errors import QtoolError
from qtool.qpe.models.base import Model, from_qubit_operator

_TERM = re.compile(r"^\s*([-+]?\s*(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)?\s*\*?\s*((?:[XYZxyz]\d+\s*\*?\s*)*)$")
_FACTOR = re.compile(r"([XYZxyz])(\d+)")
MAX_QUBITS = 10


def parse_pauli_sum(text: str) -> Model:
    """Parse `c1 P.. + c2 P.. - ...` (P like Z0 X1; a bare number is an identity term)."""
    import openfermion as of

    src = text.strip()
    if not src:
        raise QtoolError("pauli: empty Hamiltonian; expected e.g. pauli:\"0.5 Z0 Z1 + 0.3 X0\"")
    op = of.QubitOperator()
    for sign, body in _split_terms(src):
        m = _TERM.match(body)
        if not m or not body.strip():
            raise QtoolError(f"pauli: cannot read term {body.strip()!r}; expected e.g. '0.5 Z0 Z1'")
        coeff = float(m.group(1).replace(" ", "")) if m.group(1) else 1.0
        factors = _FACTOR.findall(m.group(2) or "")
        qubits = [int(q) for _, q in factors]
        if len(set(qubits)) != len(qubits):
            raise QtoolError(f"pauli: term {body.strip()!r} acts twice on one qubit")
        op += of.QubitOperator(tuple((int(q), p.upper()) for p, q in factors), sign * coeff)
    return _checked(from_qubit_operator(op, "pauli", {}), text)


def _split_terms(src: str):
    """Split at + and - that start a term (not inside an exponent like 1e-3)."""
    parts, sign, start = [], 1.0, 0
    i = 0
    if src[0] in "+-":
        sign, start, i = (-1.0 if src[0] == "-" else 1.0), 1, 1
    while i < len(src):
        ch = src[i]
        if ch in "+-" and i > start and src[i - 1] not in "eE":
            parts.append((sign, src[start:i]))
            sign, start = (-1.0 if ch == "-" else 1.0), i + 1
        i += 1
    parts.append((sign, src[start:]))
    return parts


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
