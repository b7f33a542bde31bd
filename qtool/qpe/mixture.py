"""Textbook-QPE histograms as a mixture of eigenphases (superposition inputs, noise), and the
Bayesian posterior of the lowest one.

A state psi = sum_c a_c |E_c> gives the textbook circuit the outcome distribution

    P(j) = sum_c w_c K(phi_c - j/N) + w_u / N,    w_c = |a_c|^2,

exactly (the eigencomponents are orthogonal in the system register, so they add incoherently
on the ancillas), with K the Fejer kernel of ``estimators.outcome_probabilities``. The uniform
term w_u is depolarising noise: a circuit whose every qubit is depolarised often enough ends
in the maximally mixed state, which reads every j with probability 1/N, and to first order
the rest of the distribution keeps its shape (the noise-aware likelihood; w_u is fitted from
the data, so it needs no noise model).

Data are one or more histograms ("stages"), each taken with a known phase offset o_s added to
every eigenphase (``dither``: a shift of the window centre, i.e. one Z rotation on each
ancilla, no extra two-qubit gates). Near a grid point j/N the Fejer likelihood of one
histogram is flat to first order and its posterior splits into two peaks at phi = j/N +- delta
(the 0.6 and 0.7 Angstrom misses of issue 19); a second stage taken with the offset that puts
the first estimate in the middle of a bin resolves it.

``fit`` finds the components greedily: one kernel by maximum likelihood, then each new kernel
where it raises the likelihood most, refined by EM, kept while the log-likelihood gain beats
the BIC penalty (ln S for a phase and a weight) and its weight is at least ``MIN_WEIGHT``.
``ground_posterior`` is the grid posterior (flat prior on the arc from 4 bins below the fit to
4 bins above it or half-way to the next component) of the lowest-phase component (the
lowest energy) with the other phases held at their fit and all weights re-fitted at every
grid phase (a profile likelihood; the components are separated by many kernel widths, so the
coupling it ignores is small, which the coverage tests in tests/qpe check).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from qtool.qpe import estimators as est
from qtool.qpe.bayes import Posterior

MIN_WEIGHT = 0.03  # a component must hold at least this much of the state to count as found
MAX_COMPONENTS = 4
EM_ROUNDS = 60


@dataclass
class Stage:
    counts: np.ndarray  # histogram over N = 2**m outcomes
    offset: float = 0.0  # phase (turns) added to every eigenphase in this stage

    @property
    def shots(self) -> float:
        return float(np.sum(self.counts))


@dataclass
class Fit:
    phases: np.ndarray  # component phases (turns, in [0, 1)), sorted ascending
    weights: np.ndarray  # their weights, then the uniform background's last
    loglik: float
    background: bool
    history: list = field(default_factory=list)  # (components, loglik) as the fit grew

    @property
    def ground(self) -> int:
        return int(np.argmin(self.phases))


def _kernels(stages, phases) -> list[np.ndarray]:
    """Per stage, K (C x N): the Fejer kernel of each component phase (shifted by the offset)."""
    out = []
    for s in stages:
        m = len(s.counts).bit_length() - 1
        out.append(est.outcome_probabilities(np.mod(np.asarray(phases) + s.offset, 1.0), m))
    return out


def _with_background(k: np.ndarray, background: bool) -> np.ndarray:
    if not background:
        return k
    return np.concatenate([k, np.full((1,) + k.shape[1:], 1.0 / k.shape[-1])], axis=0)


def loglik(stages, phases, weights, background: bool) -> float:
    total = 0.0
    for s, k in zip(stages, _kernels(stages, phases)):
        p = np.asarray(weights) @ _with_background(k, background)
        total += float(np.log(np.clip(p, 1e-300, None)) @ s.counts)
    return total


def _em_weights(stages, phases, weights, background: bool, rounds: int = EM_ROUNDS) -> np.ndarray:
    ks = [_with_background(k, background) for k in _kernels(stages, phases)]
    w = np.asarray(weights, dtype=float)
    total = sum(s.shots for s in stages)
    for _ in range(rounds):
        acc = np.zeros_like(w)
        for s, k in zip(stages, ks):
            p = np.clip(w @ k, 1e-300, None)
            acc += w * (k @ (s.counts / p))
        w = acc / total
    return w


def _best_phase(stages, phases, weights, c: int, background: bool, width: float, points: int = 81) -> float:
    """Maximise the mixture likelihood over component c's phase in [phi_c - width, phi_c + width]."""
    centre = phases[c]
    for w_ in (width, width / 20, width / 400):
        grid = centre + np.linspace(-w_, w_, points)
        vals = _profile_fixed(stages, phases, weights, c, grid, background)
        centre = grid[int(np.argmax(vals))]
    return float(np.mod(centre, 1.0))


def _profile_fixed(stages, phases, weights, c: int, grid, background: bool) -> np.ndarray:
    """Mixture log-likelihood with component c at each grid phase, other phases and weights fixed."""
    others = [i for i in range(len(phases)) if i != c]
    out = np.zeros(len(grid))
    w = np.asarray(weights)
    for s in stages:
        m = len(s.counts).bit_length() - 1
        kc = est.outcome_probabilities(np.mod(grid + s.offset, 1.0), m)  # (G, N)
        rest = np.zeros(len(s.counts))
        if others:
            rest = w[others] @ est.outcome_probabilities(np.mod(np.asarray(phases)[others] + s.offset, 1.0), m)
        if background:
            rest = rest + w[-1] / len(s.counts)
        p = w[c] * kc + rest
        out += np.log(np.clip(p, 1e-300, None)) @ s.counts
    return out


def _refine(stages, phases, weights, background: bool, rounds: int = 4):
    n = len(stages[0].counts)
    for _ in range(rounds):
        weights = _em_weights(stages, phases, weights, background)
        for c in range(len(phases)):
            phases[c] = _best_phase(stages, phases, weights, c, background, 1.0 / n)
    weights = _em_weights(stages, phases, weights, background)
    return phases, weights


def fit(stages, background: bool = False, max_components: int = MAX_COMPONENTS) -> Fit:
    """The mixture of eigenphases (and background) that explains the stages (see the module)."""
    stages = list(stages)
    n = len(stages[0].counts)
    total = sum(s.shots for s in stages)
    grid = np.arange(64 * n) / (64 * n)
    # one component: the maximum of the single-kernel likelihood over the whole circle
    base = np.array([1.0, 0.0] if background else [1.0])
    first = float(grid[int(np.argmax(_profile_fixed(stages, np.array([0.0]), base, 0, grid, False)))])
    phases = np.array([first])
    weights = np.array([0.95, 0.05]) if background else np.array([1.0])
    phases, weights = _refine(stages, phases, weights, background)
    best = loglik(stages, phases, weights, background)
    history = [(1, best)]
    penalty = math.log(max(total, 2.0))  # BIC: two parameters (phase, weight) per component
    while len(phases) < max_components:
        trial_w = np.concatenate([weights[:len(phases)] * 0.9, [0.1 * weights[:len(phases)].sum()],
                                  weights[len(phases):]])
        cand = np.concatenate([phases, [0.0]])
        vals = _profile_fixed(stages, cand, trial_w, len(phases), grid, background)
        cand[-1] = grid[int(np.argmax(vals))]
        new_p, new_w = _refine(stages, cand, trial_w, background)
        ll = loglik(stages, new_p, new_w, background)
        history.append((len(new_p), ll))
        if ll - best < penalty or new_w[:len(new_p)].min() < MIN_WEIGHT:
            break
        phases, weights, best = new_p, new_w, ll
    order = np.argsort(phases)
    w = np.concatenate([weights[:len(phases)][order], weights[len(phases):]])
    return Fit(phases[order], w, best, background, history)


def ground_posterior(stages, f: Fit, em_rounds: int = 12) -> Posterior:
    """Grid posterior of the lowest component's phase: the other phases at their fit, every
    weight re-fitted by EM at each grid phase (vectorised over the grid)."""
    c = f.ground
    others = np.asarray([p for i, p in enumerate(f.phases) if i != c])
    w_others = np.asarray([w for i, w in enumerate(f.weights[:len(f.phases)]) if i != c])
    extra = f.weights[len(f.phases):]  # the background weight, if any

    def profile(phi):
        phi = np.asarray(phi, dtype=float)
        out = np.empty(len(phi))
        for start in range(0, len(phi), 4096):
            g = phi[start:start + 4096]
            ks, fixed = [], []
            for s in stages:
                m = len(s.counts).bit_length() - 1
                kc = est.outcome_probabilities(np.mod(g + s.offset, 1.0), m)  # (G, N)
                ko = est.outcome_probabilities(np.mod(others + s.offset, 1.0), m) if len(others) else \
                    np.zeros((0, len(s.counts)))
                if f.background:
                    ko = np.concatenate([ko, np.full((1, len(s.counts)), 1.0 / len(s.counts))])
                ks.append(kc)
                fixed.append(ko)
            # weights per grid point: (G, 1 + C_other + bg)
            w = np.tile(np.concatenate([[f.weights[c]], w_others, extra]), (len(g), 1))
            total = sum(s.shots for s in stages)
            for _ in range(em_rounds):
                acc = np.zeros_like(w)
                for s, kc, ko in zip(stages, ks, fixed):
                    p = np.clip(w[:, :1] * kc + w[:, 1:] @ ko, 1e-300, None)  # (G, N)
                    r = s.counts / p
                    acc[:, 0] += w[:, 0] * np.sum(kc * r, axis=1)
                    acc[:, 1:] += w[:, 1:] * (r @ ko.T)
                w = acc / total
            ll = np.zeros(len(g))
            for s, kc, ko in zip(stages, ks, fixed):
                p = np.clip(w[:, :1] * kc + w[:, 1:] @ ko, 1e-300, None)
                ll += np.log(p) @ s.counts
            out[start:start + 4096] = ll
        return out

    n = len(stages[0].counts)
    # the prior support: the ground component stays below its upper neighbour and within 4 bins
    centre = f.phases[c]
    hi = min(centre + 4.0 / n, 0.5 * (centre + others.min()) if len(others) else centre + 4.0 / n)
    return Posterior.from_loglik(profile, points_per_turn=max(4096, 64 * n), arc=(centre - 4.0 / n, hi))


def dither_offset(phase: float, n: int) -> float:
    """The offset o in [0, 1/N) that puts `phase` + o in the middle of a bin of N outcomes."""
    frac = (phase * n) % 1.0
    return float(((0.5 - frac) % 1.0) / n)
