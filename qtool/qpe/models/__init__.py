"""Hamiltonian models by name: `get_model("hubbard2", {"U": 2})`, or user `pauli:` / `openfermion:`."""

from __future__ import annotations

import math

from qtool.errors import ParameterError, QtoolError
from qtool.qpe.models.base import Model, PauliString, pauli_matrix  # noqa: F401
from qtool.qpe.models.builtin import BUILDERS, DEFAULTS, DESCRIPTIONS

MOLECULES = ("h2", "h2-631g", "lih")
MODEL_NAMES = tuple(BUILDERS) + MOLECULES + ("molecule:FILE", "pauli:TERMS", "openfermion:FILE")


def parse_params(items: list[str] | None) -> dict[str, float]:
    """`["t=1", "U=4.5"]` -> {"t": 1.0, "U": 4.5}; a clear QtoolError for anything else."""
    out: dict[str, float] = {}
    for item in items or []:
        name, eq, value = item.partition("=")
        name = name.strip()
        if not eq or not name:
            raise ParameterError.of_value("params", repr(item), "expected NAME=VALUE, e.g. {params} U=4",
                                          names=("params",))
        try:
            number = float(value)
        except ValueError:
            raise ParameterError.of_value("params", repr(item), f"{value!r} is not a number") from None
        if not math.isfinite(number):
            raise ParameterError.of_value("params", repr(item), "the value must be finite")
        out[name] = number
    return out


def get_model(spec: str, params: dict[str, float] | None = None, mapping: str | None = None) -> Model:
    """Build the model named `spec` with `params` overriding its defaults.

    `mapping` (jw | bk | scbk) applies to the molecular models (h2, h2-631g, lih, molecule:FILE)
    only; their default is jw."""
    params = dict(params or {})
    if spec in MOLECULES or spec.startswith("molecule:"):
        from qtool.qpe.models import molecules

        mapping = mapping or "jw"
        if spec.startswith("molecule:"):
            unknown = sorted(set(params) - {"frozen", "active"})
            if unknown:
                raise QtoolError(f"molecule: has no parameter {', '.join(unknown)}; its parameters are frozen, active")
            path = spec.partition(":")[2]
            return molecules.molecule_model(path, f"molecule:{path}", params, mapping)
        defaults = molecules.MOLECULE_DEFAULTS[spec]
        unknown = sorted(set(params) - set(defaults))
        if unknown:
            raise QtoolError(f"model {spec} has no parameter {', '.join(unknown)}; "
                             f"its parameters are {', '.join(defaults)}")
        return molecules.MOLECULE_BUILDERS[spec](mapping=mapping, **params)
    if mapping not in (None, "jw"):
        raise ParameterError.of_value("mapping", mapping, f"applies to the molecular models ({', '.join(MOLECULES)}, "
                          "molecule:FILE); the other models are given as qubit Hamiltonians")
    if spec.startswith("pauli:") or spec.startswith("openfermion:"):
        if params:
            raise ParameterError("params", f" not used by {spec.split(':')[0]}: models (got {', '.join(params)})")
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
