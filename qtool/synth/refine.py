"""Angle refinement: the one-qubit gates of a CX skeleton that best reach a target.

The template (gatesets): a u3 on every qubit, then for each CX (a, b) the CX and a u3 on a
and on b. Its 3 (n + 2k) angles are fitted by scipy's L-BFGS-B with exact gradients from
an adjoint pass in numpy (complex128), from random starts until the fidelity passes the threshold:

- unitary: 1 - |tr(U^dagger V)|^2 / d^2 is minimised; |tr(U^dagger V)| / d is reported;
- state:   1 - |<psi|V|0..0>|^2.

Both are blind to global phase. A local optimum that misses is retried from another start;
a skeleton with too few CX for the target simply never gets there.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np

def slots(n: int, pairs) -> list[int]:
    """The qubit of each u3 slot, in circuit order (after its CX when it follows one)."""
    out = list(range(n))
    for a, b in pairs:
        out += [a, b]
    return out


def _u3_and_derivatives(a: np.ndarray):
    """u3 matrices (m, 2, 2) and their derivatives by theta, phi, lam (3, m, 2, 2)."""
    th, ph, la = a[:, 0], a[:, 1], a[:, 2]
    c, s = np.cos(th / 2), np.sin(th / 2)
    ep, el = np.exp(1j * ph), np.exp(1j * la)
    u = np.empty((len(a), 2, 2), dtype=complex)
    u[:, 0, 0], u[:, 0, 1], u[:, 1, 0], u[:, 1, 1] = c, -el * s, ep * s, ep * el * c
    d = np.zeros((3, len(a), 2, 2), dtype=complex)
    d[0, :, 0, 0], d[0, :, 0, 1] = -s / 2, -el * c / 2
    d[0, :, 1, 0], d[0, :, 1, 1] = ep * c / 2, -ep * el * s / 2
    d[1, :, 1, 0], d[1, :, 1, 1] = 1j * ep * s, 1j * ep * el * c
    d[2, :, 0, 1], d[2, :, 1, 1] = -1j * el * s, 1j * ep * el * c
    return u, d


def _loss_grad(kind: str, target: np.ndarray, n: int, pairs, angles: np.ndarray):
    """Loss and its exact gradient (numpy, adjoint method): the overlap
    z = <T, G_m .. G_1 X0> (Frobenius; X0 = I for a unitary, |0..0> for a state) and, per
    one-qubit slot, dz = <L_j, dG_j X_(j-1)> with L_j = G_(j+1)^dagger .. G_m^dagger T."""
    from qtool.synth.linalg import apply, gate_matrix

    d = 2 ** n
    u, du = _u3_and_derivatives(angles)
    ops = [(q, q) for q in range(n)]          # (slot or -1 for a CX, qubits)
    i = n
    for a, b in pairs:
        ops += [(-1, (a, b)), (i, a), (i + 1, b)]
        i += 2
    cx = gate_matrix("cx")
    if kind == "unitary":
        x = np.eye(d, dtype=complex).reshape((2,) * n + (d,))
        lam = target.reshape((2,) * n + (d,))
    else:
        x = np.zeros(d, dtype=complex)
        x[0] = 1
        x = x.reshape((2,) * n)
        lam = target.reshape((2,) * n)
    states = []
    for slot, q in ops:
        states.append(x)
        x = apply(x, n, cx, q) if slot < 0 else apply(x, n, u[slot], (q,))
    z = np.vdot(lam, x)
    grad = np.zeros((len(angles), 3), dtype=complex)
    axes = list(range(x.ndim))
    for (slot, q), before in zip(reversed(ops), reversed(states)):
        if slot >= 0:
            rest = [a for a in axes if a != q]
            c = np.tensordot(lam.conj(), before, axes=(rest, rest))     # (2, 2): a, b
            grad[slot] = np.einsum("kab,ab->k", du[:, slot], c)
            lam = apply(lam, n, u[slot].conj().T, (q,))
        else:
            lam = apply(lam, n, cx, q)                                   # CX is self-inverse
    norm = d * d if kind == "unitary" else 1.0
    loss = 1 - abs(z) ** 2 / norm
    g = -2 * np.real(np.conj(z) * grad) / norm
    return float(loss), g.reshape(-1)


@dataclass
class Fit:
    pairs: list
    angles: np.ndarray        # (slots, 3)
    fidelity: float
    starts: int
    seconds: float


def fit(kind: str, target: np.ndarray, n: int, pairs, threshold: float,
        rng: np.random.Generator, starts: int = 3, maxiter: int = 400) -> Fit:
    """Best angles for the skeleton `pairs` over up to `starts` random starts."""
    from scipy.optimize import minimize

    t0 = time.perf_counter()
    tgt_np = np.asarray(target, dtype=np.complex128)
    m = len(slots(n, pairs))

    def loss_grad(x):
        return _loss_grad(kind, tgt_np, n, pairs, x.reshape(m, 3))

    best = None
    for s in range(starts):
        x0 = rng.uniform(0, 2 * math.pi, size=3 * m)
        res = minimize(loss_grad, x0, jac=True, method="L-BFGS-B",
                       options={"maxiter": maxiter, "ftol": 1e-16, "gtol": 1e-11})
        loss = max(float(res.fun), 0.0)
        fid = math.sqrt(1 - loss) if kind == "unitary" else 1 - loss
        if best is None or fid > best.fidelity:
            best = Fit(list(pairs), res.x.reshape(m, 3), fid, s + 1, 0.0)
        if best.fidelity > threshold:
            break
    best.seconds = time.perf_counter() - t0
    return best


def fit_statements(n: int, fitted: Fit):
    """The fitted template as statements (u3, cx), u3s that are the identity dropped."""
    from qtool.synth.linalg import gate_matrix

    out = []
    q_of = slots(n, fitted.pairs)
    angles = fitted.angles
    ops = [("u", q_of[q], q) for q in range(n)]
    i = n
    for a, b in fitted.pairs:
        ops += [("cx", a, b), ("u", a, i), ("u", b, i + 1)]
        i += 2
    for op in ops:
        if op[0] == "cx":
            out.append(("cx", (), (op[1], op[2])))
            continue
        th, ph, la = (float(v) for v in angles[op[2]])
        m = gate_matrix("u3", (th, ph, la))
        if abs(abs(np.trace(m)) / 2 - 1) < 1e-12:
            continue
        out.append(("u3", (th, ph, la), (op[1],)))
    return out
