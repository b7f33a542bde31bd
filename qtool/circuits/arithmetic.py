"""Reversible arithmetic: the Cuccaro ripple-carry adder and a QFT-based multiplier.

Each family prepares seeded input values with X gates, so the circuit computes one concrete
sum or product; the `*_layout` functions say which qubit holds which bit, and the
`*_inputs` functions redraw the inputs from a generator, so tests can check the result.
"""

from __future__ import annotations

import math

import cirq
import numpy as np

from qtool.circuits.gateset import cp
from qtool.circuits.randomness import random_int
from qtool.circuits.registry import family


def adder_layout(n: int) -> dict[str, list[int]]:
    """Qubit indices of the adder on n qubits, each register least significant bit first:
    carry-in 0, then a_i, b_i interleaved; an even n adds a carry-out qubit at the end."""
    k = (n - 1) // 2
    layout = {"cin": [0], "a": [1 + 2 * i for i in range(k)], "b": [2 + 2 * i for i in range(k)]}
    layout["cout"] = [n - 1] if n % 2 == 0 else []
    return layout


def adder_inputs(n: int, rng: np.random.Generator) -> tuple[int, int]:
    """The seeded (a, b) the adder family adds (drawn first from rng)."""
    k = (n - 1) // 2
    return random_int(rng, k), random_int(rng, k)


def _maj(c, b, a):
    return [cirq.CNOT(a, b), cirq.CNOT(a, c), cirq.TOFFOLI(c, b, a)]


def _uma(c, b, a):
    return [cirq.TOFFOLI(c, b, a), cirq.CNOT(a, c), cirq.CNOT(c, b)]


def ripple_carry_adder(n: int) -> cirq.Circuit:
    """Cuccaro, Draper, Kutin, Moulton (quant-ph/0410184): b <- a + b + cin (mod 2^k),
    cout ^= the carry; a and cin are restored. MAJ gates ripple the carry up through the
    a register, UMA gates ripple it back down, uncomputing it and writing the sum."""
    q = cirq.LineQubit.range(n)
    lay = adder_layout(n)
    c0, a, b = q[0], [q[i] for i in lay["a"]], [q[i] for i in lay["b"]]
    k = len(a)
    ops = _maj(c0, b[0], a[0])
    for i in range(1, k):
        ops += _maj(a[i - 1], b[i], a[i])
    if lay["cout"]:
        ops.append(cirq.CNOT(a[k - 1], q[lay["cout"][0]]))
    for i in range(k - 1, 0, -1):
        ops += _uma(a[i - 1], b[i], a[i])
    ops += _uma(c0, b[0], a[0])
    return cirq.Circuit(ops)


def prepare(q, indices: list[int], value: int) -> list[cirq.Operation]:
    """X gates writing `value` into the qubits `indices` (least significant first)."""
    return [cirq.X(q[i]) for bit, i in enumerate(indices) if (value >> bit) & 1]


@family("adder", "Cuccaro ripple-carry adder on seeded inputs (carry-out when n is even)",
        3, 129, seeded=True, readout=lambda n: adder_layout(n)["b"] + adder_layout(n)["cout"])
def adder(n: int, rng: np.random.Generator) -> cirq.Circuit:
    """Ripple-carry adder (Cuccaro et al. 2004) of two k-bit numbers, k = (n-1)//2,
    applied to seeded inputs a and b; b ends up holding a + b."""
    a, b = adder_inputs(n, rng)
    q = cirq.LineQubit.range(n)
    lay = adder_layout(n)
    return cirq.Circuit(prepare(q, lay["a"], a), prepare(q, lay["b"], b)) + ripple_carry_adder(n)


def multiplier_layout(n: int) -> dict[str, list[int]]:
    """Qubit indices, least significant bit first: a and b of k = n//4 bits each, then a
    product register of the remaining n - 2k >= 2k qubits (so a * b never overflows)."""
    k = n // 4
    # Registers are laid out big-endian on the line: the first qubit of each is its MSB.
    return {"a": list(range(k - 1, -1, -1)), "b": list(range(2 * k - 1, k - 1, -1)),
            "p": list(range(n - 1, 2 * k - 1, -1))}


def multiplier_inputs(n: int, rng: np.random.Generator) -> tuple[int, int]:
    """The seeded (a, b) the multiplier family multiplies (drawn first from rng)."""
    k = n // 4
    return random_int(rng, k), random_int(rng, k)


def qft_multiplier(n: int) -> cirq.Circuit:
    """Fourier-space multiplier (Ruiz-Perez & Garcia-Escartin, QIP 16, 152, 2017):
    p <- p + a * b (mod 2^m). The product register goes to Fourier space, each pair of bits
    a_i b_j adds 2^(i+j) as doubly controlled phases (Draper's adder), then back."""
    q = cirq.LineQubit.range(n)
    lay = multiplier_layout(n)
    a, b, p = ([q[i] for i in lay[r]] for r in ("a", "b", "p"))
    m = len(p)
    p_big = list(reversed(p))  # big-endian, as cirq.qft expects
    ops: list[cirq.Operation] = [cirq.qft(*p_big)]
    for i, ai in enumerate(a):
        for j, bj in enumerate(b):
            for t, target in enumerate(p_big):
                # p_big[t] carries weight 2^(m-1-t); adding c rotates it by 2 pi c 2^(m-1-t) / 2^m.
                turns = 2.0 ** (i + j + m - 1 - t - m)
                if turns >= 1:
                    continue  # a whole number of turns: no rotation
                ops.append(cp(2 * math.pi * turns).controlled(1).on(ai, bj, target))
    ops.append(cirq.qft(*p_big, inverse=True))
    return cirq.Circuit(ops)


@family("multiplier", "QFT-based multiplier of two seeded n//4-bit numbers", 4, 32,
        seeded=True, readout=lambda n: multiplier_layout(n)["p"])
def multiplier(n: int, rng: np.random.Generator) -> cirq.Circuit:
    """Quantum multiplier (Ruiz-Perez & Garcia-Escartin 2017) on seeded inputs: the
    product register, initially 0, ends up holding a * b."""
    a, b = multiplier_inputs(n, rng)
    q = cirq.LineQubit.range(n)
    lay = multiplier_layout(n)
    prep = prepare(q, lay["a"], a) + prepare(q, lay["b"], b)
    # Every qubit is used: idle product qubits still get the QFT, so n is honest.
    return cirq.Circuit(prep) + qft_multiplier(n)
