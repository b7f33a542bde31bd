"""Error bars for the point estimators (the Bayesian estimator has its own posterior).

* Histogram estimators (majority, mpd, mpd-inverted, ml): the nonparametric bootstrap, B
  multinomial resamples of the observed histogram with the same number of shots, each put
  through the estimator (vectorised); the bar is the rms circular distance of the resampled
  estimates to the estimate. It measures shot noise only, so a floor is added in quadrature
  for what resampling cannot see: majority's grid rounding, 1/(2N) at most, and the MPD's
  bias, estimated as |mpd - mpd-inverted| (the inversion removes it for an eigenstate), and
  ML's model misfit: ML fits one eigenphase, so when the outcomes hold more than one (a
  superposition input such as Hartree-Fock at stretched bonds) its estimate is pulled between
  them by far more than the shot noise; the floor is then |ml - lowest eigenphase of the
  mixture fit| (``mixture.fit``), the distance to what the mixture model says the ground is.
  With the exact distribution (shots = 0) only the floor remains.
* Eigenstate-mode readings (kitaev, rpe): the parametric bootstrap, each reading's P(0) in X
  and Y redrawn as binomial(shots, P0) / shots and the coarse-to-fine combination rerun.
"""

from __future__ import annotations

import math

import numpy as np

from qtool.qpe import estimators as est

BOOTSTRAP = 200


def histogram_bar(name: str, hist, shots: int, estimate: float, rng: np.random.Generator) -> tuple[float, str]:
    """(phase error bar in turns, how it was made) for a histogram estimator."""
    w = np.asarray(hist, dtype=float)
    n = len(w)
    floor = 0.0
    method = "bootstrap"
    if name == "majority":
        floor = 0.5 / n
        method = "bootstrap + grid half-width 1/(2N)"
    elif name == "mpd" and n >= 4:
        floor = float(est.circular_distance(estimate, est.mpd_inverted(w)))
        method = "bootstrap + bias |mpd - mpd-inverted|"
    elif name == "ml" and shots > 0:
        from qtool.qpe import mixture

        f = mixture.fit([mixture.Stage(w)])
        if len(f.phases) > 1:
            floor = float(est.circular_distance(estimate, f.phases[f.ground]))
            method = (f"bootstrap + misfit |ml - lowest of the {len(f.phases)} eigenphases of a mixture fit| "
                      "(the outcomes hold several eigenphases: a single-phase fit is biased)")
    if shots <= 0:
        return floor, ("exact distribution: " + method.partition("+ ")[2]) if floor else "exact distribution: 0"
    resampled = rng.multinomial(shots, w / w.sum(), size=BOOTSTRAP)
    values = est.estimate(name, resampled)
    spread = float(np.sqrt(np.mean(est.circular_distance(values, estimate) ** 2)))
    return math.hypot(spread, floor), method


def readings_bar(readings, shots_per_reading, estimate: float, rng: np.random.Generator) -> tuple[float, str]:
    """Parametric-bootstrap bar for the coarse-to-fine combination of per-power readings.

    `shots_per_reading` is one number or one per reading (RPE's schedule)."""
    shots = np.broadcast_to(np.asarray(shots_per_reading, dtype=int), (len(readings),))
    if np.all(shots == 0):
        return 0.0, "exact readings: 0"
    values = []
    for _ in range(BOOTSTRAP):
        angles = []
        for r, s in zip(readings, shots):
            px = rng.binomial(s, r["p0_x"]) / s
            py = rng.binomial(s, r["p0_y"]) / s
            angles.append((math.atan2(2 * py - 1, 2 * px - 1) / (2 * math.pi)) % 1.0)
        values.append(est.kitaev(angles))
    spread = float(np.sqrt(np.mean(est.circular_distance(np.asarray(values), estimate) ** 2)))
    return spread, "parametric bootstrap of the readings"


def rpe_schedule(powers: int, budget: int, alpha: float = 3.0, beta: float = 1.0) -> list[int]:
    """Shots per power 2**k (each for X and for Y) after Kimmel, Low and Yoder (2015):
    M_k proportional to alpha (K - k) + beta, k = 0..K-1, so coarse powers, whose mistakes are
    fatal, get the most shots; scaled so that sum_k 2 M_k is about `budget` (at least 1 each)."""
    raw = np.array([alpha * (powers - k) + beta for k in range(powers)])
    scale = budget / (2 * raw.sum())
    return [max(1, int(round(x * scale))) for x in raw]


def multitime_bar(hists, shots: int, estimate: float, combine, rng: np.random.Generator) -> tuple[float, str]:
    """Bootstrap bar of the multi-time combination: every time's histogram resampled, `combine`
    (list of histograms -> phase) rerun."""
    if shots <= 0:
        return 0.0, "exact distributions: 0"
    hs = [np.asarray(h, dtype=float) for h in hists]
    draws = [rng.multinomial(shots, h / h.sum(), size=BOOTSTRAP) for h in hs]
    values = np.array([combine([d[b] for d in draws]) for b in range(BOOTSTRAP)])
    return float(np.sqrt(np.mean(est.circular_distance(values, estimate) ** 2))), "bootstrap over every time's histogram"
