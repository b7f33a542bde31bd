"""qtool.compile.ir: the records the hot passes read instead of cirq, checked against cirq
itself (qubits, unitary flag, matrix, diagonal labels), and the passes' outputs the same
with and without a session (the records change how facts are read, never the result)."""

from __future__ import annotations

import random

import cirq
import numpy as np
import pytest

from qtool import qasm
from qtool.compile import compile_circuit, ir, ops as O
from qtool.compile.passes.cancel import cancel_ops
from qtool.compile.passes.consolidate import consolidate_ops, cz_synth
from qtool.compile.passes.eject_z import eject_z_ops
from qtool.compile.passes.gather import gather_ops
from qtool.compile.passes.merge_1q import merge_1q_ops, phxz_emit
from qtool.compile.targets import rebase_to_cz

ONE = [cirq.H, cirq.S, cirq.T, cirq.X, cirq.Z**0.3, cirq.rx(0.4), cirq.T**-1,
       cirq.PhasedXZGate(x_exponent=0.5, z_exponent=0.25, axis_phase_exponent=-0.5)]
TWO = [cirq.CNOT, cirq.CZ, cirq.SWAP, cirq.ISWAP**0.5, cirq.CZ**0.5]


def random_ops(seed: int, n: int = 4, gates: int = 60) -> list:
    rng = random.Random(seed)
    qs = cirq.LineQubit.range(n)
    out = []
    for _ in range(gates):
        r = rng.random()
        if r < 0.35:
            a, b = rng.sample(qs, 2)
            out.append(rng.choice(TWO)(a, b))
        elif r < 0.4:
            out.append(cirq.measure(rng.choice(qs), key=f"m{len(out)}"))
        else:
            out.append(rng.choice(ONE)(rng.choice(qs)))
    return out


@pytest.mark.parametrize("seed", range(4))
def test_records_hold_what_cirq_says(seed):
    ops = random_ops(seed)
    for op, r in zip(ops, ir.records(ops)):
        assert r.op is op and r.gate is op.gate
        assert r.q == tuple(ir.qubit_index(q) for q in op.qubits)
        assert r.unitary == O.is_unitary_op(op) == cirq.has_unitary(op)
        assert r.labels == O.diagonal_labels(op)
        if r.unitary:
            np.testing.assert_allclose(r.matrix, cirq.unitary(op.gate), atol=1e-12)


def test_qubit_ints_are_one_to_one():
    qs = [*cirq.LineQubit.range(3), cirq.NamedQubit("a"), cirq.GridQubit(0, 0)]
    ints = [ir.qubit_index(q) for q in qs]
    assert len(set(ints)) == len(qs)
    assert ints == [ir.qubit_index(q) for q in qs]


def test_a_session_reads_each_op_once_and_forgets_at_the_end():
    ops = random_ops(7)
    with ir.session():
        first = ir.records(ops)
        assert all(a is b for a, b in zip(first, ir.records(ops)))
        with ir.session():  # nests
            assert ir.records(ops)[0] is first[0]
        assert ir.records(ops)[0] is first[0]
    assert not ir._RECORDS  # nothing kept alive after the compile
    assert ir.records(ops)[0] is not first[0]
    assert not ir._RECORDS  # outside a session: records last one call


def _pipeline_like(ops):
    ops = rebase_to_cz(ops)
    ops = merge_1q_ops(ops, emit=phxz_emit)
    ops = cancel_ops(ops)
    ops = consolidate_ops(gather_ops(ops), synth=cz_synth, is_native=lambda op: op.gate == cirq.CZ)
    ops = merge_1q_ops(ops, emit=phxz_emit)
    return eject_z_ops(ops, emit=phxz_emit)


@pytest.mark.parametrize("seed", range(6))
def test_passes_give_the_same_ops_in_and_out_of_a_session(seed):
    ops = random_ops(seed, gates=80)
    alone = _pipeline_like(ops)
    with ir.session():
        inside = _pipeline_like(ops)
    assert alone == inside
    unitary_part = [op for op in ops if not cirq.is_measurement(op)]
    if len(unitary_part) == len(ops):
        cirq.testing.assert_allclose_up_to_global_phase(
            cirq.Circuit(alone).unitary(qubit_order=cirq.LineQubit.range(4)),
            cirq.Circuit(ops).unitary(qubit_order=cirq.LineQubit.range(4)), atol=1e-7)


@pytest.mark.parametrize("name", ["small/adder_n4/adder_n4.qasm", "small/qft_n4/qft_n4.qasm",
                                  "small/toffoli_n3/toffoli_n3.qasm"])
def test_corpus_compiles_to_a_proven_equal_circuit(corpus, name):
    path = corpus / name
    if not path.exists():
        pytest.skip(f"{name} not in the corpus copy")
    c = qasm.parse(path.read_text())
    for level in (2, 3):
        r = compile_circuit(c, target="cz", level=level, verify=True)
        assert r.verdict.ok and r.verdict.method == "unitary"
    assert not ir._RECORDS


def test_consolidate_memo_returns_what_a_fresh_run_gives():
    """Blocks met again in a session (gathered vs plain, later rounds) reuse their result;
    the reused result is the one a fresh run computes."""
    ops = rebase_to_cz(random_ops(3, gates=120))
    native = lambda op: op.gate == cirq.CZ  # noqa: E731
    fresh = consolidate_ops(ops, synth=cz_synth, is_native=native)
    with ir.session():
        first = consolidate_ops(ops, synth=cz_synth, is_native=native)
        assert ir._MEMOS["consolidate"]  # the blocks were remembered
        again = consolidate_ops(ops, synth=cz_synth, is_native=native)
        other = consolidate_ops(ops, synth=cz_synth, is_native=lambda op: False)
    assert fresh == first == again
    assert other == consolidate_ops(ops, synth=cz_synth, is_native=lambda op: False)
    assert not ir._MEMOS
