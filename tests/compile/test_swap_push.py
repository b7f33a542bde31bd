"""SWAP pushing: exact (unitary equality on random circuits, same wires), and doing what it
is for (a SWAP that meets a gate on its pair later costs two CX fewer once compiled)."""

from __future__ import annotations

import random

import cirq
import pytest

from qtool.compile import compile_circuit
from qtool.compile.passes.swap_push import expose_swaps, push_swaps, swap_push_ops

from .helpers import same_unitary


def random_ops(seed: int):
    rng = random.Random(seed)
    n = rng.randint(2, 5)
    q = cirq.LineQubit.range(n)
    ops = []
    for _ in range(rng.randint(5, 50)):
        r = rng.random()
        if r < 0.25:
            ops.append(cirq.SWAP(*rng.sample(q, 2)))
        elif r < 0.5:
            ops.append(cirq.CNOT(*rng.sample(q, 2)))
        elif r < 0.6:
            ops.append(cirq.CZ(*rng.sample(q, 2)) ** rng.choice([0.25, 0.5, 1]))
        elif r < 0.65 and n >= 3:
            ops.append(cirq.CCX(*rng.sample(q, 3)))
        else:
            ops.append(rng.choice([cirq.H, cirq.T, cirq.rx(0.3), cirq.Y])(rng.choice(q)))
    return q, ops


@pytest.mark.parametrize("seed", range(40))
def test_swap_push_keeps_the_unitary_on_the_same_wires(seed):
    q, ops = random_ops(seed)
    out = swap_push_ops(ops)
    assert same_unitary(q, ops, out)
    assert sum(op.gate == cirq.SWAP for op in out) <= sum(op.gate == cirq.SWAP for op in ops)


def _qft_dg_like():
    """An inverse QFT's opening SWAP on (0, 2), which meets its pair only as cp(2, 0)."""
    q = cirq.LineQubit.range(3)
    return q, [cirq.SWAP(q[0], q[2]), cirq.H(q[0]), cirq.CZ(q[1], q[0]) ** -0.5, cirq.H(q[1]),
               cirq.CZ(q[2], q[0]) ** -0.25, cirq.CZ(q[2], q[1]) ** -0.5, cirq.H(q[2])]


def test_a_swap_moves_next_to_the_gate_on_its_pair():
    q, ops = _qft_dg_like()
    out = swap_push_ops(ops)
    assert same_unitary(q, ops, out)
    k = next(i for i, op in enumerate(out) if op.gate == cirq.SWAP)
    assert set(out[k + 1].qubits) == {q[0], q[2]} and len(out[k + 1].qubits) == 2
    # What it passed is on the exchanged qubits: H(0) became H(2).
    assert cirq.H(q[2]) in out[:k]


def test_the_compiled_swap_shares_its_block_and_no_qubit_is_relabelled():
    q, ops = _qft_dg_like()
    c = cirq.Circuit(ops)
    # Before: SWAP 3 + three controlled phases 2 each = 9. The SWAP merges with cp(2, 0).
    r = compile_circuit(c, target="ibm", level=3, verify=True)
    assert r.after.two_qubit == 7
    assert r.relabel is None and r.verdict.method == "unitary"
    assert cirq.allclose_up_to_global_phase(r.circuit.unitary(qubit_order=q),
                                            c.unitary(qubit_order=q), atol=1e-7)


def test_two_swaps_on_one_pair_cancel_across_the_gates_between():
    a, b, c = cirq.LineQubit.range(3)
    ops = [cirq.SWAP(a, b), cirq.CNOT(a, c), cirq.T(b), cirq.SWAP(b, a)]
    out = swap_push_ops(ops)
    assert out == [cirq.CNOT(b, c), cirq.T(a)]


def test_a_measurement_or_an_ignored_gate_stops_the_swap():
    a, b, c = cirq.LineQubit.range(3)
    measured = [cirq.SWAP(a, b), cirq.measure(a, key="m"), cirq.CNOT(a, c), cirq.CNOT(a, b)]
    assert swap_push_ops(measured) == measured
    circuit = cirq.Circuit([cirq.SWAP(a, b), cirq.H(a).with_tags("keep"), cirq.CNOT(a, b)])
    out = push_swaps(circuit, context=cirq.TransformerContext(tags_to_ignore=("keep",)))
    assert list(out.all_operations()) == list(circuit.all_operations())


def test_a_swap_next_to_its_partner_stays_and_no_swap_means_the_same_list():
    a, b, c = cirq.LineQubit.range(3)
    placed = [cirq.CNOT(a, b), cirq.SWAP(a, b), cirq.H(a), cirq.CZ(a, b)]
    assert swap_push_ops(placed) == placed
    plain = [cirq.CNOT(a, b), cirq.H(c)]
    assert swap_push_ops(plain) == plain


def test_consecutive_swaps_each_find_their_gate():
    """A 4-qubit inverse QFT opens with SWAP(1, 2), SWAP(0, 3): both move (the second
    used to be skipped when the first moved past it), 2 SWAPs + 6 cp = 18 CX -> 14."""
    q = cirq.LineQubit.range(4)
    ops = [cirq.SWAP(q[1], q[2]), cirq.SWAP(q[0], q[3])]
    for t in range(4):
        ops.append(cirq.H(q[t]))
        ops += [cirq.CZ(q[c], q[t]) ** -(0.5 ** (c - t)) for c in range(t + 1, 4)]
    out = swap_push_ops(ops)
    assert same_unitary(q, ops, out)
    r = compile_circuit(cirq.Circuit(ops), target="ibm", level=3, verify=True)
    assert r.after.two_qubit == 14 and r.relabel is None


def test_a_swap_written_as_three_cnots_is_exposed_and_moves():
    a, b, c = cirq.LineQubit.range(3)
    three = [cirq.CNOT(a, b), cirq.CNOT(b, a), cirq.CNOT(a, b)]
    assert expose_swaps(three) == [cirq.SWAP(a, b)]
    # SWAP up to single-qubit gates: the locals come first, then the SWAP.
    dressed = [cirq.T(a), cirq.H(a), cirq.CZ(a, b), cirq.H(a), cirq.H(b), cirq.CZ(a, b),
               cirq.H(b), cirq.H(a), cirq.CZ(a, b), cirq.H(a), cirq.S(b)]
    out = expose_swaps(dressed)
    assert out[-1] == cirq.SWAP(a, b) and all(len(op.qubits) == 1 for op in out[:-1])
    assert same_unitary([a, b], dressed, out)
    # Not a SWAP: left as it is (the same list).
    other = [cirq.CNOT(a, b), cirq.CNOT(b, a), cirq.CZ(a, b) ** 0.5]
    assert expose_swaps(other) is other
    ops = three + [cirq.H(a), cirq.CNOT(a, c), cirq.CNOT(b, a) ** 0.5]
    r = compile_circuit(cirq.Circuit(ops), target="ibm", level=3, verify=True)
    # 3 (SWAP) + 1 + 2 (a controlled sqrt-X) = 6 before; the SWAP joins the last block.
    assert r.after.two_qubit <= 4 and r.relabel is None and r.verdict.ok
