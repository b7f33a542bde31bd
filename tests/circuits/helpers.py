"""Exact reference simulation for the family tests: cirq's state-vector simulator."""

from __future__ import annotations

import cirq
import numpy as np


def state(circuit: cirq.Circuit, n: int) -> np.ndarray:
    """The final state of `circuit` on LineQubit(0..n-1), qubit 0 the most significant bit."""
    return cirq.final_state_vector(circuit, qubit_order=cirq.LineQubit.range(n),
                                   dtype=np.complex128)


def probs(circuit: cirq.Circuit, n: int) -> np.ndarray:
    return np.abs(state(circuit, n)) ** 2


def register_probs(p: np.ndarray, n: int, keep: list[int]) -> np.ndarray:
    """Marginal distribution of the qubits `keep` (in that order, first most significant)."""
    t = p.reshape([2] * n)
    drop = tuple(i for i in range(n) if i not in keep)
    m = t.sum(axis=drop) if drop else t
    order = sorted(keep)
    m = np.moveaxis(m, [order.index(k) for k in keep], range(len(keep)))
    return m.reshape(-1)


def bits_to_int(bits) -> int:
    out = 0
    for b in bits:
        out = 2 * out + int(b)
    return out
