"""The adder adds and the multiplier multiplies."""

from __future__ import annotations

import itertools

import cirq
import numpy as np
import pytest

from qtool import circuits
from qtool.circuits.arithmetic import (adder_inputs, adder_layout, multiplier_inputs,
                                       multiplier_layout, prepare, qft_multiplier,
                                       ripple_carry_adder)

from .helpers import state


def read(index: int, n: int, qubits: list[int]) -> int:
    """The value of a register (qubits least significant first) in basis state `index`."""
    return sum(((index >> (n - 1 - q)) & 1) << bit for bit, q in enumerate(qubits))


def only_basis_state(psi: np.ndarray) -> int:
    index = int(np.argmax(np.abs(psi)))
    assert abs(psi[index]) == pytest.approx(1.0, abs=1e-9)
    return index


@pytest.mark.parametrize("n", [5, 6])
def test_ripple_carry_adder_adds_every_input(n):
    lay = adder_layout(n)
    k = len(lay["a"])
    q = cirq.LineQubit.range(n)
    adder = ripple_carry_adder(n)
    for a, b, cin in itertools.product(range(2 ** k), range(2 ** k), range(2)):
        prep = prepare(q, lay["a"], a) + prepare(q, lay["b"], b) + prepare(q, [0], cin)
        out = only_basis_state(state(cirq.Circuit(prep, cirq.I.on_each(*q)) + adder, n))
        total = a + b + cin
        assert read(out, n, lay["b"]) == total % 2 ** k
        assert read(out, n, lay["a"]) == a and read(out, n, lay["cin"]) == cin
        if lay["cout"]:
            assert read(out, n, lay["cout"]) == total >> k


@pytest.mark.parametrize("level", ["alg", "indep"])
@pytest.mark.parametrize("n, seed", [(7, 0), (8, 1), (9, 2)])
def test_adder_family_adds_its_seeded_inputs(n, seed, level):
    a, b = adder_inputs(n, np.random.default_rng(seed))
    lay = adder_layout(n)
    out = only_basis_state(state(circuits.generate("adder", n, seed=seed, level=level), n))
    k = len(lay["a"])
    assert read(out, n, lay["b"]) == (a + b) % 2 ** k
    if lay["cout"]:
        assert read(out, n, lay["cout"]) == (a + b) >> k


def test_qft_multiplier_multiplies_every_input():
    n = 8
    lay = multiplier_layout(n)
    q = cirq.LineQubit.range(n)
    mult = qft_multiplier(n)
    for a, b in itertools.product(range(4), range(4)):
        prep = prepare(q, lay["a"], a) + prepare(q, lay["b"], b)
        out = only_basis_state(state(cirq.Circuit(prep) + mult, n))
        assert read(out, n, lay["p"]) == a * b
        assert read(out, n, lay["a"]) == a and read(out, n, lay["b"]) == b


@pytest.mark.parametrize("level", ["alg", "indep"])
@pytest.mark.parametrize("n, seed", [(4, 0), (9, 5), (10, 7)])
def test_multiplier_family_multiplies_its_seeded_inputs(n, seed, level):
    a, b = multiplier_inputs(n, np.random.default_rng(seed))
    out = only_basis_state(state(circuits.generate("multiplier", n, seed=seed, level=level), n))
    assert read(out, n, multiplier_layout(n)["p"]) == a * b
