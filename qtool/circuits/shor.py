"""Shor's period finding for small N: QPE of modular multiplication."""

from __future__ import annotations

import math
from dataclasses import dataclass

import cirq
import numpy as np

from qtool.circuits.permutation import PermutationGate
from qtool.circuits.registry import family

# Odd semiprimes by bit length: period finding of a mod N factors them.
MODULI = {4: (15,), 5: (21,), 6: (33, 35, 39)}


def multiplicative_order(a: int, modulus: int) -> int:
    r, x = 1, a % modulus
    while x != 1:
        x = x * a % modulus
        r += 1
    return r


@dataclass(frozen=True)
class ShorProblem:
    """Order finding of `base` modulo `modulus` with `counting` QPE qubits."""

    modulus: int
    base: int
    counting: int

    @property
    def work(self) -> int:
        return self.modulus.bit_length()

    @property
    def order(self) -> int:
        return multiplicative_order(self.base, self.modulus)


def work_bits(n: int) -> int:
    """Size of the work register on n qubits (4 to 6, about n/3); the rest count."""
    return min(6, max(4, n // 3))


def shor_problem(n: int, rng: np.random.Generator) -> ShorProblem:
    """The seeded problem of the shor family on n qubits: the work register has L bits
    (4 to 6, about n/3), the rest count; the base has an even order r with
    a^(r/2) != -1 mod N, the case in which period finding yields a factor."""
    work = work_bits(n)
    modulus = int(rng.choice(MODULI[work]))
    good = [a for a in range(2, modulus) if math.gcd(a, modulus) == 1
            and multiplicative_order(a, modulus) % 2 == 0
            and pow(a, multiplicative_order(a, modulus) // 2, modulus) != modulus - 1]
    return ShorProblem(modulus, int(rng.choice(good)), n - work)


def modular_multiplication(factor: int, modulus: int, bits: int) -> PermutationGate:
    """|y> -> |factor * y mod N> for y < N, identity on y >= N (a permutation)."""
    perm = [factor * y % modulus if y < modulus else y for y in range(2 ** bits)]
    return PermutationGate(perm, name=f"*{factor}%{modulus}")


def period_finding(problem: ShorProblem) -> cirq.Circuit:
    """Counting qubits 0..t-1 (big-endian), work register t..n-1 starting in |1>; the
    counting qubit of weight 2^j controls multiplication by a^(2^j) mod N, then an inverse
    QFT. Outcomes y concentrate near multiples of 2^t / r."""
    t, L = problem.counting, problem.work
    q = cirq.LineQubit.range(t + L)
    counting, work = q[:t], q[t:]
    ops: list[cirq.Operation] = [cirq.X(work[-1]), cirq.H.on_each(*counting)]
    for k, ctrl in enumerate(counting):
        factor = pow(problem.base, 2 ** (t - 1 - k), problem.modulus)
        if factor != 1:  # multiplying by 1 is the identity: nothing to control
            gate = modular_multiplication(factor, problem.modulus, L)
            ops.append(gate.on(*work).controlled_by(ctrl))
    ops.append(cirq.qft(*counting, inverse=True))
    return cirq.Circuit(ops)


@family("shor", "Shor's period finding of a seeded base mod N (15, 21, 33, 35 or 39)", 7, 18,
        seeded=True, readout=lambda n: range(n - work_bits(n)))
def shor(n: int, rng: np.random.Generator) -> cirq.Circuit:
    """Shor's algorithm, quantum part: phase estimation of modular multiplication by a
    seeded base a modulo a small semiprime N, with the work register as a reversible
    permutation; continued fractions of the outcome give the order r of a, and
    gcd(a^(r/2) +- 1, N) a factor."""
    return period_finding(shor_problem(n, rng))
