"""build_circuit gives exactly cirq.Circuit(ops): the same moments, for any op list."""

import random

import cirq

from qtool.compile.build import build_circuit


def _random_ops(rng, n_qubits=5, n=60, extra=False):
    qs = cirq.LineQubit.range(n_qubits)
    ops = []
    for _ in range(n):
        r = rng.random()
        if r < 0.4:
            a, b = rng.sample(qs, 2)
            ops.append(rng.choice([cirq.CZ, cirq.CNOT, cirq.SWAP])(a, b))
        elif extra and r < 0.5:
            ops.append(cirq.measure(rng.choice(qs), key=f"m{len(ops)}"))
        elif extra and r < 0.55:
            ops.append(cirq.GlobalPhaseGate(1j).on())
        else:
            ops.append(rng.choice([cirq.H, cirq.T, cirq.X ** 0.3])(rng.choice(qs)))
    return ops


def test_same_moments_as_cirq():
    rng = random.Random(5)
    for trial in range(40):
        ops = _random_ops(rng, extra=trial % 2 == 1)
        assert build_circuit(ops) == cirq.Circuit(ops)
    assert build_circuit([]) == cirq.Circuit()
