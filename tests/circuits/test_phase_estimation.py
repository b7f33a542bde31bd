"""QPE recovers known phases; amplitude estimation estimates its probability."""

from __future__ import annotations

import math

import numpy as np
import pytest

from qtool import circuits
from qtool.circuits.phase_estimation import ae_probability, qpe_phase

from .helpers import probs, register_probs


@pytest.mark.parametrize("level", ["alg", "indep"])
@pytest.mark.parametrize("n, seed", [(2, 0), (5, 1), (8, 2)])
def test_qpeexact_recovers_the_phase(n, seed, level):
    theta = qpe_phase(n, np.random.default_rng(seed), exact=True)
    m = n - 1
    p = register_probs(probs(circuits.generate("qpeexact", n, seed=seed, level=level), n), n,
                       list(range(m)))
    assert p[round(theta * 2 ** m)] == pytest.approx(1.0, abs=1e-9)


@pytest.mark.parametrize("level", ["alg", "indep"])
@pytest.mark.parametrize("seed", [0, 3])
def test_qpeinexact_gives_the_two_nearest_estimates(seed, level):
    n = 7
    m = n - 1
    theta = qpe_phase(n, np.random.default_rng(seed), exact=False)
    p = register_probs(probs(circuits.generate("qpeinexact", n, seed=seed, level=level), n),
                       n, list(range(m)))
    lo, hi = math.floor(theta * 2 ** m), math.ceil(theta * 2 ** m) % 2 ** m
    assert lo != hi
    assert p[lo] == pytest.approx(4 / math.pi ** 2, abs=0.02)
    assert p[hi] == pytest.approx(4 / math.pi ** 2, abs=0.02)
    assert set(np.argsort(p)[-2:]) == {lo, hi}


def test_qpe_phases_are_seeded():
    assert len({qpe_phase(8, np.random.default_rng(s), True) for s in range(8)}) > 1


@pytest.mark.parametrize("level", ["alg", "indep"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_ae_estimates_its_probability(seed, level):
    n = 8
    m = n - 1
    target = ae_probability(np.random.default_rng(seed))
    p = register_probs(probs(circuits.generate("ae", n, seed=seed, level=level), n), n,
                       list(range(m)))
    y = int(np.argmax(p))
    estimate = math.sin(math.pi * y / 2 ** m) ** 2
    # Brassard et al., Theorem 12 (k = 1): |estimate - p| <= 2 pi sqrt(p(1-p))/M + pi^2/M^2.
    M = 2 ** m
    bound = 2 * math.pi * math.sqrt(target * (1 - target)) / M + math.pi ** 2 / M ** 2
    assert abs(estimate - target) <= bound
