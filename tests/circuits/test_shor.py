"""Shor's period finding finds the order, and its permutations are the right maps."""

from __future__ import annotations

import math
from fractions import Fraction

import cirq
import numpy as np
import pytest

from qtool import circuits
from qtool.circuits.permutation import PermutationGate, permutation_ops, transpositions
from qtool.circuits.shor import modular_multiplication, shor_problem

from .helpers import probs, register_probs


@pytest.mark.parametrize("seed", range(5))
def test_permutation_ops_realise_the_permutation(seed):
    rng = np.random.default_rng(seed)
    perm = rng.permutation(8)
    q = cirq.LineQubit.range(3)
    u = cirq.Circuit(permutation_ops(perm, q), cirq.I.on_each(*q)).unitary(qubit_order=q)
    assert np.allclose(u, cirq.unitary(PermutationGate(perm)))


def test_transpositions_compose_to_the_permutation():
    perm = [2, 0, 1, 4, 3, 5]
    x = list(range(6))
    for a, b in transpositions(perm):
        x = [b if v == a else a if v == b else v for v in x]
    assert x == perm


def test_modular_multiplication_multiplies():
    gate = modular_multiplication(7, 15, 4)
    for y in range(16):
        column = cirq.unitary(gate)[:, y]
        assert column[(7 * y) % 15 if y < 15 else y] == 1


def test_bad_permutation_is_rejected():
    with pytest.raises(ValueError):
        PermutationGate([0, 0, 1, 2])


def order_probability(p: np.ndarray, t: int, problem) -> float:
    """Probability that continued fractions of y / 2^t give exactly the order."""
    r = problem.order
    total = 0.0
    for y, prob in enumerate(p):
        if Fraction(y, 2 ** t).limit_denominator(problem.modulus).denominator == r:
            total += prob
    return total


@pytest.mark.parametrize("n, seed, level", [(8, 0, "alg"), (8, 0, "indep"), (15, 1, "alg")])
def test_period_finding_reveals_the_order_and_a_factor(n, seed, level):
    problem = shor_problem(n, np.random.default_rng(seed))
    t, N, a, r = problem.counting, problem.modulus, problem.base, problem.order
    p = register_probs(probs(circuits.generate("shor", n, seed=seed, level=level), n), n,
                       list(range(t)))
    # The outcomes concentrate on the r peaks near k 2^t / r ...
    peaks = {round(k * 2 ** t / r) % 2 ** t for k in range(r)}
    assert sum(p[y] for y in peaks) > 0.4
    # ... one shot recovers r by continued fractions with decent probability ...
    assert order_probability(p, t, problem) > 0.2
    # ... and r factors N.
    factor = math.gcd(pow(a, r // 2) - 1, N)
    assert 1 < factor < N and N % factor == 0
