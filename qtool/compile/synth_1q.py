"""Single-qubit matrices to target gates: rz/sx/x (IBM) and Clifford+T words.

Both check their own output against the matrix (2x2 products, cheap), so a wrong identity
here fails loudly instead of producing a wrong circuit.
"""

from __future__ import annotations

import functools
import math

import cirq
import numpy as np

from qtool.errors import QtoolError
from qtool.gates import zyz

_TOL = 1e-8
SX = cirq.XPowGate(exponent=0.5)


def equal_up_to_phase(a: np.ndarray, b: np.ndarray, atol: float = 1e-8) -> bool:
    i = int(np.argmax(np.abs(a)))
    if abs(b.flat[i]) < atol:
        return False
    phase = b.flat[i] / a.flat[i]
    return bool(np.allclose(a * phase, b, atol=atol))


def _rz(q, angle):
    angle = math.remainder(angle, 2 * math.pi)
    return [] if abs(angle) < _TOL else [cirq.rz(angle).on(q)]


def ibm_emit(q, m: np.ndarray) -> list:
    """U = Rz(phi) Ry(theta) Rz(lam) as rz, sx, x (fewest gates for theta 0, pi/2, pi)."""
    _, phi, theta, lam = zyz(m)
    theta = math.remainder(theta, 2 * math.pi)
    if abs(theta) < _TOL:
        ops = _rz(q, phi + lam)
    elif abs(theta - math.pi / 2) < _TOL:
        ops = [*_rz(q, lam - math.pi / 2), SX.on(q), *_rz(q, phi + math.pi / 2)]
    elif abs(abs(theta) - math.pi) < _TOL:
        ops = [cirq.X(q), *_rz(q, phi - lam - math.pi)]
    else:
        ops = [*_rz(q, lam), SX.on(q), *_rz(q, theta + math.pi), SX.on(q), *_rz(q, phi + math.pi)]
    if not ops:
        return []
    check = np.eye(2, dtype=complex)
    for op in ops:
        check = cirq.unitary(op) @ check
    if not equal_up_to_phase(m, check):
        raise AssertionError(f"ibm_emit: rz/sx decomposition mismatch for {m}")
    return ops


def is_ibm_1q(op) -> bool:
    g = op.gate
    return isinstance(g, cirq.Rz) or g == SX or g == cirq.X


# ------------------------------------------------------------------ Clifford + T

_CT_GATES = {
    "h": cirq.H, "s": cirq.S, "sdg": cirq.S**-1, "t": cirq.T, "tdg": cirq.T**-1,
    "x": cirq.X, "y": cirq.Y, "z": cirq.Z,
}
CT_GATES = tuple(_CT_GATES.values())


def _key(m: np.ndarray):
    i = int(np.argmax(np.abs(m) > 1e-6))
    m = m * (abs(m.flat[i]) / m.flat[i])
    return tuple(np.round(m.flatten(), 6).tolist())


@functools.lru_cache(maxsize=1)
def _ct_table(max_len: int = 9) -> dict:
    """Shortest word over Clifford+T gates for every single-qubit unitary reachable within
    max_len gates (all Cliffords and the products with small T-count), by breadth-first search."""
    names = list(_CT_GATES)
    mats = {n: cirq.unitary(g) for n, g in _CT_GATES.items()}
    table = {_key(np.eye(2, dtype=complex)): ()}
    frontier = [((), np.eye(2, dtype=complex))]
    for _ in range(max_len):
        nxt = []
        for word, m in frontier:
            for n in names:
                mm = mats[n] @ m
                k = _key(mm)
                if k not in table:
                    table[k] = word + (n,)
                    nxt.append((word + (n,), mm))
        frontier = nxt
    return table


def clifford_t_emit(q, m: np.ndarray) -> list:
    """The shortest Clifford+T word for m, or QtoolError when there is none (short)."""
    word = _ct_table().get(_key(m))
    if word is None:
        raise QtoolError(
            f"target clifford-t: the circuit needs a single-qubit rotation on {q} that is not "
            "a Clifford+T gate (angles must be multiples of pi/4); use --target cz or ibm"
        )
    return [_CT_GATES[n].on(q) for n in word]


def is_clifford_t_1q(op) -> bool:
    return op.gate in CT_GATES
