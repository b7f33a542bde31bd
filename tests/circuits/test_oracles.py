"""Deutsch-Jozsa, Bernstein-Vazirani and Grover do what they are for."""

from __future__ import annotations

import numpy as np
import pytest

from qtool import circuits
from qtool.circuits.oracles import bv_secret, deutsch_jozsa, grover_marked

from .helpers import bits_to_int, probs, register_probs


@pytest.mark.parametrize("level", ["alg", "indep"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_bv_recovers_its_secret(seed, level):
    n = 7
    secret = bv_secret(n, np.random.default_rng(seed))
    p = register_probs(probs(circuits.generate("bv", n, seed=seed, level=level), n), n,
                       list(range(n - 1)))
    assert p[bits_to_int(secret)] == pytest.approx(1.0)


def test_bv_secrets_differ_between_seeds():
    secrets = {tuple(bv_secret(9, np.random.default_rng(s))) for s in range(6)}
    assert len(secrets) > 1


@pytest.mark.parametrize("seed", [0, 1, 5])
def test_dj_balanced_never_reads_all_zeros(seed):
    n = 6
    p = register_probs(probs(circuits.generate("dj", n, seed=seed), n), n, list(range(n - 1)))
    assert p[0] == pytest.approx(0.0, abs=1e-12)


@pytest.mark.parametrize("seed", [0, 1])
def test_dj_constant_always_reads_all_zeros(seed):
    n = 6
    c = deutsch_jozsa(n, np.random.default_rng(seed), balanced=False)
    p = register_probs(probs(c, n), n, list(range(n - 1)))
    assert p[0] == pytest.approx(1.0)


@pytest.mark.parametrize("level", ["alg", "indep"])
@pytest.mark.parametrize("n, seed", [(2, 0), (4, 1), (6, 2), (7, 3)])
def test_grover_amplifies_the_marked_item(n, seed, level):
    marked = grover_marked(n, np.random.default_rng(seed))
    p = probs(circuits.generate("grover", n, seed=seed, level=level), n)
    assert int(np.argmax(p)) == marked
    assert p[marked] > 0.9  # from 1/2^n before the search
