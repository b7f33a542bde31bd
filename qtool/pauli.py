"""The one language for Pauli sums: `--expect` observables and QPE `pauli:` Hamiltonians.

    sum    := ["+"|"-"] term (("+"|"-") term)*
    term   := coefficient [["*"] factor (["*"] factor)*]  |  factor (["*"] factor)*
    factor := X<n> | Y<n> | Z<n> | I<n> | I

Coefficients are real numbers (`0.5`, `.25`, `1e-3`); a term without one has coefficient 1
and a bare number is an identity term. Factors are separated by `*` or spaces
(`0.5*Z0*Z1`, `0.5 Z0 Z1`). The letters are case-insensitive (`z0*z1` is `Z0*Z1`);
`I<n>` and a bare `I` are the identity and add no factor. A qubit appears at most once per
term (`Z0*Z0` is refused, so no product ever makes a coefficient complex). Qubit numbers
index the circuit's qubit order (the bitstrings' numbering).

`parse_pauli_sum` returns a neutral representation, a list of (coefficient, {qubit: "X" |
"Y" | "Z"}) in the order written; the simulator turns it into a cirq.PauliSum, QPE into an
openfermion QubitOperator. Errors are PauliSumError (exit 2) with a 1-based column.
"""

from __future__ import annotations

import math
import re

from qtool.errors import QtoolError, clip

Term = tuple[float, dict[int, str]]

EXAMPLE = "0.5*Z0*Z1 - 0.3*X0 + 1"

_TOKEN = re.compile(
    r"(?P<space>\s+)|(?P<num>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)"
    r"|(?P<pauli>[IXYZixyz])(?P<index>\d++|(?![A-Za-z_]))|(?P<op>[-+*])"
)


class PauliSumError(QtoolError):
    """A Pauli sum that cannot be read; `column` is 1-based in the Pauli-sum text."""

    def __init__(self, text: str, reason: str, column: int, what: str = "Pauli sum"):
        self.text, self.reason, self.column = text, reason, column
        if not text.strip():
            super().__init__(f"empty {what}; expected e.g. {EXAMPLE!r}")
        else:
            super().__init__(f"{what} {clip(text)!r}: cannot read term at column {column}: {reason}")


def _what(value: str) -> str:
    return repr(clip(value)) if value else "the end"


def _tokens(text: str):
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m:
            word = re.match(r"[A-Za-z_]\w*|\S", text[pos:]).group(0)
            raise PauliSumError(text, f"unexpected {clip(word)!r}; expected a term like {EXAMPLE}",
                                pos + 1)
        if m.lastgroup != "space":
            kind = "pauli" if m.group("pauli") else m.lastgroup
            yield kind, m.group(0), pos + 1
        pos = m.end()
    yield "end", "", len(text) + 1


def _next_factor(tokens, text: str):
    """The token after a coefficient or factor, stepping over a '*' (which must be followed
    by a Pauli factor)."""
    kind, value, col = next(tokens)
    if kind == "op" and value == "*":
        kind, value, col = next(tokens)
        if kind != "pauli":
            raise PauliSumError(text, f"expected a Pauli factor like Z0 after '*', "
                                      f"found {_what(value)}", col)
    return kind, value, col


def parse_pauli_sum(text: str, n_qubits: int | None = None, what: str = "Pauli sum") -> list[Term]:
    """Parse `text` to [(coefficient, {qubit: letter})]; PauliSumError with the column.

    With `n_qubits`, a qubit number outside 0..n_qubits-1 (an `I<n>` too) is an error.
    `what` names the sum in messages ("observable", "Hamiltonian").
    """
    try:
        return _parse(text, n_qubits)
    except PauliSumError as exc:
        raise PauliSumError(text, exc.reason, exc.column, what) from None


def _parse(text: str, n_qubits: int | None) -> list[Term]:
    if not text.strip():
        raise PauliSumError(text, "empty", 1)
    tokens = _tokens(text)
    kind, value, col = next(tokens)
    terms: list[Term] = []
    sign = 1.0
    if kind == "op" and value in "+-":
        sign = -1.0 if value == "-" else 1.0
        kind, value, col = next(tokens)
    while True:
        coef, factors, seen_any = sign, {}, False
        if kind == "num":
            number = float(value)
            if not math.isfinite(number):
                raise PauliSumError(text, f"coefficient {clip(value)} is not a finite number", col)
            coef *= number
            seen_any = True
            kind, value, col = _next_factor(tokens, text)
        while kind == "pauli":
            letter, index = value[0].upper(), value[1:]
            if not index and letter != "I":
                raise PauliSumError(text, f"{value!r} needs a qubit number, e.g. {letter}0", col)
            if len(index) > 9:
                raise PauliSumError(text, f"qubit number {clip(index)} is too large", col)
            if index:
                qubit = int(index)
                if n_qubits is not None and qubit >= n_qubits:
                    raise PauliSumError(text, f"qubit {qubit} does not exist (the circuit has "
                                              f"{n_qubits} qubits, numbered from 0)", col)
                if letter != "I":
                    if qubit in factors:
                        raise PauliSumError(text, f"the term acts twice on qubit {qubit}", col)
                    factors[qubit] = letter
            seen_any = True
            kind, value, col = _next_factor(tokens, text)
        if not seen_any:
            raise PauliSumError(text, f"expected a term like {EXAMPLE}, found {_what(value)}", col)
        terms.append((coef, factors))
        if kind == "end":
            return terms
        if kind == "op" and value in "+-":
            sign = -1.0 if value == "-" else 1.0
            kind, value, col = next(tokens)
            continue
        raise PauliSumError(text, f"expected '+' or '-' between terms, found {_what(value)}"
                                  + (" (the coefficient comes first: 0.5*Z0)" if kind == "num" else ""),
                            col)
