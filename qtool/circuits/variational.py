"""Variational circuits: QAOA for MaxCut, the N-local ansatz families, and a QNN.

The ansatz families follow Qiskit's circuit library (RealAmplitudes, EfficientSU2, TwoLocal,
ZZFeatureMap) gate for gate and parameter for parameter, with seeded random parameters,
as MQT Bench's realamprandom / su2random / twolocalrandom / qnn do.
"""

from __future__ import annotations

import math
from typing import Sequence

import cirq
import numpy as np

from qtool.circuits.entangled import random_graph
from qtool.circuits.gateset import p as phase
from qtool.circuits.registry import family

REPS = 3
QAOA_LAYERS = 2


def entangler_pairs(n: int, entanglement: str) -> list[tuple[int, int]]:
    """(control, target) pairs in Qiskit's order for "full", "linear", "reverse_linear"."""
    if entanglement == "full":
        return [(i, j) for i in range(n) for j in range(i + 1, n)]
    if entanglement == "linear":
        return [(i, i + 1) for i in range(n - 1)]
    if entanglement == "reverse_linear":
        return [(i, i + 1) for i in reversed(range(n - 1))]
    raise ValueError(f"unknown entanglement {entanglement!r}")


def n_local(n: int, rotations: Sequence[str], entangler: str, entanglement: str, reps: int,
            params: np.ndarray) -> cirq.Circuit:
    """Qiskit's NLocal layout: (rotation layer, entangling layer) x reps, rotation layer.

    A rotation layer applies each gate of `rotations` ("ry", "rz") to every qubit, taking
    the next n parameters per gate; `params` holds them in that order.
    """
    q = cirq.LineQubit.range(n)
    make = {"ry": cirq.ry, "rz": cirq.rz, "rx": cirq.rx}
    two = {"cx": cirq.CNOT, "cz": cirq.CZ}[entangler]
    it = iter(params)
    ops: list[cirq.Operation] = []
    for layer in range(reps + 1):
        for name in rotations:
            ops += [make[name](float(next(it)))(x) for x in q]
        if layer < reps:
            ops += [two(q[a], q[b]) for a, b in entangler_pairs(n, entanglement)]
    return cirq.Circuit(ops)


def n_local_size(n: int, rotations: Sequence[str], reps: int = REPS) -> int:
    return n * len(rotations) * (reps + 1)


def _angles(size: int, rng: np.random.Generator) -> np.ndarray:
    return rng.uniform(0, 2 * math.pi, size=size)


@family("realamprandom", "RealAmplitudes ansatz (ry + cx, reverse-linear, 3 reps), random "
        "angles", 1, 128, seeded=True)
def realamprandom(n: int, rng: np.random.Generator) -> cirq.Circuit:
    """RealAmplitudes variational ansatz (Qiskit): ry layers and CNOT chains, so every
    amplitude stays real; angles drawn uniformly from [0, 2 pi)."""
    return n_local(n, ["ry"], "cx", "reverse_linear", REPS, _angles(n_local_size(n, ["ry"]), rng))


@family("su2random", "EfficientSU2 ansatz (ry rz + cx, reverse-linear, 3 reps), random angles",
        1, 128, seeded=True)
def su2random(n: int, rng: np.random.Generator) -> cirq.Circuit:
    """EfficientSU2 hardware-efficient ansatz (Qiskit): ry and rz layers between CNOT
    chains; angles drawn uniformly from [0, 2 pi)."""
    rot = ["ry", "rz"]
    return n_local(n, rot, "cx", "reverse_linear", REPS, _angles(n_local_size(n, rot), rng))


@family("twolocalrandom", "TwoLocal ansatz (ry + full cz, 3 reps), random angles", 2, 64,
        seeded=True)
def twolocalrandom(n: int, rng: np.random.Generator) -> cirq.Circuit:
    """TwoLocal ansatz (Qiskit) with ry rotations and all-to-all CZ entanglers, as MQT
    Bench's twolocalrandom; angles drawn uniformly from [0, 2 pi)."""
    return n_local(n, ["ry"], "cz", "full", REPS, _angles(n_local_size(n, ["ry"]), rng))


def zz_feature_map(x: np.ndarray, reps: int = 2) -> cirq.Circuit:
    """Qiskit's ZZFeatureMap (full entanglement): (H, p(2 x_i), and for i < j
    cx p(2 (pi - x_i)(pi - x_j)) cx) repeated `reps` times."""
    n = len(x)
    q = cirq.LineQubit.range(n)
    ops: list[cirq.Operation] = []
    for _ in range(reps):
        ops += [cirq.H(v) for v in q]
        ops += [phase(2 * float(x[i]))(q[i]) for i in range(n)]
        for i, j in entangler_pairs(n, "full"):
            angle = 2 * (math.pi - float(x[i])) * (math.pi - float(x[j]))
            ops += [cirq.CNOT(q[i], q[j]), phase(angle)(q[j]), cirq.CNOT(q[i], q[j])]
    return cirq.Circuit(ops)


@family("qnn", "quantum neural network: ZZFeatureMap of random data + RealAmplitudes", 2, 64,
        seeded=True)
def qnn(n: int, rng: np.random.Generator) -> cirq.Circuit:
    """Quantum neural network classifier circuit (Havlicek et al., Nature 567, 209, 2019):
    a ZZ feature map encoding a seeded data point, then a trainable RealAmplitudes layer
    with seeded weights (reps 1)."""
    x = rng.uniform(0, 2 * math.pi, size=n)
    weights = _angles(n_local_size(n, ["ry"], reps=1), rng)
    return zz_feature_map(x) + n_local(n, ["ry"], "cx", "reverse_linear", 1, weights)


def maxcut_angles(layers: int) -> tuple[list[float], list[float]]:
    """A linear-ramp schedule (Sack & Serbyn, Quantum 5, 491, 2021: "TQA" initialisation,
    time step 0.75): gammas rise and betas fall, which already beats random cuts."""
    dt = 0.75
    gammas = [(k + 0.5) / layers * dt for k in range(layers)]
    betas = [(1 - (k + 0.5) / layers) * dt for k in range(layers)]
    return gammas, betas


def qaoa_maxcut(n: int, edges: list[tuple[int, int]], gammas: Sequence[float],
                betas: Sequence[float]) -> cirq.Circuit:
    """QAOA state prod_k e^{-i beta_k B} e^{-i gamma_k C} |+>^n for the cut
    C = sum_{(a,b)} (1 - Z_a Z_b)/2 and mixer B = sum_i X_i."""
    q = cirq.LineQubit.range(n)
    ops: list[cirq.Operation] = [cirq.H.on_each(*q)]
    for gamma, beta in zip(gammas, betas):
        # e^{-i gamma C} = e^{i gamma/2 ZZ} per edge (up to phase) = ZZ**(-gamma/pi).
        ops += [cirq.ZZPowGate(exponent=-gamma / math.pi).on(q[a], q[b]) for a, b in edges]
        ops += [cirq.rx(2 * beta)(x) for x in q]
    return cirq.Circuit(ops)


@family("qaoa", "QAOA for MaxCut on a seeded random 3-regular-ish graph, 2 layers", 2, 128,
        seeded=True)
def qaoa(n: int, rng: np.random.Generator) -> cirq.Circuit:
    """Quantum approximate optimisation algorithm (Farhi, Goldstone, Gutmann 2014) for
    MaxCut of a seeded random connected graph of average degree about 3, with p = 2 layers
    on a linear-ramp schedule."""
    edges = random_graph(n, rng, degree=3)
    gammas, betas = maxcut_angles(QAOA_LAYERS)
    return qaoa_maxcut(n, edges, gammas, betas)
