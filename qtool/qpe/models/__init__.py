"""Hamiltonian models by name: `get_model("hubbard2", {"U": 2})`, or user `pauli:` / `openfermion:`."""

from __future__ import annotations

import math

from qtool.errors import QtoolError
from qtool.qpe.models.base import Model, PauliString, pauli_matrix  # noqa: F401
from qtool.qpe.models.builtin import BUILDERS, DEFAULTS, DESCRIPTIONS

MODEL_NAMES = tuple(BUILDERS) + ("pauli:TERMS", "openfermion:FILE")


def parse_params(items: list[str] | None) -> dict[str, float]:
    """`["t=1", "U=4.5"]` -> {"t": 1.0, "U": 4.5}; a clear QtoolError for anything else."""
    out: dict[str, float] = {}
    for item in items or []:
        name, eq, value = item.partition("=")
        name = name.strip()
        if not eq or not name:
            raise QtoolError(f"--param {item!r}: expected NAME=VALUE, e.g. --param U=4")
        try:
            number = float(value)
        except ValueError:
            raise QtoolError(f"--param {item!r}: {value!r} is not a number") from None
        if not math.isfinite(number):
            raise QtoolError(f"--param {item!r}: the value must be finite")
        out[name] = number
    return out


def get_model(spec: str, params: dict[str, float] | None = None) -> Model:
    """Build the model named `spec` with `params` overriding its defaults."""
    params = dict(params or {})
    if spec.startswith("pauli:") or spec.startswith("openfermion:"):
        if params:
            raise QtoolError(f"--param is not used by {spec.split(':')[0]}: models (got {', '.join(params)})")
        from qtool.qpe.models.user import load_openfermion, model_from_pauli_sum

        kind, _, rest = spec.partition(":")
        return model_from_pauli_sum(rest) if kind == "pauli" else load_openfermion(rest)
    if spec not in BUILDERS:
        raise QtoolError(f"unknown model {spec!r}; expected one of {', '.join(MODEL_NAMES)}")
    defaults = DEFAULTS[spec]
    unknown = sorted(set(params) - set(defaults))
    if unknown:
        raise QtoolError(f"model {spec} has no parameter {', '.join(unknown)}; "
                         f"its parameters are {', '.join(defaults)}")
    return BUILDERS[spec](**{**defaults, **params})
