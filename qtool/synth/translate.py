"""A fitted template written in a continuous gate set's own gates.

- u3,cx:     as fitted (u3 gates that are the identity up to phase dropped);
- rz,sx,cx:  u3(t, p, l) = e^{ia} rz(p + pi) sx rz(t + pi) sx rz(l), or one rz when t = 0;
- cz,u3:     cx(a, b) = h(b) cz(a, b) h(b), each h merged into the one-qubit gate before
             and after it on b (the template always has one on each side).

Every one-qubit gate is carried as its 2x2 matrix until written, so nothing is rounded
on the way; the result is verified again by the caller.
"""

from __future__ import annotations

import math

import numpy as np

from qtool.gates import u3_angles
from qtool.synth import linalg
from qtool.synth.refine import Fit

H = np.array([[1, 1], [1, -1]], dtype=complex) / math.sqrt(2)


def template_ops(n: int, fitted: Fit) -> list:
    """[("1q", qubit, 2x2 matrix) | ("cx", a, b)] in circuit order."""
    mats = [linalg.gate_matrix("u3", tuple(float(v) for v in a)) for a in fitted.angles]
    ops = [("1q", q, mats[q]) for q in range(n)]
    i = n
    for a, b in fitted.pairs:
        ops += [("cx", a, b), ("1q", a, mats[i]), ("1q", b, mats[i + 1])]
        i += 2
    return ops


def _is_identity(m: np.ndarray) -> bool:
    return abs(abs(np.trace(m)) / 2 - 1) < 1e-13


def _one_qubit(m: np.ndarray, q: int, gateset: str) -> list:
    if _is_identity(m):
        return []
    th, ph, la, _g = u3_angles(m)
    if gateset != "rz,sx,cx":
        return [("u3", (th, ph, la), (q,))]
    if abs(th) < 1e-12:
        return [("rz", (ph + la,), (q,))]
    return [("rz", (la,), (q,)), ("sx", (), (q,)), ("rz", (th + math.pi,), (q,)),
            ("sx", (), (q,)), ("rz", (ph + math.pi,), (q,))]


def to_gateset(n: int, fitted: Fit, gateset: str) -> list:
    """Statements of the fitted template in `gateset` (a GateSet name)."""
    ops = [list(op) for op in template_ops(n, fitted)]
    if gateset == "cz,u3":
        for i, op in enumerate(ops):
            if op[0] != "cx":
                continue
            b = op[2]
            op[0] = "cz"
            prev = next(j for j in range(i - 1, -1, -1) if ops[j][0] == "1q" and ops[j][1] == b)
            nxt = next(j for j in range(i + 1, len(ops)) if ops[j][0] == "1q" and ops[j][1] == b)
            ops[prev][2] = H @ ops[prev][2]
            ops[nxt][2] = ops[nxt][2] @ H
    out = []
    for op in ops:
        if op[0] == "1q":
            out += _one_qubit(op[2], op[1], gateset)
        else:
            out.append((op[0], (), (op[1], op[2])))
    return out
