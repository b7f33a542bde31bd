"""Textbook Bayes as a mixture of eigenphases with a dithered second stage (qtool.qpe.mixture).

The coverage tests draw the phases from a uniform prior and the histograms from the exact
mixture probabilities with numpy, so a credible interval of level L must cover the true lowest
phase at rate L (within a binomial tolerance); the circuits are checked through `run`."""

import math

import numpy as np
import pytest

from qtool.qpe import bayes, estimators as est, mixture as mx
from qtool.qpe.run import QpeConfig, run


def _mixture_hist(phases, weights, m, shots, rng, offset=0.0, background=0.0):
    p = sum(w * est.outcome_probabilities((ph + offset) % 1.0, m) for w, ph in zip(weights, phases))
    p = (1 - background) * p + background / 2**m
    return est.sample_counts(p, shots, rng).astype(float)


def _two_stage(phases, weights, m, shots, rng, background=0.0):
    first = shots // 4
    stages = [mx.Stage(_mixture_hist(phases, weights, m, first, rng, 0.0, background))]
    f = mx.fit(stages, background=background > 0)
    o = mx.dither_offset(f.phases[f.ground], 2**m)
    stages.append(mx.Stage(_mixture_hist(phases, weights, m, shots - first, rng, o, background), o))
    f = mx.fit(stages, background=background > 0)
    return mx.ground_posterior(stages, f), f


def _tolerance(level, n):
    return 3.5 * math.sqrt(level * (1 - level) / n)


def test_dither_offset_puts_a_phase_mid_bin():
    for phi in (0.0, 0.3125, 0.77, 0.999):
        o = mx.dither_offset(phi, 16)
        assert 0 <= o < 1 / 16 and ((phi + o) * 16) % 1.0 == pytest.approx(0.5)


def test_dithering_removes_the_two_peaked_posterior_near_a_grid_point():
    m, shots, n = 4, 1000, 40
    rng = np.random.default_rng(5)
    phi = 0.3125 + 0.07 / 16  # close to the grid point 5/16: one histogram's posterior splits
    single, dithered = [], []
    for _ in range(n):
        single.append(est.circular_distance(bayes.textbook_posterior(
            _mixture_hist([phi], [1.0], m, shots, rng)).mean(), phi))
        dithered.append(est.circular_distance(_two_stage([phi], [1.0], m, shots, rng)[0].mean(), phi))
    cr = est.cramer_rao(m, shots)
    assert math.sqrt(np.mean(np.square(single))) > 4 * cr  # the failure this fixes
    assert math.sqrt(np.mean(np.square(dithered))) < 1.5 * cr


@pytest.mark.parametrize("w0", [1.0, 0.55])
def test_mixture_posterior_of_the_lowest_phase_covers_at_its_nominal_rate(w0):
    """Eigenstate inputs, and Hartree-Fock-like ones: weight 0.55 on the ground phase, the rest
    0.15-0.35 turns higher."""
    rng = np.random.default_rng(19)
    m, shots, n = 4, 1200, 80
    hits, errs = {0.5: 0, 0.9: 0}, []
    for _ in range(n):
        phi0 = 0.15 + 0.4 * rng.random()
        phases, weights = [phi0, phi0 + 0.15 + 0.2 * rng.random()], [w0, 1 - w0]
        post, f = _two_stage(phases[:1] if w0 == 1 else phases, weights, m, shots, rng)
        assert len(f.phases) == len(weights) - (w0 == 1) and f.weights[0] == pytest.approx(w0, abs=0.07)
        for level in hits:
            hits[level] += post.covers(phi0, level)
        errs.append(est.circular_distance(post.mean(), phi0))
    for level, h in hits.items():
        assert abs(h / n - level) < _tolerance(level, n), (level, h / n)
    assert math.sqrt(np.mean(np.square(errs))) < 1.5 * est.cramer_rao(m, int(w0 * shots))


def test_an_eigenstate_histogram_is_one_component_and_noise_is_the_background():
    rng = np.random.default_rng(2)
    f = mx.fit([mx.Stage(_mixture_hist([0.41], [1.0], 4, 3000, rng))])
    assert len(f.phases) == 1 and est.circular_distance(f.phases[0], 0.41) < 3e-3
    noisy = mx.fit([mx.Stage(_mixture_hist([0.41], [1.0], 4, 3000, rng, background=0.4))], background=True)
    assert len(noisy.phases) == 1 and noisy.weights[-1] == pytest.approx(0.4, abs=0.05)


def test_textbook_bayes_on_stretched_h2_with_hartree_fock_input_finds_the_ground_energy():
    """H2 at 2.5 A: the HF state has weight 0.59 on the ground state; one Fejer kernel is biased."""
    r = run(QpeConfig(model="h2", params={"bond": 2.5}, mapping="scbk", ancillas=4, shots=2000, steps=2,
                      state="hf", seed=3, estimators=("ml", "bayes")))
    rows = {row["estimator"]: row for row in r.rows()}
    trotter = r.trotter_energy - r.exact_energy
    assert abs(rows["bayes"]["error"] - trotter) < 3 * rows["bayes"]["error_bar"]
    assert abs(rows["ml"]["error"]) > 3e-3  # the single-eigenphase ML this replaces
    assert "2 eigenphases" in " ".join(r.warnings) and "dithered" in rows["bayes"]["error_bar_method"]
