"""Phase estimators for the outcome distribution of quantum phase estimation (pure functions).

Convention: U|psi> = exp(2 pi i phi)|psi>, m ancillas, N = 2**m outcomes j = 0..N-1, and
phases live on the circle [0, 1). For an eigenstate input the textbook circuit gives

    P(j | phi) = |(1/N) sum_k exp(2 pi i k d)|^2 = sin^2(pi N d) / (N^2 sin^2(pi d)),  d = phi - j/N

(the Fejer kernel; P = 1 at d = 0). The estimators compared here (after Cruz et al.,
arXiv:1910.06265):

* ``majority``: the most frequent outcome, j*/N (ties go to the smallest j).
* ``mpd``: the mean phase direction, arg(sum_j P(j) exp(2 pi i j/N)) / 2 pi, from the
  measured frequencies. Its exact value for an eigenstate (derived in ``mpd_exact``) is
  theta(phi) = phi + arg((N-1) + exp(-2 pi i N phi)) / 2 pi: unbiased on the grid j/N and
  half-way between grid points, biased elsewhere.
* ``mpd-inverted``: solve theta(phi) = measured MPD for phi (root-finding); unbiased for
  an eigenstate and exact with the exact distribution. theta'(phi) = 0 at phi = j/N, so
  near the grid shot noise is amplified (the inverse behaves like a cube root there).
* ``ml``: maximum likelihood over the exact P(j|phi), a strong baseline: a grid search
  then a bounded scalar refinement.
"""

from __future__ import annotations

import math
from typing import Callable

import numpy as np

ESTIMATORS = ("majority", "mpd", "mpd-inverted", "ml")


def circular_distance(a, b):
    """Distance on the unit circle of phases: min(|a-b| mod 1, 1 - |a-b| mod 1), in [0, 1/2]."""
    d = np.mod(np.asarray(a, dtype=float) - np.asarray(b, dtype=float), 1.0)
    return np.minimum(d, 1.0 - d)


def outcome_probabilities(phi: float | np.ndarray, m: int) -> np.ndarray:
    """P(j | phi) for j = 0..2**m-1 (last axis), for one phase or an array of phases.

    Uses the closed form sin^2(pi N d) / (N^2 sin^2(pi d)) with its limit 1 at d = 0.
    """
    n = 1 << m
    phi = np.asarray(phi, dtype=float)
    d = phi[..., None] - np.arange(n) / n
    s = np.sin(np.pi * d)
    num = np.sin(np.pi * n * d)
    on_grid = np.abs(s) < 1e-12
    safe = np.where(on_grid, 1.0, s)
    p = np.where(on_grid, 1.0, (num / (n * safe)) ** 2)
    return p


def _as_weights(counts) -> np.ndarray:
    w = np.asarray(counts, dtype=float)
    if w.ndim != 1 or w.size < 2 or (w.size & (w.size - 1)):
        raise ValueError(f"expected a histogram over 2**m outcomes, got shape {w.shape}")
    if np.any(w < 0) or not np.isfinite(w).all() or w.sum() <= 0:
        raise ValueError("histogram weights must be finite, non-negative and not all zero")
    return w


def majority(counts) -> float:
    """The most frequent outcome as a phase, j*/N (the smallest j on ties)."""
    w = _as_weights(counts)
    return float(np.argmax(w)) / w.size


def mpd(counts) -> float:
    """Mean phase direction: the circular mean of j/N weighted by the counts, in [0, 1)."""
    w = _as_weights(counts)
    z = np.dot(w, np.exp(2j * np.pi * np.arange(w.size) / w.size))
    return float(np.mod(np.angle(z) / (2 * np.pi), 1.0))


def mpd_resultant(counts) -> float:
    """Length of the mean resultant vector |sum_j P(j) exp(2 pi i j/N)| (1 = concentrated).

    For an eigenstate it is |(N-1) + exp(-2 pi i N phi)| / N >= (N-2)/N; a much smaller value
    says the input was a mixture of eigenstates and the MPD is not meaningful.
    """
    w = _as_weights(counts)
    z = np.dot(w / w.sum(), np.exp(2j * np.pi * np.arange(w.size) / w.size))
    return float(abs(z))


def mpd_exact(phi: float | np.ndarray, m: int) -> np.ndarray:
    """The MPD of the exact distribution P(.|phi), in closed form, continuous in phi.

    sum_j P(j) e^{2 pi i j/N} = ((N-1)/N) e^{2 pi i phi} + (1/N) e^{-2 pi i (N-1) phi}
    = e^{2 pi i phi} ((N-1) + e^{-2 pi i N phi}) / N, so theta = phi + arg(N-1 + e^{-2 pi i N phi}) / 2 pi.
    For N > 2 the bracket never crosses the negative real axis, so this theta is continuous
    and (see ``mpd_slope``) non-decreasing, with theta(j/N) = j/N. Returned unwrapped (not mod 1).
    """
    n = 1 << m
    if n < 4:
        raise ValueError("the MPD is not invertible with one ancilla (N = 2): use m >= 2")
    phi = np.asarray(phi, dtype=float)
    return phi + np.angle((n - 1) + np.exp(-2j * np.pi * n * phi)) / (2 * np.pi)


def mpd_slope(phi: float | np.ndarray, m: int) -> np.ndarray:
    """d theta / d phi = (N-1)(N-2)(1 - cos psi) / (N^2 - 2N + 2 + 2(N-1) cos psi), psi = 2 pi N phi.

    Derived from arg(a + e^{-i psi})' = -(1 + a cos psi)/(a^2 + 1 + 2 a cos psi) with a = N-1:
    non-negative, zero exactly on the grid phi = j/N (where inversion amplifies noise).
    """
    n = 1 << m
    c = np.cos(2 * np.pi * n * np.asarray(phi, dtype=float))
    return (n - 1) * (n - 2) * (1 - c) / (n * n - 2 * n + 2 + 2 * (n - 1) * c)


def invert_mpd(theta: float, m: int, tol: float = 1e-13) -> float:
    """The phase phi in [0, 1) whose exact MPD is theta (root-finding; m >= 2).

    theta(phi + 1/N) = theta(phi) + 1/N and theta(j/N) = j/N, so the root lies in the grid
    cell that contains theta: bisect-free Brent search on that cell.
    """
    from scipy.optimize import brentq

    n = 1 << m
    if n < 4:
        raise ValueError("the MPD is not invertible with one ancilla (N = 2): use m >= 2")
    theta = float(np.mod(theta, 1.0))
    cell = math.floor(theta * n)
    lo, hi = cell / n, (cell + 1) / n
    f: Callable[[float], float] = lambda x: float(mpd_exact(x, m)) - theta
    flo, fhi = f(lo), f(hi)
    if abs(flo) <= tol:
        return float(np.mod(lo, 1.0))
    if abs(fhi) <= tol:
        return float(np.mod(hi, 1.0))
    root = brentq(f, lo, hi, xtol=tol, rtol=4 * np.finfo(float).eps, maxiter=200)
    return float(np.mod(root, 1.0))


def mpd_inverted(counts) -> float:
    """The MPD of the counts, mapped back through the exact MPD curve (unbiased, m >= 2)."""
    w = _as_weights(counts)
    return invert_mpd(mpd(w), w.size.bit_length() - 1)


def log_likelihood(counts, phi: float | np.ndarray) -> np.ndarray:
    """sum_j n_j log P(j | phi), with log 0 clipped (a zero-probability outcome is fatal, not -inf)."""
    w = _as_weights(counts)
    m = w.size.bit_length() - 1
    p = outcome_probabilities(phi, m)
    return np.log(np.clip(p, 1e-300, None)) @ w


def maximum_likelihood(counts, oversample: int = 32) -> float:
    """Maximum-likelihood phase over the exact P(j|phi): grid of N*oversample phases, then refine."""
    from scipy.optimize import minimize_scalar

    w = _as_weights(counts)
    n = w.size
    grid = np.arange(n * oversample) / (n * oversample)
    ll = log_likelihood(w, grid)
    best = grid[int(np.argmax(ll))]
    step = 1.0 / (n * oversample)
    res = minimize_scalar(lambda x: -float(log_likelihood(w, x)), bounds=(best - step, best + step),
                          method="bounded", options={"xatol": 1e-12})
    x = res.x if -res.fun >= ll.max() else best
    return float(np.mod(x, 1.0))


_FUNCTIONS: dict[str, Callable] = {
    "majority": majority,
    "mpd": mpd,
    "mpd-inverted": mpd_inverted,
    "ml": maximum_likelihood,
}


def estimate(name: str, counts) -> float:
    """Apply the estimator called `name` (one of ESTIMATORS) to a histogram."""
    try:
        return _FUNCTIONS[name](counts)
    except KeyError:
        raise ValueError(f"unknown estimator {name!r}; expected one of {', '.join(ESTIMATORS)}") from None


def available(m: int) -> tuple[str, ...]:
    """Estimators defined with m ancillas (the MPD cannot be inverted with m = 1)."""
    return ESTIMATORS if m >= 2 else tuple(e for e in ESTIMATORS if e != "mpd-inverted")


def sample_counts(probs, shots: int, rng: np.random.Generator) -> np.ndarray:
    """A multinomial histogram of `shots` draws from `probs` (renormalised against rounding)."""
    p = np.clip(np.asarray(probs, dtype=float), 0.0, None)
    return rng.multinomial(shots, p / p.sum())
