"""Entangled-state preparation: GHZ, W and graph states."""

from __future__ import annotations

import math

import cirq
import numpy as np

from qtool.circuits.registry import family


@family("ghz", "GHZ state (|0...0> + |1...1>)/sqrt(2): H and a CNOT chain", 2, 100_000)
def ghz(n: int, rng: np.random.Generator) -> cirq.Circuit:
    """Greenberger-Horne-Zeilinger state: H on qubit 0, then a CNOT ladder along the line."""
    q = cirq.LineQubit.range(n)
    return cirq.Circuit(cirq.H(q[0]), (cirq.CNOT(q[i], q[i + 1]) for i in range(n - 1)))


@family("wstate", "W state: one excitation shared equally by all qubits", 2, 128)
def wstate(n: int, rng: np.random.Generator) -> cirq.Circuit:
    """W state (|10..0> + |01..0> + ... + |0..01>)/sqrt(n), by the linear cascade:
    X on qubit 0, then for each neighbour pair a controlled-Ry that keeps amplitude
    sqrt(1/(n-i)) on qubit i and a CNOT that moves the rest to qubit i+1.
    """
    q = cirq.LineQubit.range(n)
    ops: list[cirq.Operation] = [cirq.X(q[0])]
    for i in range(n - 1):
        theta = 2 * math.acos(math.sqrt(1 / (n - i)))
        ops += [cirq.ry(theta).controlled(1).on(q[i], q[i + 1]), cirq.CNOT(q[i + 1], q[i])]
    return cirq.Circuit(ops)


def random_graph(n: int, rng: np.random.Generator, degree: int = 2) -> list[tuple[int, int]]:
    """Edges of a seeded random graph on n nodes where each node gets about `degree`
    neighbours: a random Hamiltonian path (so the graph is connected) plus random chords."""
    order = rng.permutation(n)
    edges = {tuple(sorted((int(order[i]), int(order[i + 1])))) for i in range(n - 1)}
    extra = max(0, (degree * n) // 2 - len(edges))
    candidates = [(i, j) for i in range(n) for j in range(i + 1, n) if (i, j) not in edges]
    if candidates and extra:
        picks = rng.choice(len(candidates), size=min(extra, len(candidates)), replace=False)
        edges |= {candidates[int(k)] for k in picks}
    return sorted(edges)


@family("graphstate", "graph state of a seeded random connected graph (H, then CZ per edge)",
        2, 128, seeded=True)
def graphstate(n: int, rng: np.random.Generator) -> cirq.Circuit:
    """Graph state |G> = prod_{(a,b) in E} CZ_ab |+>^n of a seeded random graph of degree ~3;
    it is the +1 eigenstate of every stabiliser X_a prod_{b ~ a} Z_b."""
    q = cirq.LineQubit.range(n)
    edges = random_graph(n, rng, degree=3)
    return cirq.Circuit(cirq.H.on_each(*q), (cirq.CZ(q[a], q[b]) for a, b in edges))
