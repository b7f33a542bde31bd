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
    """Histograms as a 2-D float array (rows = experiments, columns = 2**m outcomes)."""
    w = np.asarray(counts, dtype=float)
    if w.ndim not in (1, 2) or w.shape[-1] < 2 or (w.shape[-1] & (w.shape[-1] - 1)):
        raise ValueError(f"expected histograms over 2**m outcomes, got shape {w.shape}")
    w2 = np.atleast_2d(w)
    if np.any(w2 < 0) or not np.isfinite(w2).all() or np.any(w2.sum(axis=1) <= 0):
        raise ValueError("histogram weights must be finite, non-negative and not all zero")
    return w2


def _shaped(values: np.ndarray, counts):
    """A float for one histogram, an array for a batch of them."""
    return float(values[0]) if np.ndim(counts) == 1 else values


def majority(counts):
    """The most frequent outcome as a phase, j*/N (the smallest j on ties)."""
    w = _as_weights(counts)
    return _shaped(np.argmax(w, axis=1) / w.shape[1], counts)


def _resultant(w: np.ndarray) -> np.ndarray:
    n = w.shape[1]
    return (w / w.sum(axis=1, keepdims=True)) @ np.exp(2j * np.pi * np.arange(n) / n)


def mpd(counts):
    """Mean phase direction: the circular mean of j/N weighted by the counts, in [0, 1)."""
    z = _resultant(_as_weights(counts))
    return _shaped(np.mod(np.angle(z) / (2 * np.pi), 1.0), counts)


def mpd_resultant(counts):
    """Length of the mean resultant vector |sum_j P(j) exp(2 pi i j/N)| (1 = concentrated).

    For an eigenstate it is |(N-1) + exp(-2 pi i N phi)| / N >= (N-2)/N; a much smaller value
    says the input was a mixture of eigenstates and the MPD is not meaningful.
    """
    return _shaped(np.abs(_resultant(_as_weights(counts))), counts)


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


def invert_mpd(theta, m: int, iterations: int = 60):
    """The phase phi in [0, 1) whose exact MPD is theta (root-finding by bisection; m >= 2).

    theta(phi + 1/N) = theta(phi) + 1/N and theta(j/N) = j/N, so the root lies in the grid
    cell [j/N, (j+1)/N] that contains theta, where theta(phi) is monotone: bisection on that
    cell converges for every theta, vectorised over an array of thetas. 60 halvings of a cell
    of width 1/N reach machine precision.
    """
    n = 1 << m
    if n < 4:
        raise ValueError("the MPD is not invertible with one ancilla (N = 2): use m >= 2")
    t = np.mod(np.asarray(theta, dtype=float), 1.0)
    lo = np.floor(t * n) / n
    hi = lo + 1.0 / n
    for _ in range(iterations):
        mid = 0.5 * (lo + hi)
        below = mpd_exact(mid, m) < t
        lo = np.where(below, mid, lo)
        hi = np.where(below, hi, mid)
    root = np.mod(0.5 * (lo + hi), 1.0)
    return float(root) if np.ndim(theta) == 0 else root


def mpd_inverted(counts):
    """The MPD of the counts, mapped back through the exact MPD curve (unbiased, m >= 2)."""
    w = _as_weights(counts)
    return _shaped(np.atleast_1d(invert_mpd(mpd(w), w.shape[1].bit_length() - 1)), counts)


def log_likelihood(counts, phi) -> np.ndarray:
    """sum_j n_j log P(j | phi), with log 0 clipped (a zero-probability outcome is fatal, not -inf).

    For a batch of histograms (B x N) and phases of shape (B, K) the result is (B, K).
    """
    w = np.asarray(counts, dtype=float)
    m = w.shape[-1].bit_length() - 1
    logp = np.log(np.clip(outcome_probabilities(phi, m), 1e-300, None))
    if w.ndim == 1:
        return logp @ w
    return np.einsum("bkn,bn->bk", logp, w)


def maximum_likelihood(counts, oversample: int = 16, iterations: int = 40):
    """Maximum-likelihood phase over the exact P(j|phi): a grid of N*oversample phases, then
    golden-section refinement around the best grid point (vectorised over histograms).

    The grid stage is one matrix product, counts @ log P(grid)^T; the refinement evaluates
    two phases per histogram and iteration, so memory stays O(batch * N).
    """
    w = _as_weights(counts)
    n = w.shape[1]
    grid = np.arange(n * oversample) / (n * oversample)
    logp = np.log(np.clip(outcome_probabilities(grid, n.bit_length() - 1), 1e-300, None))
    best = grid[np.argmax(w @ logp.T, axis=1)]
    step = 1.0 / (n * oversample)
    lo, hi = best - step, best + step
    g = (math.sqrt(5) - 1) / 2
    for _ in range(iterations):
        x1, x2 = hi - g * (hi - lo), lo + g * (hi - lo)
        f = log_likelihood(w, np.stack([x1, x2], axis=1))
        left = f[:, 0] > f[:, 1]
        hi = np.where(left, x2, hi)
        lo = np.where(left, lo, x1)
    x = 0.5 * (lo + hi)
    # never worse than the grid point (the likelihood can be flat or multimodal at small m)
    better = log_likelihood(w, np.stack([x, best], axis=1))
    x = np.where(better[:, 0] >= better[:, 1], x, best)
    return _shaped(np.mod(x, 1.0), counts)


def fisher_information(phi, m: int, h: float = 1e-7) -> np.ndarray:
    """Classical Fisher information of one QPE shot about phi: sum_j (dP_j/dphi)^2 / P_j.

    Written as 4 sum_j (d sqrt(P_j) / dphi)^2, which stays finite where some P_j vanish;
    sqrt(P_j) = |a_j| has kinks at its zeros, so a one-sided difference is used (it gives the
    one-sided slope there instead of the meaningless zero of a central difference).
    The Cramer-Rao bound for S shots is then 1 / sqrt(S F(phi)). Numerically F does not
    depend on phi and equals the quantum Fisher information of the ancilla register,
    4 pi^2 (N^2 - 1) / 3 (see ``cramer_rao``): the inverse-QFT readout is optimal.
    """
    phi = np.asarray(phi, dtype=float)
    a0 = np.sqrt(outcome_probabilities(phi, m))
    a1 = np.sqrt(outcome_probabilities(phi + h, m))
    return 4 * np.sum(((a1 - a0) / h) ** 2, axis=-1)


def cramer_rao(m: int, shots: int) -> float:
    """Smallest rms phase error (turns) of any unbiased estimator from `shots` shots with m
    ancillas: 1 / sqrt(S F), F = 4 pi^2 (N^2 - 1) / 3 (the register's quantum Fisher
    information, 4 Var(2 pi x) for x uniform on 0..N-1)."""
    n = 1 << m
    return 1.0 / math.sqrt(shots * 4 * math.pi**2 * (n * n - 1) / 3)


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


def kitaev(angles) -> float:
    """Combine per-power phase readings into one phase (eigenstate mode, no inverse QFT).

    angles[k] estimates 2**k phi mod 1 (from one ancilla's X and Y expectation values). Start
    from angles[0] and refine: of the 2**k candidates (angles[k] + r) / 2**k keep the one
    closest on the circle to the previous estimate. Each reading then only has to be within
    1/4 turn (roughly) of the truth for the final error to be that of the last reading / 2**(m-1).
    """
    angles = [float(a) % 1.0 for a in angles]
    if not angles:
        raise ValueError("no phase readings")
    phi = angles[0]
    for k, a in enumerate(angles[1:], start=1):
        cands = (a + np.arange(2**k)) / 2**k
        phi = float(cands[int(np.argmin(circular_distance(cands, phi)))])
    return phi % 1.0


def multitime_mpd(hists) -> float:
    """The multi-time MPD estimate (eigenstate inputs): hists[l] is the textbook histogram of
    QPE on U**(2**l), whose inverted MPD estimates 2**l phi mod 1 without bias; the readings are
    combined coarse to fine by ``kitaev`` (each later time resolves the earlier one's residual
    error, so m ancillas reach the resolution of m + L - 1)."""
    return kitaev([mpd_inverted(np.asarray(h, dtype=float)) for h in hists])


def kitaev_many(angles) -> np.ndarray:
    """``kitaev`` vectorised: angles has shape (L, B), one column per experiment."""
    a = np.mod(np.asarray(angles, dtype=float), 1.0)
    phi = a[0].copy()
    for k in range(1, a.shape[0]):
        cands = (a[k][:, None] + np.arange(2**k)) / 2**k
        phi = cands[np.arange(len(phi)), np.argmin(circular_distance(cands, phi[:, None]), axis=1)]
    return np.mod(phi, 1.0)
