"""Routing respects the coupling map, reports consistent mappings, and keeps the unitary."""

import cirq
import pytest

from qtool.compile.devices import grid, heavy_hex, line, parse_device, ring
from qtool.compile.routing.layout import place_and_route
from qtool.compile.routing.sabre import route
from qtool.errors import QtoolError

from .helpers import random_circuit


def _respects(ops, device):
    for op in ops:
        if len(op.qubits) == 2:
            p, r = (q.x for q in op.qubits)
            assert device.coupled(p, r), f"{op} is not on a coupled pair of {device.name}"


def test_sabre_on_a_line_swaps_until_adjacent():
    dev = line(4)
    gates = [(0, 3), (1, 2), (0, 3)]
    res = route(gates, [True] * 3, [0, 1, 2, 3], [dev.neighbours(p) for p in range(4)],
                dev.distances())
    assert res.swaps >= 2
    # Replay: every gate runs on adjacent qubits under the layout at its time.
    l2p = list(res.initial)
    for kind, what in res.order:
        if kind == "swap":
            p, r = what
            assert dev.coupled(p, r)
            vp, vr = l2p.index(p), l2p.index(r)
            l2p[vp], l2p[vr] = r, p
        else:
            a, b = gates[what]
            assert dev.coupled(l2p[a], l2p[b])
    assert l2p == res.final


@pytest.mark.parametrize("device", [line(5), ring(6), grid(2, 3), heavy_hex(3)],
                         ids=lambda d: d.name)
@pytest.mark.parametrize("seed", [1, 2])
def test_place_and_route_random_circuits(device, seed):
    from qtool.compile.passes.decompose import decompose_ops

    circuit = random_circuit(5, 12, seed)
    ops = decompose_ops(circuit.all_operations())
    qubits = sorted(circuit.all_qubits())
    routed = place_and_route(ops, qubits, device, level=2, seed=seed)
    _respects(routed.ops, device)
    assert sorted(routed.initial.values()) == sorted(set(routed.initial.values()))
    assert set(routed.initial) == set(qubits) == set(routed.final)


def test_too_many_qubits_for_device():
    circuit = cirq.Circuit(cirq.CZ(*cirq.LineQubit.range(k, k + 2)) for k in range(0, 6, 2))
    with pytest.raises(QtoolError, match="only 5"):
        place_and_route(list(circuit.all_operations()), sorted(circuit.all_qubits()), line(5))


def test_disconnected_device(tmp_path):
    f = tmp_path / "two.json"
    f.write_text('{"qubits": 6, "coupling": [[0, 1], [1, 2], [3, 4], [4, 5]]}')
    dev = parse_device(str(f))
    qs = cirq.LineQubit.range(4)
    with pytest.raises(QtoolError, match="connected group of 4"):
        place_and_route([cirq.CZ(qs[0], qs[3])], qs, dev)
    # A circuit that fits one component routes there.
    routed = place_and_route([cirq.CZ(qs[0], qs[2]), cirq.CZ(qs[0], qs[1])], qs[:3], dev)
    _respects(routed.ops, dev)
