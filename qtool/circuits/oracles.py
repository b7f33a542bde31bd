"""Oracle algorithms: Deutsch-Jozsa, Bernstein-Vazirani and Grover search.

DJ and BV use n-1 input qubits (0..n-2) and one output qubit (n-1) prepared in |->, so the
oracle's answer comes back as a phase; measuring the inputs gives the result.
"""

from __future__ import annotations

import math

import cirq
import numpy as np

from qtool.circuits.randomness import random_int
from qtool.circuits.registry import family


def random_bits(k: int, rng: np.random.Generator, nonzero: bool = True) -> list[int]:
    """k random bits from rng; with `nonzero`, not all zero (redrawn, k >= 1)."""
    while True:
        bits = [int(b) for b in rng.integers(0, 2, size=k)]
        if any(bits) or not nonzero or k == 0:
            return bits


def bv_secret(n: int, rng: np.random.Generator) -> list[int]:
    """The secret string bv(n, rng) encodes: drawn first from rng, so tests can redraw it."""
    return random_bits(n - 1, rng)


@family("bv", "Bernstein-Vazirani: one oracle query reveals a seeded secret bit string",
        2, 128, seeded=True, readout=lambda n: range(n - 1))
def bv(n: int, rng: np.random.Generator) -> cirq.Circuit:
    """Bernstein-Vazirani: the oracle f(x) = s.x (mod 2) is a CNOT from each input qubit i
    with s_i = 1 onto the |-> output; after H on the inputs they hold s exactly."""
    s = bv_secret(n, rng)
    q = cirq.LineQubit.range(n)
    inputs, out = q[:-1], q[-1]
    oracle = [cirq.CNOT(inputs[i], out) for i, bit in enumerate(s) if bit]
    return cirq.Circuit(cirq.X(out), cirq.H.on_each(*q), oracle, cirq.H.on_each(*inputs))


def dj_oracle(inputs, out, rng: np.random.Generator, balanced: bool = True):
    """A seeded Deutsch-Jozsa oracle on `out`. Balanced: f(x) = s.(x xor b) with s != 0,
    so exactly half of all inputs give 1. Constant: f(x) = c for a random bit c."""
    if not balanced:
        return [cirq.X(out)] if rng.integers(0, 2) else []
    s = random_bits(len(inputs), rng)
    b = random_bits(len(inputs), rng, nonzero=False)
    flips = [cirq.X(inputs[i]) for i, bit in enumerate(b) if bit]
    return flips + [cirq.CNOT(inputs[i], out) for i, bit in enumerate(s) if bit] + flips


def deutsch_jozsa(n: int, rng: np.random.Generator, balanced: bool = True) -> cirq.Circuit:
    """Deutsch-Jozsa on n-1 inputs: the inputs read all zeros iff the oracle is constant."""
    q = cirq.LineQubit.range(n)
    inputs, out = q[:-1], q[-1]
    return cirq.Circuit(cirq.X(out), cirq.H.on_each(*q), dj_oracle(inputs, out, rng, balanced),
                        cirq.H.on_each(*inputs))


@family("dj", "Deutsch-Jozsa with a seeded balanced oracle", 2, 128, seeded=True,
        readout=lambda n: range(n - 1))
def dj(n: int, rng: np.random.Generator) -> cirq.Circuit:
    """Deutsch-Jozsa: decides constant vs balanced with one query; this family uses a
    balanced oracle, so the inputs never read all zeros."""
    return deutsch_jozsa(n, rng, balanced=True)


def grover_marked(n: int, rng: np.random.Generator) -> int:
    """The marked item grover(n, rng) searches for (drawn first from rng)."""
    return random_int(rng, n)


def grover_iterations(n: int) -> int:
    """floor(pi/4 sqrt(N)): the iteration count that maximises the marked probability."""
    return max(1, math.floor(math.pi / 4 * math.sqrt(2 ** n)))


def phase_flip(q, item: int) -> list[cirq.Operation]:
    """Multiply the amplitude of basis state |item> (big-endian over q) by -1."""
    n = len(q)
    flips = [cirq.X(q[i]) for i in range(n) if not (item >> (n - 1 - i)) & 1]
    return flips + [cirq.Z(q[-1]).controlled_by(*q[:-1])] + flips


@family("grover", "Grover search for one seeded marked item over all qubits", 2, 12, seeded=True)
def grover(n: int, rng: np.random.Generator) -> cirq.Circuit:
    """Grover's search: floor(pi/4 sqrt(2^n)) rounds of oracle (a phase flip of the marked
    item, a multi-controlled Z between X flips) and diffusion (inversion about the mean)."""
    marked = grover_marked(n, rng)
    q = cirq.LineQubit.range(n)
    diffusion = [cirq.H.on_each(*q), *phase_flip(q, 0), cirq.H.on_each(*q)]
    ops: list = [cirq.H.on_each(*q)]
    for _ in range(grover_iterations(n)):
        ops += phase_flip(q, marked) + diffusion
    return cirq.Circuit(ops)
