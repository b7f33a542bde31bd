"""The fixed basic gate set of `--level indep`, and how any cirq gate maps onto it.

Every family decomposed to `indep` uses only these gates, so circuits of all families look
alike to a reader and to KetGPT. Each basic gate is one cirq gate object that OpenQASM 2.0
(qelib1.inc) names directly:

    h x y z s sdg t tdg     cirq.H, X, Y, Z, S, S**-1, T, T**-1
    rx ry rz                cirq.Rx / Ry / Rz (the global_shift=-0.5 rotation classes)
    p                       cirq.ZPowGate(exponent=theta/pi)            (global_shift 0)
    cx cz swap ccx          cirq.CNOT, CZ, SWAP, TOFFOLI
    cp                      cirq.CZPowGate(exponent=theta/pi)           (global_shift 0)
    u3                      cirq.circuits.qasm_output.QasmUGate(theta/pi, phi/pi, lam/pi)

`canonical(op)` rewrites one operation whose gate is a *leaf* cirq gate (a Pauli power, a
CZ power, a matrix on one qubit, ...) into basic gates, ignoring global phase: the circuits
are top-level programs, so a global phase is unobservable.
"""

from __future__ import annotations

import math

import cirq
import numpy as np
from cirq.circuits.qasm_output import QasmUGate

from qtool.gates import classify, near_exponent as _near, u3_angles, wrap_exponent as _wrap

BASIC_GATES = ("h", "x", "y", "z", "s", "sdg", "t", "tdg", "rx", "ry", "rz", "cx", "cz",
               "swap", "ccx", "p", "cp", "u3")
_BASIC = frozenset(BASIC_GATES)



def u3(theta: float, phi: float, lam: float) -> cirq.Gate:
    """The OpenQASM u3(theta, phi, lam) gate (angles in radians) as a cirq gate."""
    return QasmUGate(theta / math.pi, phi / math.pi, lam / math.pi)


def p(theta: float) -> cirq.Gate:
    """The phase gate p(theta) = diag(1, e^{i theta})."""
    return cirq.ZPowGate(exponent=theta / math.pi)


def cp(theta: float) -> cirq.Gate:
    """The controlled phase gate cp(theta) = diag(1, 1, 1, e^{i theta})."""
    return cirq.CZPowGate(exponent=theta / math.pi)


def basic_gate(op: cirq.Operation) -> tuple[str, tuple[float, ...]] | None:
    """(name, angles in radians) of an operation whose gate is a basic gate, else None.

    Names come from `qtool.gates.classify`, the one classifier every layer shares.
    Measurements are not gates and give None too; callers that allow them check
    `cirq.is_measurement(op)` first.
    """
    named = classify(op.gate)
    return named if named is not None and named[0] in _BASIC else None


def basic_name(op: cirq.Operation) -> str | None:
    """The basic gate name of an operation already in canonical form, else None."""
    named = basic_gate(op)
    return None if named is None else named[0]


def is_basic(op: cirq.Operation) -> bool:
    """True for a basic gate or a measurement: what `--level indep` circuits contain."""
    return cirq.is_measurement(op) or basic_name(op) is not None


def _z_power(e: float) -> cirq.Gate | None:
    e = _wrap(e)
    if abs(e) < 1e-12:
        return None
    for target, gate in ((1.0, cirq.Z), (0.5, cirq.S), (-0.5, cirq.S**-1), (0.25, cirq.T),
                         (-0.25, cirq.T**-1)):
        if _near(e, target):
            return gate
    return p(e * math.pi)


def canonical(op: cirq.Operation) -> list[cirq.Operation] | None:
    """Basic-gate operations equal to `op` up to global phase, or None if `op` is not a leaf
    gate this function knows (the caller then decomposes it further).

    A rotation by a multiple of 2*pi becomes the empty list.
    """
    if cirq.is_measurement(op):
        return [op]
    g, qs = op.gate, op.qubits
    if g is None:
        return None
    if isinstance(g, (cirq.GlobalPhaseGate, cirq.IdentityGate)):
        return []
    if basic_name(op) is not None:
        return [op]
    if isinstance(g, cirq.XPowGate):
        e = _wrap(g.exponent)
        return [] if abs(e) < 1e-12 else [cirq.X(*qs) if _near(e, 1) else cirq.rx(e * math.pi)(*qs)]
    if isinstance(g, cirq.YPowGate):
        e = _wrap(g.exponent)
        return [] if abs(e) < 1e-12 else [cirq.Y(*qs) if _near(e, 1) else cirq.ry(e * math.pi)(*qs)]
    if isinstance(g, cirq.ZPowGate):
        z = _z_power(g.exponent)
        return [] if z is None else [z(*qs)]
    if isinstance(g, cirq.HPowGate):
        e = _wrap(g.exponent)
        if abs(e) < 1e-12:
            return []
        return [cirq.H(*qs)] if _near(e, 1) else [from_matrix(cirq.unitary(g), qs[0])]
    if isinstance(g, cirq.CZPowGate):
        e = _wrap(g.exponent)
        if abs(e) < 1e-12:
            return []
        return [cirq.CZ(*qs) if _near(e, 1) else cp(e * math.pi)(*qs)]
    if isinstance(g, cirq.CXPowGate):
        e = _wrap(g.exponent)
        if abs(e) < 1e-12:
            return []
        if _near(e, 1):
            return [cirq.CNOT(*qs)]
        c, t = qs
        return [cirq.H(t), cp(e * math.pi)(c, t), cirq.H(t)]
    if isinstance(g, cirq.SwapPowGate) and _near(g.exponent, 1):
        return [cirq.SWAP(*qs)]
    if isinstance(g, cirq.CCXPowGate) and _near(g.exponent, 1):
        return [cirq.TOFFOLI(*qs)]
    if isinstance(g, cirq.CCZPowGate) and _near(g.exponent, 1):
        return [cirq.H(qs[2]), cirq.TOFFOLI(*qs), cirq.H(qs[2])]
    if len(qs) == 1 and cirq.has_unitary(op):
        return [from_matrix(cirq.unitary(op), qs[0])]
    return None


def from_matrix(u: np.ndarray, qubit: cirq.Qid) -> cirq.Operation:
    """One u3 operation implementing the single-qubit unitary u (up to global phase)."""
    theta, phi, lam, _ = u3_angles(u)
    return u3(theta, phi, lam).on(qubit)
