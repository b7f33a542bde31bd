"""Random circuits scramble (Porter-Thomas) and quantum volume has heavy outputs."""

from __future__ import annotations

import numpy as np
import pytest

from qtool import circuits
from qtool.circuits.random_circuits import haar_unitary

from .helpers import probs


def test_random_circuit_output_is_porter_thomas():
    # For a scrambled state the collision probability 2^n sum p^2 is 2 (a uniform or basis
    # state would give 1 or 2^n).
    n = 10
    values = [2 ** n * np.sum(probs(circuits.generate("random", n, seed=s), n) ** 2)
              for s in range(5)]
    assert 1.6 < float(np.mean(values)) < 2.6


def test_random_circuit_uses_many_gate_kinds():
    c = circuits.generate("random", 8, seed=0)
    assert len({circuits.basic_name(op) for op in c.all_operations()}) >= 10


def test_haar_unitary_is_unitary():
    u = haar_unitary(4, np.random.default_rng(0))
    assert np.allclose(u.conj().T @ u, np.eye(4))


@pytest.mark.parametrize("level", ["alg", "indep"])
def test_quantum_volume_heavy_output_probability(level):
    # Ideal heavy-output probability is about 0.85 for large n; QV passes above 2/3.
    n = 6
    hops = []
    for seed in range(4):
        p = probs(circuits.generate("qv", n, seed=seed, level=level), n)
        hops.append(p[p > np.median(p)].sum())
    assert np.mean(hops) > 2 / 3
