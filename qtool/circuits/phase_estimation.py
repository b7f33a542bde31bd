"""Quantum phase estimation (exact and inexact phases) and amplitude estimation.

Counting qubits are 0..m-1 with qubit 0 the most significant bit, so after the inverse QFT
the counting register, read big-endian, holds y with y / 2^m ~ the phase.
"""

from __future__ import annotations

import math

import cirq
import numpy as np

from qtool.circuits.gateset import cp
from qtool.circuits.randomness import random_int
from qtool.circuits.registry import family


def qpe_phase(n: int, rng: np.random.Generator, exact: bool) -> float:
    """The phase the QPE families estimate, drawn first from rng. Exact: k / 2^(n-1), which
    n-1 counting qubits represent. Inexact: an odd multiple of 1 / 2^n, half-way between
    two representable values (the hardest case for QPE)."""
    m = n - 1
    if exact:
        return random_int(rng, m, nonzero=True) / 2 ** m
    return (2 * random_int(rng, m) + 1) / 2 ** (m + 1)


def phase_estimation(theta: float, m: int) -> cirq.Circuit:
    """QPE of U = p(2 pi theta) on its eigenstate |1>: m counting qubits, then the target."""
    q = cirq.LineQubit.range(m + 1)
    counting, target = q[:m], q[m]
    ops: list[cirq.Operation] = [cirq.X(target), cirq.H.on_each(*counting)]
    for k, c in enumerate(counting):
        power = 2 ** (m - 1 - k)
        ops.append(cp(2 * math.pi * theta * power)(c, target))
    ops.append(cirq.qft(*counting, inverse=True))
    return cirq.Circuit(ops)


@family("qpeexact", "quantum phase estimation of a seeded phase exactly representable",
        2, 64, seeded=True, readout=lambda n: range(n - 1))
def qpeexact(n: int, rng: np.random.Generator) -> cirq.Circuit:
    """Quantum phase estimation (Kitaev; Cleve et al. 1998) of the eigenphase of a phase
    gate, with n-1 counting qubits and a phase of n-1 bits: the counting register reads the
    phase exactly."""
    return phase_estimation(qpe_phase(n, rng, exact=True), n - 1)


@family("qpeinexact", "quantum phase estimation of a seeded phase between grid points",
        2, 64, seeded=True, readout=lambda n: range(n - 1))
def qpeinexact(n: int, rng: np.random.Generator) -> cirq.Circuit:
    """Quantum phase estimation of a phase of n bits with n-1 counting qubits: the two
    nearest estimates each come out with probability 4/pi^2."""
    return phase_estimation(qpe_phase(n, rng, exact=False), n - 1)


def ae_probability(rng: np.random.Generator) -> float:
    """The probability amplitude estimation estimates, drawn first from rng."""
    return float(rng.uniform(0.05, 0.95))


def amplitude_estimation(prob: float, m: int) -> cirq.Circuit:
    """Canonical amplitude estimation (Brassard, Hoyer, Mosca, Tapp 2000) of
    p = |<1|A|0>|^2 for A = Ry(2a), sin^2 a = p, on one objective qubit.

    The Grover operator Q = -A S_0 A^-1 S_chi is, for one qubit, Ry(4a): its eigenphases
    are +-a/pi, so QPE with m evaluation qubits yields y with p ~ sin^2(pi y / 2^m).
    """
    a = math.asin(math.sqrt(prob))
    q = cirq.LineQubit.range(m + 1)
    evaluation, objective = q[:m], q[m]
    ops: list[cirq.Operation] = [cirq.ry(2 * a)(objective), cirq.H.on_each(*evaluation)]
    for k, c in enumerate(evaluation):
        power = 2 ** (m - 1 - k)
        ops.append(cirq.ry(4 * a * power).controlled(1).on(c, objective))
    ops.append(cirq.qft(*evaluation, inverse=True))
    return cirq.Circuit(ops)


@family("ae", "amplitude estimation of a seeded probability (QPE of the Grover operator)",
        2, 64, seeded=True, readout=lambda n: range(n - 1))
def ae(n: int, rng: np.random.Generator) -> cirq.Circuit:
    """Amplitude estimation with n-1 evaluation qubits of a seeded probability in
    [0.05, 0.95] encoded by a Y rotation of one objective qubit."""
    return amplitude_estimation(ae_probability(rng), n - 1)
