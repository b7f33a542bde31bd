"""routing.embed: a SWAP-free layout when the interaction graph fits the coupling graph."""

import cirq
import pytest

from qtool.compile import compile_circuit
from qtool.compile.devices import grid, heavy_hex, line
from qtool.compile.routing.embed import embed
from qtool.compile.routing.layout import place_and_route


def _adj(dev):
    return [dev.neighbours(p) for p in range(dev.n)]


def _check(skeleton, layout, dev, n):
    assert sorted(layout) == list(range(dev.n))  # a permutation, ancillas included
    for a, b in skeleton:
        assert dev.coupled(layout[a], layout[b])
    assert len(set(layout[:n])) == n


@pytest.mark.parametrize("dev", [grid(3, 3), grid(4, 4), heavy_hex(3)], ids=lambda d: d.name)
def test_a_scrambled_chain_lies_flat(dev):
    # A chain through the qubits in a scrambled order: a path, so it embeds in any of these.
    order = [3, 0, 5, 1, 6, 2, 4]
    skeleton = [(order[k], order[k + 1]) for k in range(len(order) - 1)] * 2
    layout = embed(skeleton, 7, _adj(dev), list(range(dev.n)))
    assert layout is not None
    _check(skeleton, layout, dev, 7)


def test_a_ring_of_four_fits_a_grid_but_not_a_line():
    ring4 = [(0, 1), (1, 2), (2, 3), (3, 0)]
    g = grid(3, 3)
    layout = embed(ring4, 4, _adj(g), list(range(g.n)))
    _check(ring4, layout, g, 4)
    assert embed(ring4, 4, _adj(line(6)), list(range(6))) is None


def test_a_star_wider_than_the_device_degree_is_not_embedded():
    star = [(0, k) for k in range(1, 6)]  # degree 5; a grid has degree 4 at most
    g = grid(4, 4)
    assert embed(star, 6, _adj(g), list(range(g.n))) is None


def test_a_triangle_does_not_fit_a_bipartite_grid():
    tri = [(0, 1), (1, 2), (0, 2)]
    g = grid(3, 3)
    assert embed(tri, 3, _adj(g), list(range(g.n))) is None


def test_the_budget_bounds_the_search():
    # K_{2,3} needs two qubits with three common neighbours: not on a grid. With a budget
    # of 1 the search gives up at once instead of proving it.
    k23 = [(a, b) for a in (0, 1) for b in (2, 3, 4)]
    g = grid(4, 4)
    assert embed(k23, 5, _adj(g), list(range(g.n)), budget=1) is None


def test_routing_uses_the_flat_layout_and_the_result_verifies():
    import random

    # A 3x4 grid's own coupling graph, its qubits and gate order shuffled: SABRE's random
    # starts keep 5-7 SWAPs on this one; the embedding needs none.
    dev = grid(3, 4)
    rng = random.Random(0)
    perm = list(range(dev.n))
    rng.shuffle(perm)
    edges = list(dev.edges)
    rng.shuffle(edges)
    qs = cirq.LineQubit.range(dev.n)
    ops = []
    for a, b in edges:
        ops += [cirq.H(qs[perm[a]]), cirq.CZ(qs[perm[a]], qs[perm[b]])]
    routed = place_and_route(ops, qs, dev, level=3)
    assert routed.swaps == 0
    res = compile_circuit(cirq.Circuit(ops), target="cz", device=dev, level=3)
    assert res.swaps == 0 and res.verdict.ok
    assert res.after.two_qubit == len(edges)


def test_kept_routings_start_with_the_routers_choice_and_the_pipeline_keeps_the_best(
        monkeypatch):
    from qtool.compile import pipeline
    from qtool.compile.passes.decompose import decompose_ops

    from .helpers import random_circuit

    circuit = random_circuit(6, 40, 6)  # one where a kept routing beats the first
    ops = decompose_ops(circuit.all_operations())
    qubits = sorted(circuit.all_qubits())
    dev = line(6)
    one = place_and_route(ops, qubits, dev, level=3)
    many = place_and_route(ops, qubits, dev, level=3, keep=3)
    assert 1 <= len(many) <= 3
    assert [str(op) for op in many[0].ops] == [str(op) for op in one.ops]
    assert len({tuple(str(op) for op in r.ops) for r in many}) == len(many)  # distinct
    monkeypatch.setattr(pipeline, "ROUTINGS_KEPT", {3: 1})
    single = compile_circuit(circuit, target="cz", device=dev, level=3)
    monkeypatch.setattr(pipeline, "ROUTINGS_KEPT", {3: 3})
    best = compile_circuit(circuit, target="cz", device=dev, level=3, verify=True)
    assert best.verdict.ok
    assert best.after.two_qubit < single.after.two_qubit
