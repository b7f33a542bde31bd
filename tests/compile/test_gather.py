"""gather: two-qubit gates moved into their pair's block through commuting gates. Exact
(unitary equality on 100 random circuits) and doing what it is for (a block split by a
commuting CZ is made whole, so consolidation lowers the CZ count)."""

from __future__ import annotations

import random

import cirq
import pytest

from qtool.compile.ops import count_2q
from qtool.compile.passes.consolidate import consolidate_ops, cz_synth
from qtool.compile.passes.gather import gather_ops, gather_two_qubit_blocks

from .helpers import same_unitary

GATES_1Q = [cirq.T, cirq.S**-1, cirq.Z, cirq.X, cirq.H, cirq.rz(0.3), cirq.rx(0.2),
            cirq.Z**0.13, cirq.PhasedXZGate(x_exponent=0.3, z_exponent=0.25,
                                            axis_phase_exponent=0.1)]


def random_ops(seed: int):
    rng = random.Random(seed)
    n = rng.randint(2, 5)
    q = cirq.LineQubit.range(n)
    ops = []
    for _ in range(rng.randint(5, 60)):
        r = rng.random()
        if r < 0.35:
            ops.append(cirq.CZ(*rng.sample(q, 2)))
        elif r < 0.45:
            ops.append(cirq.CNOT(*rng.sample(q, 2)))
        elif r < 0.48:
            ops.append(cirq.CZ(*rng.sample(q, 2)) ** 0.3)
        elif r < 0.50:
            ops.append(cirq.ISWAP(*rng.sample(q, 2)))
        else:
            ops.append(rng.choice(GATES_1Q)(rng.choice(q)))
    return q, ops


@pytest.mark.parametrize("seed", range(100))
def test_gather_keeps_the_unitary(seed):
    q, ops = random_ops(seed)
    out = gather_ops(ops)
    assert sorted(map(repr, out)) == sorted(map(repr, ops))  # a reordering, nothing else
    assert same_unitary(q, ops, out)


def test_a_commuting_cz_no_longer_splits_a_block():
    a, b, c = cirq.LineQubit.range(3)
    ops = [cirq.CZ(a, b), cirq.rx(0.4)(b), cirq.CZ(a, b), cirq.rx(0.7)(a),
           cirq.CZ(b, c), cirq.CZ(a, b), cirq.rx(0.2)(b), cirq.CZ(a, b)]
    plain = consolidate_ops(ops, synth=cz_synth, is_native=lambda op: op.gate == cirq.CZ)
    gathered = consolidate_ops(gather_ops(ops), synth=cz_synth,
                               is_native=lambda op: op.gate == cirq.CZ)
    assert count_2q(gathered) <= 4 < count_2q(plain)
    assert same_unitary([a, b, c], ops, gathered)


def test_nothing_crosses_a_measurement():
    a, b, c = cirq.LineQubit.range(3)
    ops = [cirq.CZ(a, b), cirq.H(b), cirq.measure(c), cirq.CZ(b, c), cirq.CZ(a, b)]
    out = gather_ops(ops)
    assert out.index(cirq.CZ(b, c)) > out.index(cirq.measure(c))


def test_transformer_form():
    a, b, c = cirq.LineQubit.range(3)
    circuit = cirq.Circuit([cirq.CZ(a, b), cirq.H(b), cirq.CZ(b, c), cirq.CZ(a, b)])
    out = gather_two_qubit_blocks(circuit)
    assert cirq.allclose_up_to_global_phase(circuit.unitary(), out.unitary(qubit_order=[a, b, c]))


def test_the_schedule_keeps_the_cheaper_of_gathered_and_plain():
    from qtool.compile import targets
    from qtool.compile.schedule import PassContext, _consolidate, _gather_consolidate

    ctx = PassContext(target=targets.get_target("ibm"), level=3)
    a, b, c = cirq.LineQubit.range(3)
    ops = [cirq.CZ(a, b), cirq.rx(0.4)(b), cirq.CZ(a, b), cirq.rx(0.7)(a),
           cirq.CZ(b, c), cirq.CZ(a, b), cirq.rx(0.2)(b), cirq.CZ(a, b)]
    for seed in range(20):
        q, rnd = random_ops(seed)
        rnd = [op for op in rnd if op.gate == cirq.CZ or len(op.qubits) == 1]
        for case in (ops, rnd):
            best = _gather_consolidate(case, ctx)
            assert count_2q(best) <= count_2q(_consolidate(case, ctx))
    assert count_2q(_gather_consolidate(ops, ctx)) < count_2q(_consolidate(ops, ctx))
