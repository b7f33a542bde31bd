"""The QFT families against the discrete Fourier transform."""

from __future__ import annotations

import cirq
import numpy as np
import pytest

from qtool import circuits

from .helpers import state


def dft(n: int) -> np.ndarray:
    N = 2 ** n
    x, y = np.meshgrid(np.arange(N), np.arange(N))
    return np.exp(2j * np.pi * x * y / N) / np.sqrt(N)


@pytest.mark.parametrize("level", ["alg", "indep"])
@pytest.mark.parametrize("n", [1, 2, 3, 5])
def test_qft_matches_the_dft_matrix(n, level):
    c = circuits.generate("qft", n, level=level)
    u = c.unitary(qubit_order=cirq.LineQubit.range(n))
    assert cirq.allclose_up_to_global_phase(u, dft(n), atol=1e-8)
    if level == "indep":
        assert np.allclose(u, dft(n), atol=1e-8), "the textbook circuit has no global phase"


@pytest.mark.parametrize("level", ["alg", "indep"])
def test_qftentangled_is_the_dft_of_a_ghz_state(level):
    n = 5
    ghz = np.zeros(2 ** n)
    ghz[0] = ghz[-1] = 1 / np.sqrt(2)
    psi = state(circuits.generate("qftentangled", n, level=level), n)
    assert cirq.allclose_up_to_global_phase(psi, dft(n) @ ghz, atol=1e-8)
