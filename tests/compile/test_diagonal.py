"""Diagonal-as-a-whole blocks resynthesised from their phase polynomial: exact (unitary
equality), never more two-qubit gates, and shorter on multi-controlled phases written
with gates that are not diagonal one by one."""

from __future__ import annotations

import math
import random

import cirq
import numpy as np
import pytest

from qtool.compile import compile_circuit
from qtool.compile.passes.decompose import decompose_ops
from qtool.compile.passes.diagonal import (_phases_of, diagonal_blocks, diagonal_ops,
                                           diagonal_terms, gray_code_synth, two_qubit_cost)

from .helpers import same_unitary


def _ccc_z(q):
    """C^3Z as cirq decomposes it: 24 two-qubit gates, diagonal only as a whole."""
    return decompose_ops([cirq.Z.controlled(3).on(*q)])


def test_multi_controlled_z_gets_the_gray_code_count():
    q = cirq.LineQubit.range(4)
    ops = _ccc_z(q)
    assert two_qubit_cost(ops) == 24
    new = diagonal_ops(ops)
    assert same_unitary(q, ops, new)
    assert two_qubit_cost(new) == 14  # 2^4 - 2


def test_a_mixing_gate_after_a_qubit_leaves_the_block_stays_out():
    # H on q0 once q0 is done with, while the rest of the ladder goes on (MQT's grover
    # writes its C^5Z so): the block is found without the H, which stays after it.
    q = cirq.LineQubit.range(4)
    ops = _ccc_z(q)
    last0 = max(k for k, op in enumerate(ops) if q[0] in op.qubits)
    ops = ops[:last0 + 1] + [cirq.H(q[0])] + ops[last0 + 1:]
    new = diagonal_ops(ops)
    assert same_unitary(q, ops, new)
    assert two_qubit_cost(new) == 14


def _random(seed):
    rng = random.Random(seed)
    n = rng.randint(3, 6)
    q = cirq.LineQubit.range(n)
    ops = []
    for _ in range(rng.randint(4, 12)):
        r = rng.random()
        if r < 0.25:
            ops += _ccc_z(rng.sample(q, 4)) if n >= 4 else [cirq.CCZ(*rng.sample(q, 3))]
        elif r < 0.45:
            ops.append(cirq.CNOT(*rng.sample(q, 2)))
        elif r < 0.6:
            ops.append(cirq.ControlledGate(cirq.rx(rng.uniform(-3, 3))).on(*rng.sample(q, 2)))
        elif r < 0.8:
            ops.append(rng.choice([cirq.T, cirq.H, cirq.rx(0.3), cirq.Z**0.1])(rng.choice(q)))
        else:
            ops.append(cirq.CZ(*rng.sample(q, 2)) ** rng.choice([1, 0.5, -0.25]))
    return q, decompose_ops(ops)


@pytest.mark.parametrize("seed", range(40))
def test_unitary_kept_and_never_more_two_qubit_gates(seed):
    q, ops = _random(seed)
    new = diagonal_ops(ops)
    assert same_unitary(q, ops, new)
    assert two_qubit_cost(new) <= two_qubit_cost(ops)


def test_saves_on_random_circuits_overall():
    before = after = 0
    for seed in range(40):
        _, ops = _random(seed)
        before += two_qubit_cost(ops)
        after += two_qubit_cost(diagonal_ops(ops))
    assert after < 0.9 * before


def test_terms_rebuild_any_diagonal():
    rng = np.random.default_rng(1)
    for k in range(1, 6):
        phases = rng.uniform(-math.pi, math.pi, 1 << k)
        phases -= phases[0]
        terms = diagonal_terms(phases, k)
        for prog in (gray_code_synth(terms, k),):
            q = cirq.LineQubit.range(k)
            ops = [cirq.CNOT(q[s[1]], q[s[2]]) if s[0] == "cx"
                   else cirq.ZPowGate(exponent=s[2] / math.pi).on(q[s[1]]) for s in prog]
            got = _phases_of(ops, {x: j for j, x in enumerate(q)}, k)
            assert np.allclose(np.exp(1j * got), np.exp(1j * phases))
            assert sum(1 for s in prog if s[0] == "cx") == (1 << k) - 2


def test_sparse_terms_use_only_their_bits():
    # One parity on qubits {0, 2} (mask 0b101) among 4 qubits: 2 CNOTs, not 14.
    prog = gray_code_synth({0b101: 0.3}, 4)
    assert [s for s in prog if s[0] == "cx"] == [("cx", 0, 2), ("cx", 0, 2)]


def test_unchanged_input_comes_back_as_it_was_and_fences_hold():
    a, b, c, d = q = cirq.LineQubit.range(4)
    plain = [cirq.CNOT(a, b), cirq.H(a), cirq.T(c), cirq.CNOT(b, c)]
    assert diagonal_ops(plain) is not None and diagonal_ops(plain) == plain
    ladder = _ccc_z(q)
    fenced = ladder[:10] + [cirq.measure(a, key="m")] + ladder[10:]
    new = diagonal_ops(fenced)
    cut = new.index(fenced[10])  # each side rewritten on its own, nothing across it
    assert same_unitary(q, ladder[:10], new[:cut])
    assert same_unitary(q, ladder[10:], new[cut + 1:])
    keep = cirq.CNOT(a, b).with_tags("keep")
    circ = cirq.Circuit([*ladder[:10], keep, *ladder[10:]])
    out = diagonal_blocks(circ, context=cirq.TransformerContext(tags_to_ignore=("keep",)))
    assert keep in list(out.all_operations())


def test_pipeline_output_exact_and_cheaper_at_o3():
    q = cirq.LineQubit.range(4)
    circ = cirq.Circuit(_ccc_z(q))
    o2 = compile_circuit(circ, target="cz", level=2, verify=True)
    o3 = compile_circuit(circ, target="cz", level=3, verify=True)
    assert o3.verdict.method == "unitary" and o3.verdict.ok
    assert o3.after.two_qubit <= 14 < o2.after.two_qubit


def test_cost_counts_non_unitary_two_qubit_ops_as_one():
    # worth_trying costs whole circuits: a two-qubit measurement or a classically
    # controlled CNOT has no matrix and must not stop the compile (QASMBench cc_n12).
    a, b = cirq.LineQubit.range(2)
    ops = [cirq.measure(a, b, key="m"),
           cirq.CNOT(a, b).with_classical_controls("m"),
           cirq.ControlledGate(cirq.rx(0.3)).on(a, b)]
    assert two_qubit_cost(ops) == 1 + 1 + 2


@pytest.mark.parametrize("eps", [3e-5, 1e-6])
def test_a_nearly_diagonal_block_is_not_taken_for_diagonal(eps):
    # A tiny rx inside a C^3Z ladder: every diagonal entry has modulus > 1 - 1e-9, yet
    # ~eps/2 sits off the diagonal; treating the block as diagonal would drop the rx.
    q = cirq.LineQubit.range(4)
    ladder = _ccc_z(q)
    ops = ladder[:8] + [cirq.rx(eps)(q[1])] + ladder[8:]
    new = diagonal_ops(ops)
    assert same_unitary(q, ops, new)
    u_in = cirq.Circuit(ops).unitary(qubit_order=q)
    u_out = cirq.Circuit(new).unitary(qubit_order=q)
    assert cirq.allclose_up_to_global_phase(u_in, u_out, atol=1e-10)
