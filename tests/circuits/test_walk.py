"""The quantum walk against a matrix model of the coined walk on a cycle."""

from __future__ import annotations

import cirq
import numpy as np
import pytest

from qtool import circuits
from qtool.circuits.walk import WALK_STEPS, increment

from .helpers import state


def walk_reference(n: int, steps: int) -> np.ndarray:
    """coin (x) position amplitudes after `steps` steps of H-coin, shift +-1 mod 2^(n-1)."""
    size = 2 ** (n - 1)
    psi = np.zeros((2, size), dtype=complex)
    psi[0, 0] = 1
    h = np.array([[1, 1], [1, -1]]) / np.sqrt(2)
    for _ in range(steps):
        psi = h @ psi
        psi = np.stack([np.roll(psi[0], -1), np.roll(psi[1], 1)])
    return psi.reshape(-1)


@pytest.mark.parametrize("level", ["alg", "indep"])
@pytest.mark.parametrize("n", [2, 4, 6])
def test_qwalk_matches_the_coined_walk(n, level):
    psi = state(circuits.generate("qwalk", n, level=level), n)
    assert cirq.allclose_up_to_global_phase(psi, walk_reference(n, WALK_STEPS), atol=1e-7)


def test_walk_reference_reaches_steps_plus_one_positions():
    # The reference itself: t steps of +-1 reach t+1 positions of the same parity.
    n = 6
    p = np.abs(walk_reference(n, WALK_STEPS).reshape(2, -1)) ** 2
    positions = p.sum(axis=0)
    assert positions.max() < 1 and np.count_nonzero(positions > 1e-12) == WALK_STEPS + 1


@pytest.mark.parametrize("value", range(8))
def test_increment_adds_one(value):
    q = cirq.LineQubit.range(3)
    prep = [cirq.X(q[i]) for i in range(3) if (value >> (2 - i)) & 1]
    psi = state(cirq.Circuit(prep, increment([], q)), 3)
    assert abs(psi[(value + 1) % 8]) == pytest.approx(1)
