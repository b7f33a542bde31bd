"""The algorithm library behind `qtool gen`: one cirq construction per algorithm family.

    >>> from qtool import circuits
    >>> c = circuits.generate("bv", 5, seed=1)
    >>> "qft" in circuits.FAMILIES
    True

`FAMILIES` maps a name to a `Family` (name, description, min_qubits, max_qubits, builder,
seeded). `generate(name, qubits, seed, level)` builds a circuit on cirq.LineQubit.range(n);
`level="indep"` uses only the basic gates in `BASIC_GATES` (see qtool.circuits.gateset).
"""

from __future__ import annotations

from qtool.circuits.gateset import BASIC_GATES, basic_name, is_basic
from qtool.circuits.lower import to_indep
from qtool.circuits.registry import FAMILIES, LEVELS, Family, generate, get_family

# Importing a family module registers its families (`qtool gen --list` sorts them by name).
from qtool.circuits import (  # noqa: E402,F401  isort:skip
    arithmetic, entangled, fourier, hhl, phase_estimation, oracles, random_circuits, variational,
    shor, trotter, walk,
)

__all__ = ["BASIC_GATES", "FAMILIES", "LEVELS", "Family", "basic_name", "generate",
           "get_family", "is_basic", "to_indep"]
