"""Batched angle fitting: many (CX skeleton, random start) pairs as one torch program.

Fitting one skeleton at a time (refine.fit, scipy) costs 0.1-0.5 CPU s and most of it is
Python overhead on 8x8 / 16x16 matrices; here every member of a batch is one row of the
same tensors, so a batch of hundreds costs little more than one fit. The template is
refine's (a u3 on every qubit, then after each CX (a, b) a u3 on a and on b), with the
same u3 convention and slot order, so angles move freely between the two.

- Each CX layer is two gathers (CX as a basis permutation, composed with the permutation
  that brings qubits a, b to the front) and one batched 4x4 product u3(a) (x) u3(b), so
  members in one batch may have different skeletons (of one CX count).
- Loss: 1 - |tr(T^dagger V)|^2 / d^2 (unitary) or 1 - |<t|V|0..0>|^2 (state); both blind
  to global phase. For a state the first layer acts on |0>, so its lambda has no effect
  (zero gradient): effectively ry-rz there.
- Adam in float64, per member: a member stops when its loss passes `stop`, and is frozen
  as hopeless at a check (every `check` steps) when it has improved by less than 10% over
  the last check or trails the best start of its skeleton by far. Only live members are
  computed.
- Polish: the best member of each of the `polish` closest skeletons, when its loss is
  below `polish_below`, goes to
  scipy's L-BFGS-B with refine's exact numpy gradient (float64), which takes it from
  ~1e-5 to 1e-12 in a few dozen iterations where Adam would crawl.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import torch

from qtool.synth import refine


@lru_cache(maxsize=64)
def _layer_index(n: int, a: int, b: int) -> tuple[np.ndarray, np.ndarray]:
    """(into, back): x[:, into] is CX(a, b) x with qubits a, b moved to the front (so a
    reshape (4, d/4) exposes them); y[:, back] undoes the move."""
    d = 2 ** n
    idx = np.arange(d)
    bits = (idx[:, None] >> (n - 1 - np.arange(n))[None, :]) & 1          # (d, n), q0 first
    order = [a, b] + [q for q in range(n) if q not in (a, b)]
    fwd = (bits[:, order] << (n - 1 - np.arange(n))[None, :]).sum(1)      # new r -> old i
    # fwd as written maps old index -> new; invert it to get new -> old.
    new_to_old = np.empty(d, dtype=np.int64)
    new_to_old[fwd] = idx
    cx = idx ^ (((idx >> (n - 1 - a)) & 1) << (n - 1 - b))                # CX(a,b) permutation
    into = cx[new_to_old]
    back = np.empty(d, dtype=np.int64)
    back[new_to_old] = idx
    return into, back


def _u3(a: torch.Tensor) -> torch.Tensor:
    """(..., 3) angles -> (..., 2, 2) complex128 u3 (refine's / qelib1's convention)."""
    th, ph, la = a[..., 0], a[..., 1], a[..., 2]
    c = torch.cos(th / 2).to(torch.complex128)
    s = torch.sin(th / 2).to(torch.complex128)
    ep = torch.exp(1j * ph.to(torch.complex128))
    el = torch.exp(1j * la.to(torch.complex128))
    row0 = torch.stack([c, -el * s], -1)
    row1 = torch.stack([ep * s, ep * el * c], -1)
    return torch.stack([row0, row1], -2)


class Program:
    """The template of one CX count for a list of skeletons: index tensors built once."""

    def __init__(self, kind: str, target: np.ndarray, n: int, skeletons):
        self.kind, self.n, self.d = kind, n, 2 ** n
        self.k = len(skeletons[0]) if skeletons else 0
        assert all(len(s) == self.k for s in skeletons)
        self.skeletons = [list(map(tuple, s)) for s in skeletons]
        into = np.zeros((len(skeletons), self.k, self.d), dtype=np.int64)
        back = np.zeros_like(into)
        for i, sk in enumerate(self.skeletons):
            for j, (a, b) in enumerate(sk):
                into[i, j], back[i, j] = _layer_index(n, a, b)
        self.into, self.back = torch.from_numpy(into), torch.from_numpy(back)
        t = torch.from_numpy(np.ascontiguousarray(target, dtype=np.complex128))
        self.target_conj = t.conj()
        self.cols = self.d if kind == "unitary" else 1
        self.norm = float(self.d * self.d) if kind == "unitary" else 1.0

    def loss(self, angles: torch.Tensor, which: torch.Tensor) -> torch.Tensor:
        """(M,) loss of members with angles (M, n + 2k, 3) whose skeletons are `which`."""
        n, d, C, M = self.n, self.d, self.cols, angles.shape[0]
        u = _u3(angles)                                           # (M, slots, 2, 2)
        if self.kind == "unitary":
            x = torch.eye(d, dtype=torch.complex128).expand(M, d, d)
        else:
            x = torch.zeros(M, d, 1, dtype=torch.complex128)
            x[:, 0, 0] = 1
        for q in range(n):
            x = x.reshape(M, 2 ** q, 2, (2 ** (n - 1 - q)) * C)
            x = torch.einsum("mab,mibj->miaj", u[:, q], x)
        x = x.reshape(M, d, C)
        into, back = self.into[which], self.back[which]          # (M, k, d)
        for j in range(self.k):
            g = torch.einsum("mab,mcd->macbd", u[:, n + 2 * j], u[:, n + 2 * j + 1])
            g = g.reshape(M, 4, 4)
            x = torch.gather(x, 1, into[:, j, :, None].expand(M, d, C))
            x = torch.bmm(g, x.reshape(M, 4, (d // 4) * C)).reshape(M, d, C)
            x = torch.gather(x, 1, back[:, j, :, None].expand(M, d, C))
        z = (self.target_conj.reshape(1, d, C) * x).sum((1, 2))
        return 1 - (z.abs() ** 2) / self.norm


@dataclass
class Outcome:
    """Best of one skeleton's members."""
    pairs: list
    angles: np.ndarray         # (slots, 3)
    loss: float


STEPS = 400          # Adam steps at most
POLISH = 4           # skeletons whose best member L-BFGS polishes
POLISH_BELOW = 1e-3  # ... when its loss is below this


def fit_batch(kind: str, target: np.ndarray, n: int, skeletons, rng: np.random.Generator,
              starts: int = 4, init=None, steps: int | None = None, lr: float = 0.08,
              stop: float = 1e-10, check: int = 30, polish_below: float | None = None,
              polish: int | None = None, deadline: float | None = None,
              stats: dict | None = None) -> list[Outcome]:
    """Fit every skeleton (all of one CX count) from `starts` random starts at once; the
    best of each skeleton's members, in the skeletons' order. `init`: per skeleton an
    (slots, 3) array (or None) that replaces its first start (a warm start from a parent
    whose missing slots are random). `deadline`: process_time after which Adam stops.
    `stats` gathers steps, members and member_steps (live members summed over steps)."""
    if not skeletons:
        return []
    steps = STEPS if steps is None else steps
    polish = POLISH if polish is None else polish
    polish_below = POLISH_BELOW if polish_below is None else polish_below
    prog = Program(kind, target, n, skeletons)
    S = len(skeletons)
    slots = n + 2 * prog.k
    which = torch.arange(S).repeat_interleave(starts)
    x0 = rng.uniform(0, 2 * math.pi, size=(S * starts, slots, 3))
    if init is not None:
        for i, a in enumerate(init):
            if a is not None:
                x0[i * starts, : len(a)] = a
    x = torch.from_numpy(x0)
    M = x.shape[0]
    m1, m2 = torch.zeros_like(x), torch.zeros_like(x)
    live = torch.ones(M, dtype=torch.bool)
    loss_now = torch.full((M,), float("inf"), dtype=torch.float64)
    last_check = torch.full((M,), float("inf"), dtype=torch.float64)
    b1, b2, eps = 0.9, 0.999, 1e-12
    t = 0
    for t in range(1, steps + 1):
        idx = live.nonzero()[:, 0]
        if len(idx) == 0 or (deadline is not None and time.process_time() > deadline):
            break
        if stats is not None:
            stats["member_steps"] = stats.get("member_steps", 0) + len(idx)
        xa = x[idx].clone().requires_grad_(True)
        la = prog.loss(xa, which[idx])
        la.sum().backward()
        g = xa.grad
        with torch.no_grad():
            loss_now[idx] = la.detach()
            m1[idx] = b1 * m1[idx] + (1 - b1) * g
            m2[idx] = b2 * m2[idx] + (1 - b2) * g * g
            # per-member bias correction would need per-member step counts; members all
            # start together, so the global step count is theirs.
            step = lr * (m1[idx] / (1 - b1 ** t)) / ((m2[idx] / (1 - b2 ** t)).sqrt() + eps)
            x[idx] = x[idx] - step
            live[idx[la.detach() < stop]] = False
            if t % check == 0:
                best = torch.full((S,), float("inf"), dtype=torch.float64)
                best = best.scatter_reduce(0, which, loss_now, "amin")
                slow = loss_now > 0.9 * last_check
                behind = loss_now > 3 * best[which] + 0.05
                live &= ~(slow | behind)
                last_check = loss_now.clone()
    if stats is not None:
        stats["steps"] = stats.get("steps", 0) + t
        stats["members"] = stats.get("members", 0) + M
    out = []
    xs = x.numpy()
    ls = loss_now.numpy()
    for s in range(S):
        rows = np.arange(s * starts, (s + 1) * starts)
        r = rows[np.argmin(ls[rows])]
        out.append(Outcome(prog.skeletons[s], xs[r].copy(), float(max(ls[r], 0.0))))
    # Polish the closest few only (each is a scipy run of up to 200 iterations; polishing
    # every member below 1e-3 of a 100-skeleton level cost a minute on 5-qubit states).
    for s in sorted(range(S), key=lambda s: out[s].loss)[:polish]:
        o = out[s]
        if deadline is not None and time.process_time() > deadline:
            break
        if stop < o.loss < polish_below:
            _polish(kind, target, n, o)
    return out


def _polish(kind: str, target: np.ndarray, n: int, o: Outcome, maxiter: int = 200) -> None:
    from scipy.optimize import minimize

    m = o.angles.shape[0]
    tgt = np.asarray(target, dtype=np.complex128)

    def loss_grad(v):
        return refine._loss_grad(kind, tgt, n, o.pairs, v.reshape(m, 3))

    res = minimize(loss_grad, o.angles.reshape(-1), jac=True, method="L-BFGS-B",
                   options={"maxiter": maxiter, "ftol": 1e-16, "gtol": 1e-12})
    if float(res.fun) < o.loss:
        o.angles, o.loss = res.x.reshape(m, 3), float(max(res.fun, 0.0))


def fidelity(kind: str, loss: float) -> float:
    """The reported figure for a loss: |tr|/d for a unitary, |<t|v>|^2 for a state."""
    return math.sqrt(max(1 - loss, 0.0)) if kind == "unitary" else 1 - loss


def to_fit(kind: str, o: Outcome, seconds: float = 0.0, starts: int = 1) -> refine.Fit:
    return refine.Fit(list(o.pairs), o.angles, fidelity(kind, o.loss), starts, seconds)
