"""The editor's gate palette: what each gate is called, how it is drawn, how it becomes cirq.

One table, so the grid, the palette bar, the help screen and the cirq conversion all agree.
`symbols` gives the per-qubit mark for gates drawn as dots and lines (CX: control dot and
target circle); gates without symbols are drawn as labelled boxes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import cirq

from qtool.gates import PI, classify


@dataclass(frozen=True)
class GateSpec:
    name: str                      # the palette name, also the QASM-ish name shown in help
    label: str                     # at most 3 characters, drawn in the box
    num_qubits: int
    num_params: int = 0
    symbols: tuple[str, ...] = ()  # per-qubit marks instead of a box (CX: "●", "⊕")
    make: Callable[..., cirq.Gate | None] | None = None
    description: str = ""


CATALOG: dict[str, GateSpec] = {spec.name: spec for spec in [
    GateSpec("H", "H", 1, make=lambda: cirq.H, description="Hadamard"),
    GateSpec("X", "X", 1, make=lambda: cirq.X, description="Pauli X (NOT)"),
    GateSpec("Y", "Y", 1, make=lambda: cirq.Y, description="Pauli Y"),
    GateSpec("Z", "Z", 1, make=lambda: cirq.Z, description="Pauli Z"),
    GateSpec("S", "S", 1, make=lambda: cirq.S, description="phase pi/2"),
    GateSpec("Sdg", "S†", 1, make=lambda: cirq.S ** -1, description="phase -pi/2"),
    GateSpec("T", "T", 1, make=lambda: cirq.T, description="phase pi/4"),
    GateSpec("Tdg", "T†", 1, make=lambda: cirq.T ** -1, description="phase -pi/4"),
    GateSpec("SX", "√X", 1, make=lambda: cirq.X ** 0.5, description="square root of X"),
    GateSpec("Rx", "Rx", 1, 1, make=lambda t: cirq.rx(t), description="rotation about X"),
    GateSpec("Ry", "Ry", 1, 1, make=lambda t: cirq.ry(t), description="rotation about Y"),
    GateSpec("Rz", "Rz", 1, 1, make=lambda t: cirq.rz(t), description="rotation about Z"),
    GateSpec("P", "P", 1, 1, make=lambda t: cirq.ZPowGate(exponent=t / PI),
             description="phase diag(1, e^(i t))"),
    GateSpec("CX", "CX", 2, symbols=("●", "⊕"), make=lambda: cirq.CNOT, description="controlled X"),
    GateSpec("CZ", "CZ", 2, symbols=("●", "●"), make=lambda: cirq.CZ, description="controlled Z"),
    GateSpec("SWAP", "SW", 2, symbols=("×", "×"), make=lambda: cirq.SWAP, description="swap"),
    GateSpec("CCX", "CCX", 3, symbols=("●", "●", "⊕"), make=lambda: cirq.CCX,
             description="Toffoli"),
    GateSpec("measure", "M", 1, description="measure into c[q]"),
    GateSpec("reset", "|0>", 1, make=lambda: cirq.ResetChannel(), description="reset to |0>"),
    GateSpec("barrier", "░", 1, description="barrier (all qubits)"),
]}


SINGLE_QUBIT = [n for n, s in CATALOG.items() if s.num_qubits == 1 and s.num_params == 0
                and n not in ("measure", "reset", "barrier")]
ANGLE_GATES = [n for n, s in CATALOG.items() if s.num_params]
MULTI_QUBIT = [n for n, s in CATALOG.items() if s.num_qubits > 1]


def spec(name: str) -> GateSpec:
    """The spec of a palette gate; KeyError names the known gates."""
    try:
        return CATALOG[name]
    except KeyError:
        raise KeyError(f"unknown gate {name!r}; known: {', '.join(CATALOG)}") from None


# qtool.gates' standard names -> the palette's names, for the gates the palette has.
_PALETTE_NAMES = {"h": "H", "x": "X", "y": "Y", "z": "Z", "s": "S", "sdg": "Sdg", "t": "T",
                  "tdg": "Tdg", "sx": "SX", "cx": "CX", "cz": "CZ", "swap": "SWAP",
                  "ccx": "CCX", "rx": "Rx", "ry": "Ry", "rz": "Rz", "p": "P",
                  "reset": "reset", "barrier": "barrier"}


def recognise(gate: cirq.Gate) -> tuple[str, tuple[float, ...]] | None:
    """(palette name, params) for a cirq gate the palette has, else None.

    Names come from qtool.gates.classify (shared with the writer), so `cirq.Z**0.5` is S
    and `cirq.ZPowGate(exponent=0.3)` is P(0.3*pi).
    """
    named = classify(gate)
    if named is None or named[0] not in _PALETTE_NAMES:
        return None
    return _PALETTE_NAMES[named[0]], named[1]
