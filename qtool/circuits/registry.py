"""The family registry: name -> Family, and `generate`, the one entry point users call.

A family module declares its builders with `@family(...)`; qtool.circuits imports every
family module once, so `FAMILIES` is complete as soon as the package is imported.
A builder takes the qubit count and a numpy Generator (all randomness comes from it, so a
seed reproduces a circuit exactly) and returns a cirq.Circuit on `cirq.LineQubit.range(n)`
at the algorithmic level; `generate` lowers it to the basic gate set for `level="indep"`.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Callable, Sequence

import cirq
import numpy as np

from qtool.errors import QtoolError

LEVELS = ("alg", "indep")

Builder = Callable[[int, np.random.Generator], cirq.Circuit]
Readout = Callable[[int], Sequence[int]]


@dataclass(frozen=True)
class Family:
    """One algorithm family.

    `seeded` says whether the seed changes the circuit (a GHZ state has nothing to draw), so
    a caller generating many distinct circuits knows when extra seeds are pointless.
    `readout(n)` gives the indices of the qubits that hold the answer (BV's input register,
    QPE's counting register); `--measure` measures those only, so an ancilla in |-> does not
    add random bits to the outcome. None: every qubit is part of the answer.
    """

    name: str
    description: str
    min_qubits: int
    max_qubits: int
    builder: Builder
    seeded: bool = False
    readout: Readout | None = None

    def readout_qubits(self, qubits: int) -> list[int]:
        """Indices, in ascending order, of the qubits `--measure` measures."""
        if self.readout is None:
            return list(range(qubits))
        return sorted(int(i) for i in self.readout(qubits))

    def check_qubits(self, qubits: int) -> None:
        """Raise QtoolError unless this family can be built on `qubits` qubits."""
        if isinstance(qubits, bool) or not isinstance(qubits, (int, np.integer)):
            raise QtoolError(f"{self.name}: the qubit count must be an integer, got {qubits!r}")
        if not self.min_qubits <= qubits <= self.max_qubits:
            raise QtoolError(
                f"{self.name}: {qubits} qubits is out of range; this family takes "
                f"{self.min_qubits} to {self.max_qubits} qubits")


FAMILIES: dict[str, Family] = {}


def family(name: str, description: str, min_qubits: int, max_qubits: int,
           seeded: bool = False, readout: Readout | None = None) -> Callable[[Builder], Builder]:
    """Register the decorated builder as the family `name` (see Family for `readout`)."""

    def register(builder: Builder) -> Builder:
        if name in FAMILIES:
            raise ValueError(f"family {name!r} registered twice")
        FAMILIES[name] = Family(name, description, min_qubits, max_qubits, builder, seeded, readout)
        return builder

    return register


def get_family(name: str) -> Family:
    """The family called `name`, or a QtoolError that suggests the closest names."""
    try:
        return FAMILIES[name]
    except KeyError:
        close = difflib.get_close_matches(name, FAMILIES, n=3)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        raise QtoolError(f"unknown algorithm family {name!r}{hint}; "
                         f"`qtool gen --list` shows all {len(FAMILIES)}") from None


def generate(name: str, qubits: int, seed: int | None = None, level: str = "indep",
             measure: bool = False) -> cirq.Circuit:
    """Build the circuit of family `name` on `qubits` LineQubits.

    Args:
        name: a key of FAMILIES (`qtool gen --list`).
        qubits: the number of qubits; every one of LineQubit(0..qubits-1) is used.
        seed: seeds every random choice (secret strings, graphs, angles); None draws fresh
            randomness. Families without random choices ignore it.
        level: "alg" keeps high-level gates (QFT, multi-controlled gates, matrices);
            "indep" decomposes to the basic gate set qtool.circuits.BASIC_GATES.
        measure: append a measurement of the family's readout qubits (every qubit unless the
            family has ancillas: BV and DJ measure their inputs, the phase-estimation families
            their counting register, the adder its sum), keys c_0, c_1, ... in qubit order.

    Raises:
        QtoolError: unknown family or level, or a qubit count out of the family's range.

    >>> c = generate("ghz", 3)
    >>> sorted(c.all_qubits()) == cirq.LineQubit.range(3)
    True
    """
    fam = get_family(name)
    if level not in LEVELS:
        raise QtoolError(f"unknown level {level!r}: expected one of {', '.join(LEVELS)}")
    fam.check_qubits(qubits)
    qubits = int(qubits)
    circuit = fam.builder(qubits, np.random.default_rng(seed))
    if level == "indep":
        from qtool.circuits.lower import to_indep

        circuit = to_indep(circuit)
    if measure:
        line = cirq.LineQubit.range(qubits)
        circuit.append(cirq.measure(line[j], key=f"c_{i}")
                       for i, j in enumerate(fam.readout_qubits(qubits)))
    return circuit
