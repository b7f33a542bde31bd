"""Bayesian phase estimation on a grid: posteriors over phi with credible intervals, and the
adaptive choice of the next experiment for one-ancilla (iterative) QPE.

The prior is uniform on the circle [0, 1). The likelihood is a function of phi (vectorised over
an array of phases) built from the data of one of three experiments:

* textbook QPE, a histogram n_j over 2**m outcomes: log L = sum_j n_j log P(j | phi) with the
  Fejer kernel of ``estimators.outcome_probabilities``;
* one-ancilla circuits (Hadamard tests) with power k and phase correction beta, read in Z
  after a final H: P(0 | phi) = (1 + cos 2 pi (k phi - beta)) / 2. The eigenstate mode's X and
  Y readings are beta = 0 and beta = 1/4;
* the adaptive iterative experiment (``adaptive``), a list of such settings.

The posterior is evaluated on a uniform grid over the circle fine enough for the highest power
(64 points per period), then re-evaluated on a fine grid over the arc that holds all but
e^-40 of it, until that grid resolves the posterior's width (``Posterior.from_loglik``).
The point estimate is the circular posterior mean; the error bar is the posterior standard
deviation (circular distance to the mean); the credible interval at level L is the shortest
arc centred on the mean holding mass >= L. With phi drawn from the prior, such intervals cover
the true phase with probability L exactly (calibration), which tests/qpe check over seeded runs.

Adaptive rule (after Wiebe and Granade's rejection-filtering PE, in turns): with posterior mean
mu and standard deviation sigma, the next power is k = clip(round(1 / (4 pi sigma)), 1, k_max)
(its period 1/k is about 12 sigma: one period covers the posterior, so the outcome is
informative without aliasing) and beta = k mu +- 1/4 (alternating), where P(0) changes fastest
with phi, so each shot carries the most information near the current estimate.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from qtool.qpe import estimators as est

CUT = 40.0  # log-posterior below max - CUT is treated as zero mass when zooming


@dataclass
class Posterior:
    grid: np.ndarray  # phases (may exceed [0, 1) inside a zoom window; reported mod 1)
    weights: np.ndarray  # normalised masses of the grid points (the grid is uniform)

    @classmethod
    def from_loglik(cls, loglik: Callable[[np.ndarray], np.ndarray], points_per_turn: int = 4096,
                    zoom_points: int = 4001, rounds: int = 4, arc: tuple | None = None) -> "Posterior":
        """Evaluate exp(loglik) on the circle (or on `arc` = (lo, hi), a prior support known to
        hold the mass), then zoom into the arc holding the mass."""
        if arc is None:
            grid = np.arange(points_per_turn) / points_per_turn
        else:
            lo, hi = arc
            grid = lo + (hi - lo) * np.arange(int(points_per_turn * (hi - lo)) + 1) / int(points_per_turn * (hi - lo))
        logw = loglik(grid)
        post = cls._normalised(grid, logw)
        for _ in range(rounds):
            spacing = post.grid[1] - post.grid[0]
            if post.std() > 25 * spacing:
                break
            lo, hi = post._support(logw)
            if hi - lo >= 0.5:  # no compact support (a spread posterior): keep the circle
                break
            grid = np.linspace(lo - spacing, hi + spacing, zoom_points)
            logw = loglik(np.mod(grid, 1.0))
            post = cls._normalised(grid, logw)
        return post

    @classmethod
    def _normalised(cls, grid, logw) -> "Posterior":
        logw = np.asarray(logw, dtype=float)
        w = np.exp(logw - logw.max())
        return cls(np.asarray(grid, dtype=float), w / w.sum())

    def _support(self, logw) -> tuple[float, float]:
        """The arc (lo, hi), lo < hi, unwrapped around the mode, with log-weight above max - CUT."""
        mode = self.grid[int(np.argmax(self.weights))]
        keep = logw >= logw.max() - CUT
        d = np.mod(self.grid[keep] - mode + 0.5, 1.0) - 0.5  # signed distance to the mode
        return mode + d.min(), mode + d.max()

    def mean(self) -> float:
        """Circular mean of the posterior, in [0, 1)."""
        z = np.sum(self.weights * np.exp(2j * np.pi * self.grid))
        return float(np.mod(np.angle(z) / (2 * np.pi), 1.0))

    def std(self) -> float:
        """sqrt(E[d(phi, mean)^2]) with d the circular distance (turns)."""
        d = est.circular_distance(self.grid, self.mean())
        return float(math.sqrt(np.sum(self.weights * d * d)))

    def half_width(self, level: float) -> float:
        """Half-width w of the shortest arc [mean - w, mean + w] with posterior mass >= level."""
        d = est.circular_distance(self.grid, self.mean())
        order = np.argsort(d)
        mass = np.cumsum(self.weights[order])
        i = int(np.searchsorted(mass, level))
        return float(d[order[min(i, len(d) - 1)]])

    def interval(self, level: float = 0.95) -> tuple[float, float]:
        """(lo, hi) phases of the credible arc, unwrapped so that lo <= mean <= hi."""
        mu, w = self.mean(), self.half_width(level)
        return mu - w, mu + w

    def covers(self, phi: float, level: float) -> bool:
        return bool(est.circular_distance(phi, self.mean()) <= self.half_width(level))


def textbook_loglik(counts) -> Callable[[np.ndarray], np.ndarray]:
    """log L(phi) of a textbook QPE histogram (counts or exact probabilities as weights)."""
    w = np.asarray(counts, dtype=float)
    m = w.shape[-1].bit_length() - 1

    def loglik(phi):
        out = np.empty(len(phi))
        for start in range(0, len(phi), 8192):  # memory O(8192 * 2**m)
            p = est.outcome_probabilities(phi[start:start + 8192], m)
            out[start:start + 8192] = np.log(np.clip(p, 1e-300, None)) @ w
        return out

    return loglik


def textbook_posterior(counts) -> Posterior:
    n = np.asarray(counts).shape[-1]
    return Posterior.from_loglik(textbook_loglik(counts), points_per_turn=max(4096, 64 * n))


def binomial_measure(prob0: Callable[[int, float], float], rng: np.random.Generator):
    """A `measure` for ``adaptive`` from exact probabilities: zeros ~ binomial(n, prob0(k, beta))."""
    return lambda k, beta, n: int(rng.binomial(n, min(1.0, max(0.0, prob0(k, beta)))))


def multitime_posterior(hists) -> Posterior:
    """Posterior from textbook histograms of U**(2**l), l = 0..L-1: log L = sum_l log L_l(2**l phi)."""
    parts = [textbook_loglik(h) for h in hists]

    def loglik(phi):
        return sum(part(np.mod(phi * 2**l, 1.0)) for l, part in enumerate(parts))

    n = np.asarray(hists[0]).shape[-1]
    return Posterior.from_loglik(loglik, points_per_turn=max(4096, 64 * n * 2 ** (len(hists) - 1)))


def p0(phi, k, beta, gamma: float = 0.0):
    """P(ancilla reads 0 | phi) for power k and correction beta:
    (1 + e^{-gamma k} cos 2 pi (k phi - beta)) / 2, with e^{-gamma k} the visibility left by
    depolarising noise after k applications of U (gamma = 0: no noise)."""
    vis = np.exp(-gamma * np.asarray(k, dtype=float))
    return 0.5 * (1 + vis * np.cos(2 * np.pi * (np.multiply.outer(phi, k) - beta)))


def hadamard_loglik(settings, gamma: float = 0.0) -> Callable[[np.ndarray], np.ndarray]:
    """log L(phi) of one-ancilla settings [(k, beta, zeros, ones), ...] at noise decay gamma."""
    arr = np.asarray([[s[0], s[1], s[2], s[3]] for s in settings], dtype=float)
    k, beta, n0, n1 = arr.T

    def loglik(phi):
        p = np.clip(p0(np.asarray(phi, dtype=float), k, beta, gamma), 1e-300, 1.0)
        q = np.clip(1.0 - p, 1e-300, 1.0)
        return np.log(p) @ n0 + np.log(q) @ n1

    return loglik


def marginal_loglik(settings, gammas=(0.0,)) -> Callable[[np.ndarray], np.ndarray]:
    """log of the likelihood averaged over a uniform prior on the noise decays `gammas` (the
    noise-aware likelihood: the decay is a nuisance parameter marginalised on a grid)."""
    parts = [hadamard_loglik(settings, g) for g in gammas]
    if len(parts) == 1:
        return parts[0]

    def loglik(phi):
        stack = np.stack([f(phi) for f in parts])
        top = stack.max(axis=0)
        return top + np.log(np.mean(np.exp(stack - top), axis=0))

    return loglik


def hadamard_posterior(settings, gammas=(0.0,)) -> Posterior:
    k_max = max(int(s[0]) for s in settings)
    return Posterior.from_loglik(marginal_loglik(settings, gammas), points_per_turn=max(4096, 64 * k_max))


def decay_grid(gamma_estimate: float, points: int = 9, spread: float = 4.0) -> tuple:
    """A log-uniform grid of decays from gamma_estimate / spread to gamma_estimate * spread (the
    prior of the noise-aware likelihood: the gate-count estimate is right within a factor
    `spread`); (0,) without noise."""
    if gamma_estimate <= 0:
        return (0.0,)
    return tuple(float(g) for g in gamma_estimate * np.geomspace(1 / spread, spread, points))


def eigenstate_settings(readings, shots: int) -> list[tuple]:
    """The eigenstate mode's per-power X and Y readings as one-ancilla settings (beta 0 and 1/4)."""
    out = []
    for r in readings:
        for key, beta in (("p0_x", 0.0), ("p0_y", 0.25)):
            zeros = round(r[key] * shots)
            out.append((r["power"], beta, zeros, shots - zeros))
    return out


@dataclass
class AdaptiveRun:
    posterior: Posterior
    settings: list = field(default_factory=list)  # (k, beta, zeros, ones) in the order run
    gammas: tuple = (0.0,)  # the noise decays the posterior is marginalised over

    @property
    def shots(self) -> int:
        return int(sum(s[2] + s[3] for s in self.settings))

    @property
    def max_power(self) -> int:
        return int(max(s[0] for s in self.settings))


def adaptive(measure: Callable[[int, float, int], int], k_max: int, shots: int, batch: int,
             gammas=(0.0,)) -> AdaptiveRun:
    """Adaptive Bayesian iterative PE: `shots` shots in settings of `batch` shots each.

    `measure(k, beta, n)` runs n shots of the circuit with power k and correction beta and
    returns how many read 0 (sampled from a simulated circuit, or from the closed form in
    tests). Powers never exceed `k_max` (the deepest circuit allowed). With noise, `gammas` is
    the grid of visibility decays per application of U (``decay_grid``): the posterior is
    marginalised over it, and powers stop at 1 / gamma (beyond it the Fisher information
    k^2 e^{-2 gamma k} of a shot falls) for the smallest gamma of the grid's middle."""
    if shots < 1 or batch < 1 or k_max < 1:
        raise ValueError("adaptive PE needs shots, batch and k_max >= 1")
    gammas = tuple(gammas)
    mid = sorted(gammas)[len(gammas) // 2]
    if mid > 0:
        k_max = int(max(1, min(k_max, round(1.0 / mid))))
    g = max(4096, 64 * k_max)
    grid = np.arange(g) / g
    logw = np.zeros((len(gammas), g))
    settings: list[tuple] = []
    sign = 1
    left = shots
    while left > 0:
        n = min(batch, left)
        marg = logw.max(axis=0) + np.log(np.exp(logw - logw.max(axis=0)).sum(axis=0))
        w = np.exp(marg - marg.max())
        post = Posterior(grid, w / w.sum())
        mu, sigma = post.mean(), max(post.std(), 1.0 / g)
        k = int(min(k_max, max(1, round(1.0 / (4 * math.pi * sigma)))))
        beta = float(np.mod(k * mu + sign * 0.25, 1.0))
        sign = -sign
        zeros = int(measure(k, beta, n))
        settings.append((k, beta, zeros, n - zeros))
        for i, gam in enumerate(gammas):
            logw[i] += hadamard_loglik([settings[-1]], gam)(grid)
        left -= n
    return AdaptiveRun(hadamard_posterior(settings, gammas), settings, gammas)


def lowest_cluster(runs: list, spread: float = 4.0) -> tuple[list, list]:
    """Repeated adaptive runs on a superposition input collapse onto eigenstates at random
    (each with its weight): group the runs whose posterior means agree within `spread`
    combined standard deviations (circular, in phase order) and return (the lowest group's
    runs, every group's runs) -- the lowest eigenphase seen is the ground-state estimate.
    Runs whose posterior stayed wide (std above 5x the median: not converged) join no group
    unless every run is wide."""
    stds = np.array([r.posterior.std() for r in runs])
    ok = [r for r, sd in zip(runs, stds) if sd <= 5 * np.median(stds)] or list(runs)
    ok.sort(key=lambda r: r.posterior.mean())
    groups: list[list] = []
    for r in ok:
        if groups:
            g = groups[-1]
            mu = np.mean([x.posterior.mean() for x in g])
            sd = math.hypot(max(x.posterior.std() for x in g), r.posterior.std())
            if est.circular_distance(r.posterior.mean(), mu) <= spread * sd:
                g.append(r)
                continue
        groups.append([r])
    return groups[0], groups
