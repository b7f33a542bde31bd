"""Each pass on hand-made cases, checked against cirq's unitaries."""

import cirq
import numpy as np
import pytest

from qtool.compile.ops import count_2q
from qtool.compile.passes.cancel import cancel_ops, cancel_self_inverse_pairs
from qtool.compile.passes.consolidate import (block_unitary, collect_blocks,
                                              consolidate_ops, consolidate_two_qubit_blocks,
                                              cz_synth)
from qtool.compile.passes.decompose import decompose_multi_qubit, decompose_ops
from qtool.compile.passes.drop import drop_negligible, drop_negligible_ops
from qtool.compile.passes.merge_1q import merge_1q_ops, merge_single_qubit_runs, phxz_emit

a, b, c, d = cirq.LineQubit.range(4)


def same(c1, c2, qubits=None):
    qubits = qubits or sorted(set(cirq.Circuit(c1).all_qubits()) | set(cirq.Circuit(c2).all_qubits()))
    u1 = cirq.Circuit(c1).unitary(qubit_order=qubits)
    u2 = cirq.Circuit(c2).unitary(qubit_order=qubits)
    return cirq.allclose_up_to_global_phase(u1, u2, atol=1e-7)


# ------------------------------------------------------------------ decompose
@pytest.mark.parametrize("gate,n2", [(cirq.CCX, 6), (cirq.CCZ, 6), (cirq.CSWAP, 8)])
def test_decompose_three_qubit_gates(gate, n2):
    ops = decompose_ops([gate(a, b, c)])
    assert all(len(op.qubits) <= 2 for op in ops)
    assert count_2q(ops) == n2
    assert same([gate(a, b, c)], ops, [a, b, c])


def test_decompose_falls_back_to_cirq_and_keeps_measurements():
    op = cirq.X(d).controlled_by(a, b, c)
    ops = decompose_ops([op, cirq.measure(a, b, c, key="m")])
    assert all(len(o.qubits) <= 2 for o in ops[:-1]) and cirq.is_measurement(ops[-1])
    assert same([op], ops[:-1], [a, b, c, d])


def test_decompose_transformer_form():
    circuit = cirq.Circuit(cirq.CCX(a, b, c))
    assert count_2q(decompose_multi_qubit(circuit).all_operations()) == 6


# ------------------------------------------------------------------ cancel
def test_cancel_adjacent_pair():
    assert cancel_ops([cirq.CNOT(a, b), cirq.CNOT(a, b)], commute=False) == []
    assert cancel_ops([cirq.CZ(a, b), cirq.CZ(b, a)], commute=False) == []


def test_cancel_through_commuting_gates():
    ops = [cirq.CNOT(a, b), cirq.rz(0.3)(a), cirq.CNOT(a, c), cirq.X(b), cirq.CNOT(a, b)]
    out = cancel_ops(ops)
    assert count_2q(out) == 1 and same(ops, out, [a, b, c])
    # Without commutation only adjacent pairs go.
    assert cancel_ops(ops, commute=False) == ops


def test_no_cancel_across_non_commuting_gate():
    for middle in (cirq.H(a), cirq.rz(0.3)(b), cirq.CNOT(b, a), cirq.measure(a, key="m")):
        ops = [cirq.CNOT(a, b), middle, cirq.CNOT(a, b)]
        assert len(cancel_ops(ops)) == 3


def test_cancel_transformer_form():
    c1 = cirq.Circuit([cirq.H(a), cirq.H(a), cirq.CZ(a, b), cirq.Z(a), cirq.CZ(a, b)])
    assert len(list(cancel_self_inverse_pairs(c1).all_operations())) == 1


# ------------------------------------------------------------------ consolidate
def test_blocks_group_runs_on_one_pair():
    ops = [cirq.H(a), cirq.CNOT(a, b), cirq.T(b), cirq.CNOT(b, a), cirq.CNOT(b, c), cirq.X(a)]
    items = collect_blocks(ops)
    blocks = [i for i in items if not isinstance(i, cirq.Operation)]
    assert [len(blk.ops) for blk in blocks] == [3, 1]  # leading H stays outside
    assert np.allclose(block_unitary((a, b), blocks[0].ops),
                       cirq.Circuit(blocks[0].ops).unitary(qubit_order=[a, b]))


def test_consolidate_removes_redundant_cnots():
    ops = [cirq.CNOT(a, b), cirq.rz(0.4)(a), cirq.CNOT(a, b)]
    out = consolidate_ops(ops, synth=cz_synth, is_native=lambda op: op.gate == cirq.CZ)
    assert count_2q(out) == 0 and same(ops, out, [a, b])


def test_consolidate_reaches_three_for_a_long_block():
    rs = np.random.RandomState(3)
    ops = []
    for _ in range(6):
        for q in (a, b):
            ops.append(cirq.PhasedXZGate(x_exponent=rs.rand(), z_exponent=rs.rand(),
                                         axis_phase_exponent=rs.rand())(q))
        ops.append(cirq.CZ(a, b))
    out = consolidate_ops(ops, synth=cz_synth, is_native=lambda op: op.gate == cirq.CZ)
    assert count_2q(out) == 3 and same(ops, out, [a, b])


def test_consolidate_keeps_optimal_blocks_and_translates_foreign_ones():
    ops = [cirq.H(a), cirq.CZ(a, b)]
    assert consolidate_ops(ops, synth=cz_synth, is_native=lambda op: op.gate == cirq.CZ) == ops
    foreign = [cirq.ISWAP(a, b)]
    out = consolidate_ops(foreign, synth=cz_synth, is_native=lambda op: op.gate == cirq.CZ)
    assert all(op.gate == cirq.CZ for op in out if len(op.qubits) == 2)
    assert count_2q(out) == 2 and same(foreign, out, [a, b])


def test_consolidate_transformer_form():
    circuit = cirq.Circuit([cirq.CZ(a, b), cirq.CZ(a, b)])
    assert count_2q(consolidate_two_qubit_blocks(circuit).all_operations()) == 0


# ------------------------------------------------------------------ merge 1q, drop
def test_merge_single_qubit_runs():
    ops = [cirq.H(a), cirq.T(a), cirq.S(a), cirq.CZ(a, b), cirq.X(b), cirq.X(b), cirq.Y(a)]
    out = merge_1q_ops(ops, emit=phxz_emit)
    assert [len(op.qubits) for op in out] == [1, 2, 1]  # the X X run vanished
    assert same(ops, out, [a, b])


def test_merge_keep_and_no_merge():
    ops = [cirq.H(a), cirq.CZ(a, b), cirq.H(a), cirq.T(a)]
    kept = merge_1q_ops(ops, emit=phxz_emit, keep=lambda op: op.gate == cirq.H)
    assert kept[0] == cirq.H(a) and len(kept) == 3
    each = merge_1q_ops(ops, emit=phxz_emit, merge=False)
    assert len(each) == 4 and same(ops, each, [a, b])


def test_merge_transformer_form():
    circuit = cirq.Circuit([cirq.H(a), cirq.H(a)])
    assert len(list(merge_single_qubit_runs(circuit).all_operations())) == 0


def test_drop_negligible():
    ops = [cirq.rz(1e-13)(a), cirq.I(b), cirq.X(a), cirq.CZPowGate(exponent=1e-12)(a, b)]
    assert drop_negligible_ops(ops) == [cirq.X(a)]
    assert len(list(drop_negligible(cirq.Circuit(ops)).all_operations())) == 1


# ------------------------------------------------------------------ eject Z
def test_eject_z_moves_phases_through_cz_into_next_gate():
    from qtool.compile.passes.eject_z import eject_z, eject_z_ops

    ops = [cirq.T(a), cirq.CZ(a, b), cirq.S(a), cirq.CNOT(a, c), cirq.H(a), cirq.Z(b)]
    out = eject_z_ops(ops, emit=phxz_emit)
    # T and S pass the CZ and the CNOT control and fold into H; Z(b) stays at the end.
    assert [len(op.qubits) for op in out] == [2, 2, 1, 1]
    assert same(ops, out, [a, b, c])
    stopped = [cirq.T(a), cirq.CNOT(b, a), cirq.H(a)]  # a is the CNOT target: not diagonal
    out = eject_z_ops(stopped, emit=phxz_emit)
    assert len(out) == 3 and same(stopped, out, [a, b])
    fenced = [cirq.T(a), cirq.measure(a, key="m"), cirq.H(a)]
    assert eject_z_ops(fenced, emit=phxz_emit)[1] == fenced[1]
    assert len(list(eject_z(cirq.Circuit([cirq.Z(a), cirq.Z(a)])).all_operations())) == 0
