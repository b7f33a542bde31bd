"""A discrete-time coined quantum walk on a cycle."""

from __future__ import annotations

import cirq
import numpy as np

from qtool.circuits.registry import family

WALK_STEPS = 3


def increment(controls, register) -> list[cirq.Operation]:
    """Add 1 modulo 2^len(register) (big-endian register) when every control is |1>:
    flip each bit, most significant first, when all less significant bits are 1."""
    register = list(register)
    ops = []
    for j in range(len(register)):
        ops.append(cirq.X(register[j]).controlled_by(*controls, *register[j + 1:]))
    return ops


def decrement(controls, register) -> list[cirq.Operation]:
    """Subtract 1 modulo 2^len(register) when every control is |1>: the inverse increment."""
    return cirq.inverse(increment(controls, register))


def quantum_walk(n: int, steps: int = WALK_STEPS) -> cirq.Circuit:
    """Coin qubit 0, position register 1..n-1 (a cycle of 2^(n-1) nodes, starting at 0)."""
    q = cirq.LineQubit.range(n)
    coin, pos = q[0], q[1:]
    ops: list[cirq.Operation] = []
    for _ in range(steps):
        ops.append(cirq.H(coin))
        ops += increment([coin], pos)
        ops.append(cirq.X(coin))
        ops += decrement([coin], pos)
        ops.append(cirq.X(coin))
    return cirq.Circuit(ops)


@family("qwalk", "coined quantum walk (Hadamard coin) on a cycle of 2^(n-1) nodes, 3 steps",
        2, 32)
def qwalk(n: int, rng: np.random.Generator) -> cirq.Circuit:
    """Discrete-time quantum walk (Aharonov, Ambainis, Kempe, Vazirani 2001) on a cycle:
    each step tosses a Hadamard coin, then moves +1 on coin |1> and -1 on coin |0>, the
    shifts being multi-controlled increments of the position register."""
    return quantum_walk(n)
