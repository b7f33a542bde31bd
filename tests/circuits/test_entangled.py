"""GHZ, W and graph states are the states they claim to be."""

from __future__ import annotations

import cirq
import numpy as np
import pytest

from qtool import circuits
from qtool.circuits.entangled import random_graph

from .helpers import probs, state


@pytest.mark.parametrize("level", ["alg", "indep"])
@pytest.mark.parametrize("n", [2, 5, 9])
def test_ghz_gives_only_all_zeros_or_all_ones(n, level):
    p = probs(circuits.generate("ghz", n, level=level), n)
    assert p[0] == pytest.approx(0.5) and p[-1] == pytest.approx(0.5)
    assert p[1:-1].sum() == pytest.approx(0, abs=1e-12)


@pytest.mark.parametrize("level", ["alg", "indep"])
@pytest.mark.parametrize("n", [2, 3, 7])
def test_wstate_is_one_excitation_spread_evenly(n, level):
    psi = state(circuits.generate("wstate", n, level=level), n)
    expected = np.zeros(2 ** n, dtype=complex)
    for i in range(n):
        expected[1 << (n - 1 - i)] = 1 / np.sqrt(n)
    assert cirq.allclose_up_to_global_phase(psi, expected, atol=1e-7)


def test_random_graph_is_connected_and_seeded():
    for seed in range(5):
        edges = random_graph(9, np.random.default_rng(seed), degree=3)
        reach, frontier = {0}, [0]
        while frontier:
            v = frontier.pop()
            for a, b in edges:
                for x, y in ((a, b), (b, a)):
                    if x == v and y not in reach:
                        reach.add(y)
                        frontier.append(y)
        assert reach == set(range(9))
    assert random_graph(9, np.random.default_rng(1)) == random_graph(9, np.random.default_rng(1))


@pytest.mark.parametrize("level", ["alg", "indep"])
def test_graphstate_is_stabilised_by_every_vertex_operator(level):
    n, seed = 7, 4
    c = circuits.generate("graphstate", n, seed=seed, level=level)
    edges = random_graph(n, np.random.default_rng(seed), degree=3)
    q = cirq.LineQubit.range(n)
    psi = state(c, n)
    for v in range(n):
        neighbours = [b for a, b in edges if a == v] + [a for a, b in edges if b == v]
        assert neighbours, "every vertex has an edge"
        stab = cirq.X(q[v]) * cirq.PauliString({q[u]: cirq.Z for u in neighbours})
        value = stab.expectation_from_state_vector(psi, {x: i for i, x in enumerate(q)})
        assert value.real == pytest.approx(1.0, abs=1e-7)
