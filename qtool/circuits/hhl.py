"""HHL: solving a 2x2 linear system A x = b with phase estimation and an inverted rotation."""

from __future__ import annotations

import math
from dataclasses import dataclass

import cirq
import numpy as np

from qtool.circuits.registry import family


@dataclass(frozen=True)
class HHLProblem:
    """A = R diag(lambdas) R^T with R a rotation by `angle`; b = Ry(b_angle)|0>.

    The eigenvalues are integers below 2^clock, so with evolution time t = 2 pi / 2^clock
    the phase estimation is exact and the solution is exact after post-selection.
    """

    clock: int
    lambdas: tuple[int, int]
    angle: float
    b_angle: float

    @property
    def matrix(self) -> np.ndarray:
        c, s = math.cos(self.angle), math.sin(self.angle)
        r = np.array([[c, -s], [s, c]])
        return r @ np.diag(self.lambdas) @ r.T

    @property
    def b(self) -> np.ndarray:
        return np.array([math.cos(self.b_angle / 2), math.sin(self.b_angle / 2)])

    def evolution(self, power: int) -> np.ndarray:
        """e^{i A t power} for t = 2 pi / 2^clock."""
        c, s = math.cos(self.angle), math.sin(self.angle)
        r = np.array([[c, -s], [s, c]])
        t = 2 * math.pi / 2 ** self.clock
        return r @ np.diag([np.exp(1j * lam * t * power) for lam in self.lambdas]) @ r.T


def hhl_problem(n: int, rng: np.random.Generator) -> HHLProblem:
    """The seeded problem of the hhl family on n qubits (drawn first from rng)."""
    clock = n - 2
    lambdas = rng.choice(np.arange(1, 2 ** clock), size=2, replace=False)
    return HHLProblem(clock, (int(lambdas[0]), int(lambdas[1])),
                      float(rng.uniform(0, math.pi)), float(rng.uniform(0, math.pi)))


def hhl_circuit(problem: HHLProblem) -> cirq.Circuit:
    """Harrow, Hassidim, Lloyd (PRL 103, 150502, 2009). Qubit 0: the ancilla flag; 1..c:
    the clock (big-endian); last: the b register. Phase estimation writes lambda into the
    clock, a rotation controlled on each clock value v turns the flag by arcsin(1/v), and
    the phase estimation is undone. Flag 1 (and clock 0) leaves the b register in
    A^-1 b / |A^-1 b|."""
    c = problem.clock
    q = cirq.LineQubit.range(c + 2)
    flag, clock, target = q[0], q[1:c + 1], q[c + 1]
    qpe: list[cirq.Operation] = [cirq.H.on_each(*clock)]
    for k, ctrl in enumerate(clock):
        u = problem.evolution(2 ** (c - 1 - k))
        qpe.append(cirq.MatrixGate(u, name=f"exp(iAt*{2 ** (c - 1 - k)})").controlled(1).on(
            ctrl, target))
    qpe.append(cirq.qft(*clock, inverse=True))
    rotations = []
    for v in range(1, 2 ** c):
        bits = [(v >> (c - 1 - i)) & 1 for i in range(c)]
        theta = 2 * math.asin(1.0 / v)  # C = 1 <= the smallest eigenvalue
        rotations.append(cirq.ry(theta).on(flag).controlled_by(*clock, control_values=bits))
    return cirq.Circuit(cirq.ry(problem.b_angle)(target), qpe, rotations, cirq.inverse(qpe))


@family("hhl", "HHL solving a seeded 2x2 linear system (n-2 clock qubits)", 4, 9, seeded=True)
def hhl(n: int, rng: np.random.Generator) -> cirq.Circuit:
    """HHL quantum linear-system solver on a seeded symmetric 2x2 matrix with integer
    eigenvalues and a seeded right-hand side b."""
    return hhl_circuit(hhl_problem(n, rng))
