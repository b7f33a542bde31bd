"""Basis-state permutations as multi-controlled X gates (for reversible classical maps).

A permutation splits into transpositions; a transposition of basis states u and v is a walk
along a Gray-code path from u to v, each step swapping two states that differ in one bit:
an X on that bit controlled on every other bit having the value the two states share.
"""

from __future__ import annotations

from typing import Sequence

import cirq
import numpy as np


def transpositions(perm: Sequence[int]) -> list[tuple[int, int]]:
    """Transpositions which, applied one after another, map every x to perm[x]."""
    perm = list(perm)
    seen = [False] * len(perm)
    out: list[tuple[int, int]] = []
    for start in range(len(perm)):
        if seen[start] or perm[start] == start:
            seen[start] = True
            continue
        cycle = [start]
        seen[start] = True
        x = perm[start]
        while x != start:
            cycle.append(x)
            seen[x] = True
            x = perm[x]
        # The cycle c_i -> c_{i+1}: apply (c0 c1), then (c0 c2), ..., then (c0 ck).
        out += [(cycle[0], cycle[i]) for i in range(1, len(cycle))]
    return out


def _flip(u: int, bit: int, qubits: Sequence[cirq.Qid]) -> cirq.Operation:
    """Swap basis states u and u ^ (1 << bit): X on that bit, controlled on the others."""
    n = len(qubits)
    target = qubits[n - 1 - bit]
    others = [i for i in range(n) if i != n - 1 - bit]
    values = [(u >> (n - 1 - i)) & 1 for i in others]
    return cirq.X(target).controlled_by(*(qubits[i] for i in others), control_values=values)


def swap_states(u: int, v: int, qubits: Sequence[cirq.Qid]) -> list[cirq.Operation]:
    """Exchange basis states |u> and |v> (big-endian over `qubits`), fixing all others."""
    path = [u]
    diff = [b for b in range(len(qubits)) if ((u ^ v) >> b) & 1]
    for b in diff:
        path.append(path[-1] ^ (1 << b))
    steps = [_flip(min(path[i], path[i + 1]), diff[i], qubits) for i in range(len(diff))]
    return steps + steps[-2::-1]


def permutation_ops(perm: Sequence[int], qubits: Sequence[cirq.Qid]) -> list[cirq.Operation]:
    """Multi-controlled X gates mapping |x> to |perm[x]> on `qubits` (big-endian)."""
    ops: list[cirq.Operation] = []
    for u, v in transpositions(perm):
        ops += swap_states(u, v, qubits)
    return ops


class PermutationGate(cirq.Gate):
    """A gate |x> -> |perm[x]>, kept whole at level alg and decomposed by permutation_ops."""

    def __init__(self, perm: Sequence[int], name: str = "perm"):
        size = len(perm)
        if size & (size - 1) or sorted(perm) != list(range(size)):
            raise ValueError("perm must be a permutation of 0..2^k-1")
        self.perm = tuple(int(x) for x in perm)
        self.name = name

    def _num_qubits_(self) -> int:
        return len(self.perm).bit_length() - 1

    def _unitary_(self) -> np.ndarray:
        size = len(self.perm)
        u = np.zeros((size, size))
        u[list(self.perm), list(range(size))] = 1
        return u

    def _decompose_(self, qubits):
        return permutation_ops(self.perm, qubits)

    def _circuit_diagram_info_(self, args):
        return [self.name] * self.num_qubits()

    def _value_equality_values_(self):
        return self.perm

    def __eq__(self, other):
        return isinstance(other, PermutationGate) and other.perm == self.perm

    def __hash__(self):
        return hash(("PermutationGate", self.perm))

    def __repr__(self) -> str:
        return f"qtool.circuits.permutation.PermutationGate({list(self.perm)!r}, {self.name!r})"
