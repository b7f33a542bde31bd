"""Gates as qtool names them: the few gate classes cirq lacks, and one classifier.

Every layer that turns a cirq gate into a name (the OpenQASM writer, the `indep` gate set,
KetGPT's tokens, the editor's palette, circuit statistics) asks `classify` here, so they
cannot disagree about what `cirq.Z**0.5` or cirq's own `QasmUGate` is called. The single-qubit
Euler decomposition (`u3_angles`, and `zyz` derived from it) lives here for the same reason:
three hand-written copies had drifted to three tolerances.

This module sits at the bottom of qtool's layers: it imports cirq and numpy only.
"""

from __future__ import annotations

import cmath
import math

import cirq
import numpy as np
from cirq.circuits.qasm_output import QasmUGate

PI = math.pi

# Angles closer than this to a named value (a multiple of pi/4, an exponent of 1) take the
# name; amplitudes below it count as zero in the Euler decomposition.
ATOL = 1e-9


class U3Gate(cirq.Gate):
    """OpenQASM's u3(theta, phi, lambda) (= Qiskit's U), with an optional global phase gamma.

    [[cos(t/2), -e^{il} sin(t/2)], [e^{ip} sin(t/2), e^{i(p+l)} cos(t/2)]] * e^{ig}.
    The phase matters only once the gate is controlled (cu): it is kept exact for that.
    """

    def __init__(self, theta: float, phi: float, lam: float, gamma: float = 0.0):
        self.theta, self.phi, self.lam, self.gamma = float(theta), float(phi), float(lam), float(gamma)

    def _num_qubits_(self) -> int:
        return 1

    def _unitary_(self) -> np.ndarray:
        c, s = math.cos(self.theta / 2), math.sin(self.theta / 2)
        g = cmath.exp(1j * self.gamma)
        return g * np.array(
            [[c, -cmath.exp(1j * self.lam) * s],
             [cmath.exp(1j * self.phi) * s, cmath.exp(1j * (self.phi + self.lam)) * c]],
            dtype=np.complex128,
        )

    def _value_equality_values_(self):
        return (self.theta, self.phi, self.lam, self.gamma)

    def __eq__(self, other):
        return isinstance(other, U3Gate) and self._value_equality_values_() == other._value_equality_values_()

    def __hash__(self):
        return hash((U3Gate, self._value_equality_values_()))

    def __repr__(self) -> str:
        return f"qtool.U3Gate({self.theta!r}, {self.phi!r}, {self.lam!r}, {self.gamma!r})"

    def _circuit_diagram_info_(self, args):
        return f"U3({self.theta:.3g},{self.phi:.3g},{self.lam:.3g})"


class RZXGate(cirq.Gate):
    """rzx(theta) = exp(-i theta/2 Z (x) X), the cross-resonance interaction."""

    def __init__(self, theta: float):
        self.theta = float(theta)

    def _num_qubits_(self) -> int:
        return 2

    def _decompose_(self, qubits):
        a, b = qubits
        return [cirq.H(b), cirq.ZZPowGate(exponent=self.theta / PI, global_shift=-0.5)(a, b), cirq.H(b)]

    def _unitary_(self):
        return cirq.unitary(cirq.Circuit(self._decompose_(cirq.LineQubit.range(2))))

    def __eq__(self, other):
        return isinstance(other, RZXGate) and other.theta == self.theta

    def __hash__(self):
        return hash((RZXGate, self.theta))

    def __repr__(self) -> str:
        return f"qtool.RZXGate({self.theta!r})"

    def _circuit_diagram_info_(self, args):
        return cirq.CircuitDiagramInfo(wire_symbols=(f"RZX({self.theta:.3g})", "RZX"))


class ECRGate(cirq.Gate):
    """Qiskit's echoed cross-resonance gate: rzx(pi/4); x a; rzx(-pi/4)."""

    def _num_qubits_(self) -> int:
        return 2

    def _decompose_(self, qubits):
        a, b = qubits
        return [RZXGate(PI / 4)(a, b), cirq.X(a), RZXGate(-PI / 4)(a, b)]

    def _unitary_(self):
        return cirq.unitary(cirq.Circuit(cirq.decompose(self.on(*cirq.LineQubit.range(2)))))

    def __eq__(self, other):
        return isinstance(other, ECRGate)

    def __hash__(self):
        return hash(ECRGate)

    def __repr__(self) -> str:
        return "qtool.ECRGate()"

    def _circuit_diagram_info_(self, args):
        return cirq.CircuitDiagramInfo(wire_symbols=("ECR", "ECR"))


class BarrierGate(cirq.Gate):
    """OpenQASM's barrier: no effect on the state, kept so round trips keep it."""

    def __init__(self, num_qubits: int):
        self._n = num_qubits

    def _num_qubits_(self) -> int:
        return self._n

    def _decompose_(self, qubits):
        return []

    def _has_unitary_(self):
        return True

    def _unitary_(self):
        return np.eye(2 ** self._n)

    def __eq__(self, other):
        return isinstance(other, BarrierGate) and other._n == self._n

    def __hash__(self):
        return hash((BarrierGate, self._n))

    def __repr__(self) -> str:
        return f"qtool.BarrierGate({self._n})"

    def _circuit_diagram_info_(self, args):
        return cirq.CircuitDiagramInfo(wire_symbols=("│",) * self._n)




def is_barrier(op_or_gate) -> bool:
    """True for an OpenQASM barrier (an identity that passes must treat as a fence)."""
    gate = getattr(op_or_gate, "gate", op_or_gate)
    return isinstance(gate, BarrierGate)


# ---------------------------------------------------------------- single-qubit decomposition
def u3_angles(matrix: np.ndarray) -> tuple[float, float, float, float]:
    """(theta, phi, lam, gamma) with matrix == e^{i gamma} u3(theta, phi, lam), exactly.

    Where theta is 0 or pi only phi + lam (or phi - lam) is defined; phi is then 0.
    """
    m = np.asarray(matrix, dtype=complex)
    a, b, c, d = m[0, 0], m[0, 1], m[1, 0], m[1, 1]
    theta = 2.0 * math.atan2(abs(c), abs(a))
    if abs(a) > ATOL:
        gamma = cmath.phase(a)
        if abs(c) > ATOL:
            phi, lam = cmath.phase(c) - gamma, cmath.phase(-b) - gamma
        else:
            phi, lam = 0.0, cmath.phase(d) - gamma
    else:
        gamma = cmath.phase(-b)
        phi, lam = cmath.phase(c) - gamma, 0.0
    return float(theta), float(phi), float(lam), float(gamma)


def zyz(matrix: np.ndarray) -> tuple[float, float, float, float]:
    """(alpha, beta, gamma, delta) with matrix == e^{i alpha} Rz(beta) Ry(gamma) Rz(delta).

    The same decomposition as `u3_angles`: u3(t, p, l) = e^{i(p+l)/2} Rz(p) Ry(t) Rz(l).
    """
    theta, phi, lam, gamma = u3_angles(matrix)
    return gamma + (phi + lam) / 2.0, phi, theta, lam


# ---------------------------------------------------------------- names
def angle(exponent: float) -> float:
    """The angle pi * exponent of a cirq power gate, as the user most likely typed it.

    cirq stores exponent = rads / pi, and pi * exponent can be an ulp off what was written
    (0.30000000000000004 for 0.3): return the shortest float that maps to the same exponent.
    """
    e = float(exponent)
    r = PI * e
    for digits in range(1, 18):
        x = float(f"{r:.{digits}g}")
        if x / PI == e:
            return x
    return r


# cirq >= 1.5 makes Y.controlled() a CYPowGate; () matches nothing on older releases.
_CYPowGate = getattr(cirq, "CYPowGate", ())
_Z_NAMES = {1.0: "z", 0.5: "s", -0.5: "sdg", 0.25: "t", -0.25: "tdg"}
_X_NAMES = {1.0: "x", 0.5: "sx", -0.5: "sxdg"}


def near_exponent(x: float, target: float, period: float = 2.0) -> bool:
    """x == target modulo period (exponents of Pauli powers repeat every 2), within ATOL:
    the one test every module uses to name a power gate."""
    return abs(math.remainder(float(x) - target, period)) < ATOL


def wrap_exponent(e: float) -> float:
    """An exponent brought into (-1, 1]: the same rotation up to global phase."""
    e = float(e) % 2.0
    return e - 2.0 if e > 1.0 else e


def _named_power(exponent: float, table: dict[float, str]) -> str | None:
    for e, name in table.items():
        if near_exponent(exponent, e):
            return name
    return None


def classify(gate: cirq.Gate | None) -> tuple[str, tuple[float, ...]] | None:
    """(name, angles in radians) of a gate by its OpenQASM 3 standard name, else None.

    Uncontrolled gates are named up to global phase (the Rx class and XPowGate^t are both
    `rx`); the sub-gate of a controlled gate is named exactly, since a phase under a control
    is observable. Barriers and resets are named too; measurements (which need keys) and
    symbolic gates are not. Names: id x y z h s sdg t tdg sx sxdg rx ry rz p u3 | cx cy cz ch
    cp crx cry crz csx cu swap iswap rxx ryy rzz rzx ecr | ccx ccz cswap c3x c4x | barrier reset.
    """
    if gate is None or cirq.is_parameterized(gate):
        return None
    if isinstance(gate, BarrierGate):
        return "barrier", ()
    if isinstance(gate, cirq.ResetChannel):
        return "reset", ()
    if isinstance(gate, cirq.ControlledGate):
        return _controlled(gate)
    n = cirq.num_qubits(gate)
    if isinstance(gate, cirq.IdentityGate):
        return ("id", ()) if n == 1 else None
    if n == 1:
        return _single(gate)
    return _multi(gate)


def _single(gate: cirq.Gate) -> tuple[str, tuple[float, ...]] | None:
    if isinstance(gate, U3Gate):
        return "u3", (gate.theta, gate.phi, gate.lam)
    if isinstance(gate, QasmUGate):  # cirq's u3, in half-turns
        return "u3", (PI * float(gate.theta), PI * float(gate.phi), PI * float(gate.lmda))
    if isinstance(gate, cirq.HPowGate):
        return ("h", ()) if near_exponent(gate.exponent, 1.0) else None
    if not isinstance(gate, (cirq.XPowGate, cirq.YPowGate, cirq.ZPowGate)):
        return None
    e, rotation = float(gate.exponent), gate.global_shift == -0.5
    if isinstance(gate, cirq.XPowGate):
        name = None if rotation else _named_power(e, _X_NAMES)
        return (name, ()) if name else ("rx", (angle(e),))
    if isinstance(gate, cirq.YPowGate):
        return ("y", ()) if not rotation and near_exponent(e, 1.0) else ("ry", (angle(e),))
    if rotation:
        return "rz", (angle(e),)
    name = _named_power(e, _Z_NAMES)
    return (name, ()) if name else ("p", (angle(e),))


# (class, name, period of the exponent): iSWAP squares to Z(x)Z, not to the identity, so its
# powers repeat every 4 (ISWAP**-1 is not iswap, ISWAP**3 is its inverse).
_FIXED_MULTI = ((cirq.CXPowGate, "cx", 2.0), (cirq.SwapPowGate, "swap", 2.0),
                (cirq.ISwapPowGate, "iswap", 4.0), (cirq.CCXPowGate, "ccx", 2.0),
                (cirq.CCZPowGate, "ccz", 2.0))
_ROTATIONS_2Q = ((cirq.XXPowGate, "rxx"), (cirq.YYPowGate, "ryy"), (cirq.ZZPowGate, "rzz"))


def _multi(gate: cirq.Gate) -> tuple[str, tuple[float, ...]] | None:
    if isinstance(gate, cirq.CZPowGate):
        return ("cz", ()) if near_exponent(gate.exponent, 1.0) else ("cp", (angle(gate.exponent),))
    if isinstance(gate, cirq.CXPowGate) and near_exponent(gate.exponent, 0.5):
        return "csx", ()
    if isinstance(gate, _CYPowGate) and gate.global_shift == 0:
        return _controlled(cirq.ControlledGate(cirq.YPowGate(exponent=gate.exponent)))
    for cls, name, period in _FIXED_MULTI:
        if isinstance(gate, cls):
            return (name, ()) if near_exponent(gate.exponent, 1.0, period) else None
    for cls, name in _ROTATIONS_2Q:
        if isinstance(gate, cls):
            return name, (angle(gate.exponent),)
    if isinstance(gate, RZXGate):
        return "rzx", (gate.theta,)
    if isinstance(gate, ECRGate):
        return "ecr", ()
    if isinstance(gate, cirq.CSwapGate):
        return "cswap", ()
    return None


_CONTROLLED_1 = ((cirq.X, "cx"), (cirq.Y, "cy"), (cirq.Z, "cz"), (cirq.H, "ch"),
                 (cirq.XPowGate(exponent=0.5), "csx"))
_CONTROLLED_ROTATIONS = ((cirq.Rx, "crx"), (cirq.Ry, "cry"), (cirq.Rz, "crz"))
_MULTI_CONTROLLED_X = {2: "ccx", 3: "c3x", 4: "c4x"}


def _controlled(gate: cirq.ControlledGate) -> tuple[str, tuple[float, ...]] | None:
    """Names for gates controlled on |1...1> whose sub-gate is exactly a named gate."""
    n, sub = gate.num_controls(), gate.sub_gate
    if set(gate.control_values.expand()) != {(1,) * n} or cirq.num_qubits(sub) != 1:
        return None
    if n > 1:
        if sub == cirq.X and n in _MULTI_CONTROLLED_X:
            return _MULTI_CONTROLLED_X[n], ()
        return ("ccz", ()) if n == 2 and sub == cirq.Z else None
    for named, name in _CONTROLLED_1:
        if sub == named:
            return name, ()
    for cls, name in _CONTROLLED_ROTATIONS:
        if isinstance(sub, cls):
            return name, (angle(sub.exponent),)
    if isinstance(sub, cirq.ZPowGate) and sub.global_shift == 0:
        return "cp", (angle(sub.exponent),)
    if not cirq.has_unitary(sub):
        return None
    return "cu", u3_angles(cirq.unitary(sub))
