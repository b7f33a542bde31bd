"""Trotterised time evolution of a transverse-field Ising chain."""

from __future__ import annotations

import math
from dataclasses import dataclass

import cirq
import numpy as np

from qtool.circuits.registry import family


@dataclass(frozen=True)
class IsingChain:
    """H = J sum_i Z_i Z_{i+1} + h sum_i X_i on an open chain of n spins."""

    n: int
    coupling: float
    field: float

    def matrix(self) -> np.ndarray:
        """The dense Hamiltonian (qubit 0 most significant), for exact references."""
        z, x, eye = np.diag([1.0, -1.0]), np.array([[0.0, 1.0], [1.0, 0.0]]), np.eye(2)

        def site_op(ops: dict[int, np.ndarray]) -> np.ndarray:
            out = np.array([[1.0]])
            for i in range(self.n):
                out = np.kron(out, ops.get(i, eye))
            return out

        h = sum(self.coupling * site_op({i: z, i + 1: z}) for i in range(self.n - 1))
        return h + sum(self.field * site_op({i: x}) for i in range(self.n))


def trotter_circuit(chain: IsingChain, time: float, steps: int) -> cirq.Circuit:
    """Second-order (Strang) product formula for e^{-iHt} from |0...0>:
    each step is e^{-iX h dt/2} e^{-iZZ J dt} e^{-iX h dt/2}, error O(t dt^2)."""
    q = cirq.LineQubit.range(chain.n)
    dt = time / steps
    half_field = [cirq.rx(chain.field * dt)(x) for x in q]  # rx(a) = e^{-i a X / 2}
    # ZZ**e = e^{-i pi e/2 ZZ} up to phase, so e^{-i J dt ZZ} is ZZ**(2 J dt / pi).
    zz = cirq.ZZPowGate(exponent=2 * chain.coupling * dt / math.pi)
    even = [zz(q[i], q[i + 1]) for i in range(0, chain.n - 1, 2)]
    odd = [zz(q[i], q[i + 1]) for i in range(1, chain.n - 1, 2)]
    ops: list[cirq.Operation] = []
    for _ in range(steps):
        ops += half_field + even + odd + half_field
    return cirq.Circuit(ops)


def trotter_problem(n: int, rng: np.random.Generator) -> tuple[IsingChain, float, int]:
    """The seeded chain, evolution time and step count of the trotter family."""
    chain = IsingChain(n, coupling=1.0, field=float(rng.uniform(0.5, 1.5)))
    return chain, 1.0, 4


@family("trotter", "second-order Trotter evolution of a transverse-field Ising chain",
        2, 128, seeded=True)
def trotter(n: int, rng: np.random.Generator) -> cirq.Circuit:
    """Time evolution e^{-iHt}|0..0> of the transverse-field Ising chain
    H = sum Z_i Z_{i+1} + h sum X_i (seeded field h in [0.5, 1.5], t = 1) by four steps of
    the second-order Suzuki-Trotter product formula."""
    chain, time, steps = trotter_problem(n, rng)
    return trotter_circuit(chain, time, steps)
