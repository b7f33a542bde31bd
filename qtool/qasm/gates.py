"""The gates OpenQASM files use, as cirq gates with the exact matrices Qiskit defines.

Each standard name maps to a factory `(params) -> cirq.Gate` with a fixed arity. Where
cirq has the gate (x, cx, rzz, ...), we use cirq's class, so qsim runs it natively and
compile passes recognise it. The few gates cirq lacks (u3, rzx, ecr, barrier) are small
classes in qtool.gates; gates that are defined by a circuit in qelib1.inc (rccx, rc3x, ...) are
given as OpenQASM source in PRELUDE and expanded like any user gate.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Sequence

import cirq

from qtool.gates import BarrierGate, ECRGate, RZXGate, U3Gate  # noqa: F401  (re-exported)

PI = math.pi


@dataclass(frozen=True)
class GateSpec:
    """A standard gate: how many parameters and qubits, and how to build it."""

    name: str
    num_params: int
    num_qubits: int
    build: Callable[[Sequence[float]], cirq.Gate]


def _u3(t, p, l):
    return U3Gate(t, p, l)


def _controlled(gate: cirq.Gate, n: int = 1) -> cirq.Gate:
    return cirq.ControlledGate(gate, num_controls=n)


_SQRT_X = cirq.XPowGate(exponent=0.5)
_FIXED = {
    "id": cirq.I, "u0": cirq.I, "x": cirq.X, "y": cirq.Y, "z": cirq.Z, "h": cirq.H,
    "s": cirq.S, "sdg": cirq.S ** -1, "t": cirq.T, "tdg": cirq.T ** -1,
    "sx": _SQRT_X, "sxdg": cirq.XPowGate(exponent=-0.5),
    "v": _SQRT_X, "vdg": cirq.XPowGate(exponent=-0.5),
    "cx": cirq.CNOT, "CX": cirq.CNOT, "cnot": cirq.CNOT, "cy": _controlled(cirq.Y), "cz": cirq.CZ,
    "ch": _controlled(cirq.H), "cs": cirq.CZPowGate(exponent=0.5),
    "csdg": cirq.CZPowGate(exponent=-0.5), "csx": _controlled(_SQRT_X),
    "swap": cirq.SWAP, "iswap": cirq.ISWAP, "ecr": ECRGate(),
    "ccx": cirq.CCX, "toffoli": cirq.CCX, "ccz": cirq.CCZ, "cswap": cirq.CSWAP,
    "fredkin": cirq.CSWAP, "c3x": _controlled(cirq.X, 3), "c4x": _controlled(cirq.X, 4),
    "c3sqrtx": _controlled(_SQRT_X, 3),
}
_ARITY = {g: cirq.num_qubits(v) for g, v in _FIXED.items()}

_PARAMETRIC: dict[str, tuple[int, int, Callable]] = {
    # name: (num_params, num_qubits, build)
    "U": (3, 1, lambda p: _u3(*p)),
    "u": (3, 1, lambda p: _u3(*p)),
    "u3": (3, 1, lambda p: _u3(*p)),
    "u2": (2, 1, lambda p: _u3(PI / 2, p[0], p[1])),
    "u1": (1, 1, lambda p: cirq.ZPowGate(exponent=p[0] / PI)),
    "p": (1, 1, lambda p: cirq.ZPowGate(exponent=p[0] / PI)),
    "phase": (1, 1, lambda p: cirq.ZPowGate(exponent=p[0] / PI)),
    "rx": (1, 1, lambda p: cirq.rx(p[0])),
    "ry": (1, 1, lambda p: cirq.ry(p[0])),
    "rz": (1, 1, lambda p: cirq.rz(p[0])),
    "r": (2, 1, lambda p: _u3(p[0], p[1] - PI / 2, PI / 2 - p[1])),
    "crx": (1, 2, lambda p: _controlled(cirq.rx(p[0]))),
    "cry": (1, 2, lambda p: _controlled(cirq.ry(p[0]))),
    "crz": (1, 2, lambda p: _controlled(cirq.rz(p[0]))),
    "cu1": (1, 2, lambda p: cirq.CZPowGate(exponent=p[0] / PI)),
    "cp": (1, 2, lambda p: cirq.CZPowGate(exponent=p[0] / PI)),
    "cphase": (1, 2, lambda p: cirq.CZPowGate(exponent=p[0] / PI)),
    "cu3": (3, 2, lambda p: _controlled(_u3(*p))),
    "cu": (4, 2, lambda p: _controlled(U3Gate(*p))),
    "rxx": (1, 2, lambda p: cirq.XXPowGate(exponent=p[0] / PI, global_shift=-0.5)),
    "ryy": (1, 2, lambda p: cirq.YYPowGate(exponent=p[0] / PI, global_shift=-0.5)),
    "rzz": (1, 2, lambda p: cirq.ZZPowGate(exponent=p[0] / PI, global_shift=-0.5)),
    "rzx": (1, 2, lambda p: RZXGate(p[0])),
    "mcu1": (1, 0, None),  # listed so the error says "needs a fixed arity" (not supported)
}
del _PARAMETRIC["mcu1"]

STANDARD: dict[str, GateSpec] = {}
for _name, _gate in _FIXED.items():
    STANDARD[_name] = GateSpec(_name, 0, _ARITY[_name], (lambda g: (lambda p: g))(_gate))
for _name, (_np, _nq, _build) in _PARAMETRIC.items():
    STANDARD[_name] = GateSpec(_name, _np, _nq, _build)

# Gates qelib1.inc defines by a circuit and cirq has no class for: expanded like user gates.
PRELUDE = """
gate rccx a,b,c { u2(0,pi) c; u1(pi/4) c; cx b,c; u1(-pi/4) c; cx a,c; u1(pi/4) c; cx b,c;
  u1(-pi/4) c; u2(0,pi) c; }
gate rc3x a,b,c,d { u2(0,pi) d; u1(pi/4) d; cx c,d; u1(-pi/4) d; u2(0,pi) d; cx a,d; u1(pi/4) d;
  cx b,d; u1(-pi/4) d; cx a,d; u1(pi/4) d; cx b,d; u1(-pi/4) d; u2(0,pi) d; u1(pi/4) d; cx c,d;
  u1(-pi/4) d; u2(0,pi) d; }
gate dcx a,b { cx a,b; cx b,a; }
gate xx_plus_yy(theta,beta) a,b { rz(beta) b; rz(-pi/2) a; sx a; rz(pi/2) a; s b; cx a,b;
  ry(theta/2) a; ry(theta/2) b; cx a,b; sdg b; rz(-pi/2) a; sxdg a; rz(pi/2) a; rz(-beta) b; }
gate xx_minus_yy(theta,beta) a,b { rz(-beta) b; rz(-pi/2) a; sx a; rz(pi/2) a; s b; cx a,b;
  ry(theta/2) a; ry(-theta/2) b; cx a,b; sdg b; rz(-pi/2) a; sxdg a; rz(pi/2) a; rz(beta) b; }
"""

_GATE_CACHE: dict[tuple, cirq.Gate] = {}


def standard_gate(name: str, params: tuple[float, ...]) -> cirq.Gate:
    """The cirq gate for a standard name and evaluated parameters, cached (files repeat them)."""
    key = (name, params)
    gate = _GATE_CACHE.get(key)
    if gate is None:
        gate = STANDARD[name].build(params)
        if len(_GATE_CACHE) < 200_000:
            _GATE_CACHE[key] = gate
    return gate
