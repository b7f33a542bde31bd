"""HHL solves its linear system."""

from __future__ import annotations

import cirq
import numpy as np
import pytest

from qtool import circuits
from qtool.circuits.hhl import hhl_problem

from .helpers import state


@pytest.mark.parametrize("level", ["alg", "indep"])
@pytest.mark.parametrize("n, seed", [(4, 0), (5, 1), (6, 2)])
def test_hhl_post_selected_state_is_the_solution(n, seed, level):
    problem = hhl_problem(n, np.random.default_rng(seed))
    psi = state(circuits.generate("hhl", n, seed=seed, level=level), n).reshape(2, -1, 2)
    solution = psi[1, 0, :]  # flag 1, clock 0, b register
    x = np.linalg.solve(problem.matrix, problem.b)
    # The success probability is |A^-1 b|^2 (C = 1), and the state is A^-1 b normalised.
    assert np.vdot(solution, solution).real == pytest.approx(np.dot(x, x), abs=1e-6)
    assert cirq.allclose_up_to_global_phase(solution / np.linalg.norm(solution),
                                            x / np.linalg.norm(x), atol=1e-6)
    # Uncomputation left the clock at 0 for the flagged part.
    assert np.linalg.norm(psi[1, 1:, :]) == pytest.approx(0, abs=1e-6)


def test_hhl_problems_vary_with_the_seed():
    a = hhl_problem(6, np.random.default_rng(0)).matrix
    assert not np.allclose(a, hhl_problem(6, np.random.default_rng(1)).matrix)
