"""Seeded random circuits: a generic random circuit and IBM's quantum volume model."""

from __future__ import annotations

import math

import cirq
import numpy as np

from qtool.circuits.gateset import cp, p, u3
from qtool.circuits.registry import family

_ONE = ("h", "x", "y", "z", "s", "sdg", "t", "tdg", "rx", "ry", "rz", "p", "u3")
_TWO = ("cx", "cz", "cp", "swap")


def _one_qubit(name: str, q: cirq.Qid, rng: np.random.Generator) -> cirq.Operation:
    fixed = {"h": cirq.H, "x": cirq.X, "y": cirq.Y, "z": cirq.Z, "s": cirq.S, "sdg": cirq.S**-1,
             "t": cirq.T, "tdg": cirq.T**-1}
    if name in fixed:
        return fixed[name](q)
    a = rng.uniform(0, 2 * math.pi, size=3)
    gate = {"rx": cirq.rx(a[0]), "ry": cirq.ry(a[0]), "rz": cirq.rz(a[0]), "p": p(a[0]),
            "u3": u3(*a)}[name]
    return gate(q)


def _two_qubit(name: str, a: cirq.Qid, b: cirq.Qid, rng: np.random.Generator) -> cirq.Operation:
    if name == "cp":
        return cp(rng.uniform(0, 2 * math.pi))(a, b)
    return {"cx": cirq.CNOT, "cz": cirq.CZ, "swap": cirq.SWAP}[name](a, b)


def random_layers(n: int, depth: int, rng: np.random.Generator) -> cirq.Circuit:
    """`depth` layers; each puts a random basic gate on every qubit, then random basic
    two-qubit gates on a random pairing of the qubits."""
    q = cirq.LineQubit.range(n)
    ops: list[cirq.Operation] = []
    for _ in range(depth):
        ops += [_one_qubit(_ONE[rng.integers(len(_ONE))], x, rng) for x in q]
        order = rng.permutation(n)
        for i in range(0, n - 1, 2):
            a, b = q[order[i]], q[order[i + 1]]
            ops.append(_two_qubit(_TWO[rng.integers(len(_TWO))], a, b, rng))
    return cirq.Circuit(ops)


@family("random", "seeded random circuit of basic gates, 2n layers deep", 1, 64, seeded=True)
def random_circuit(n: int, rng: np.random.Generator) -> cirq.Circuit:
    """A seeded random circuit (in the spirit of Qiskit's random_circuit, which MQT Bench
    uses): 2n layers of random single-qubit gates on every qubit and random two-qubit gates
    on random pairs. Deep enough, its output distribution is Porter-Thomas."""
    return random_layers(n, 2 * n, rng)


def haar_unitary(dim: int, rng: np.random.Generator) -> np.ndarray:
    """A Haar-random dim x dim unitary (Mezzadri's QR method with the phase fix)."""
    z = (rng.standard_normal((dim, dim)) + 1j * rng.standard_normal((dim, dim))) / math.sqrt(2)
    qm, r = np.linalg.qr(z)
    d = np.diagonal(r)
    return qm * (d / np.abs(d))


@family("qv", "quantum volume model circuit: n layers of Haar-random SU(4) on random pairs",
        2, 48, seeded=True)
def quantum_volume(n: int, rng: np.random.Generator) -> cirq.Circuit:
    """Quantum volume (Cross et al., PRA 100, 032328, 2019): depth n; each layer permutes
    the qubits at random and applies a Haar-random two-qubit unitary to each pair. Its
    heavy outputs (above the median probability) carry about 85% of the probability."""
    q = cirq.LineQubit.range(n)
    ops: list[cirq.Operation] = []
    for _ in range(n):
        order = rng.permutation(n)
        for i in range(0, n - 1, 2):
            u = haar_unitary(4, rng)
            ops.append(cirq.MatrixGate(u, name="su4").on(q[order[i]], q[order[i + 1]]))
    return cirq.Circuit(ops)
