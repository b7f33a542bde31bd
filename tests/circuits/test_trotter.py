"""Trotter evolution approaches exact evolution, at the second-order rate."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.linalg import expm

from qtool import circuits
from qtool.circuits.trotter import IsingChain, trotter_circuit, trotter_problem

from .helpers import state


def exact(chain: IsingChain, time: float) -> np.ndarray:
    psi0 = np.zeros(2 ** chain.n, dtype=complex)
    psi0[0] = 1
    return expm(-1j * time * chain.matrix()) @ psi0


def infidelity(a, b) -> float:
    return 1 - abs(np.vdot(a, b)) ** 2


@pytest.mark.parametrize("level", ["alg", "indep"])
def test_trotter_family_is_close_to_exact_evolution(level):
    n, seed = 6, 3
    chain, time, steps = trotter_problem(n, np.random.default_rng(seed))
    psi = state(circuits.generate("trotter", n, seed=seed, level=level), n)
    assert infidelity(psi, exact(chain, time)) < 1e-2


def test_trotter_error_falls_quadratically_with_the_step():
    chain = IsingChain(5, 1.0, 0.9)
    ref = exact(chain, 1.0)
    errors = [np.sqrt(infidelity(state(trotter_circuit(chain, 1.0, s), 5), ref)) for s in (4, 8)]
    # Second order: halving dt divides the state error by about 4 (first order: 2).
    assert 3.0 < errors[0] / errors[1] < 5.0


def test_trotter_evolution_is_not_trivial():
    chain = IsingChain(4, 1.0, 1.0)
    assert infidelity(exact(chain, 1.0), exact(chain, 0.0)) > 0.1
