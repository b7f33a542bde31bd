"""Placement (which physical qubit each logical qubit starts on) and the routed circuit.

A layout that needs no SWAP (the interaction graph embedded in the coupling graph,
routing.embed) is taken when one is found. Otherwise layout search follows SABRE's bidirectional idea: route forward, take the final layout as
the start of a backward pass over the reversed circuit, and its final layout as the start
of the real forward pass; a few trials from different dense starting regions, keeping the
one with the fewest SWAPs.
"""

from __future__ import annotations

import random
from collections import deque
from dataclasses import dataclass

import cirq

from qtool.compile.devices import Device
from qtool.compile.ops import is_unitary_op
from qtool.compile.routing.embed import embed
from qtool.compile.routing.sabre import route
from qtool.errors import QtoolError

TRIALS = {0: 1, 1: 1, 2: 4, 3: 12}
ROUNDS = {0: 0, 1: 1, 2: 1, 3: 2}
SWAP_TRIALS = {0: 1, 1: 1, 2: 1, 3: 2}
WORK = 80_000


@dataclass
class Routed:
    ops: list  # operations on cirq.LineQubit(physical index)
    initial: dict  # logical qubit -> physical index
    final: dict  # logical qubit -> physical index
    swaps: int
    full_initial: list  # virtual index -> physical, virtual n.. are free ancillas
    full_final: list


def _components(device: Device) -> list[list[int]]:
    seen = [False] * device.n
    comps = []
    for s in range(device.n):
        if seen[s]:
            continue
        comp, todo = [], deque([s])
        seen[s] = True
        while todo:
            u = todo.popleft()
            comp.append(u)
            for v in device.neighbours(u):
                if not seen[v]:
                    seen[v] = True
                    todo.append(v)
        comps.append(comp)
    return comps


def _dense_start(device: Device, comp: list[int], n: int, rng: random.Random) -> list[int]:
    """n physical qubits of one component, grown breadth-first from a random start."""
    start = rng.choice(comp)
    region, seen, todo = [], {start}, deque([start])
    while todo and len(region) < n:
        u = todo.popleft()
        region.append(u)
        nbrs = list(device.neighbours(u))
        rng.shuffle(nbrs)
        for v in nbrs:
            if v not in seen:
                seen.add(v)
                todo.append(v)
    return region


def place_and_route(ops, qubits, device: Device, *, level: int = 2, seed: int = 0,
                    keep: int = 1):
    """Route `ops` on logical `qubits` (in order) onto `device`; QtoolError if too big.

    With `keep` > 1, a list of up to `keep` routings with different SWAP sequences,
    cheapest estimate first: the estimate (3 per SWAP, less 2 per SWAP that merges with the
    gate before it) misjudges what resynthesis after routing saves, so the caller may
    optimise each and keep the best."""
    n = len(qubits)
    if n > device.n:
        raise QtoolError(
            f"the circuit uses {n} qubits but device {device.name} has only {device.n}"
        )
    comps = [c for c in _components(device) if len(c) >= n]
    if not comps:
        raise QtoolError(
            f"device {device.name} has no connected group of {n} qubits for this circuit"
        )
    index = {q: i for i, q in enumerate(qubits)}
    gates = [tuple(index[q] for q in op.qubits) for op in ops]
    for op, g in zip(ops, gates):
        if len(g) > 2 and is_unitary_op(op):
            raise ValueError(f"route: decompose {op} into two-qubit gates first")
    needs = [len(g) == 2 for g in gates]
    fences = [not is_unitary_op(op) for op in ops]
    clbits = [_clbits(op) if fence else () for op, fence in zip(ops, fences)]
    skeleton = [g for g in gates if len(g) == 2]
    rev = skeleton[::-1]
    sk_needs = [True] * len(skeleton)
    adj = [device.neighbours(p) for p in range(device.n)]
    dist = device.distances()
    rng = random.Random(seed)
    rounds = ROUNDS.get(level, 1) if len(skeleton) <= 2_000 else min(ROUNDS.get(level, 1), 1)
    trials = TRIALS.get(level, 4) if skeleton else 1
    # Keep layout search linear in circuit size: at most ~WORK two-qubit gate visits.
    per_trial = max(1, len(skeleton)) * (2 * rounds + 1)
    trials = max(1, min(trials, WORK // per_trial))
    # Several routings from each layout (SABRE breaks score ties at random): only while
    # the whole search stays within WORK.
    swap_trials = max(1, min(SWAP_TRIALS.get(level, 1),
                             WORK // (trials * max(1, len(skeleton)) * (2 * rounds + 2))))
    best = None
    if skeleton and level >= 2:
        # A layout without any SWAP beats every trial; look for one first.
        for comp in comps:
            flat = embed(skeleton, n, adj, comp)
            if flat is not None:
                best = route(gates, needs, flat, adj, dist, seed=0, emit=True,
                             fences=fences, clbits=clbits)
                assert best.swaps == 0, "routing: an embedded layout needed a SWAP"
                done = _materialise(ops, qubits, best)
                return [done] if keep > 1 else done
    found = []  # (cost, is an extra routing, index)
    extra_rng = random.Random(seed + 1)  # extras leave the trials' random stream as it was
    for t in range(trials):
        comp = comps[t % len(comps)] if t < len(comps) else rng.choice(comps)
        layout = _initial_layout(device, comp, n, rng)
        for _ in range(rounds):
            fwd = route(skeleton, sk_needs, layout, adj, dist, seed=rng.random(), emit=False)
            bwd = route(rev, sk_needs, fwd.final, adj, dist, seed=rng.random(), emit=False)
            layout = bwd.final
        for k in range(swap_trials):
            res = route(gates, needs, layout, adj, dist,
                        seed=rng.random() if k == 0 else extra_rng.random(), emit=True,
                        fences=fences, clbits=clbits)
            found.append(res)
    # First the cheapest estimate among each trial's first routing (the earliest on ties):
    # the one routing kept when keep is 1; then the others, cheapest first.
    firsts = found[::swap_trials]
    chosen = min(firsts, key=lambda r: r.cost)
    if keep <= 1:
        return _materialise(ops, qubits, chosen)
    distinct, seen = [], set()
    for res in [chosen] + sorted(found, key=lambda r: r.cost):
        key = tuple(res.order)
        if key not in seen:
            seen.add(key)
            distinct.append(res)
        if len(distinct) == keep:
            break
    return [_materialise(ops, qubits, res) for res in distinct]


def _clbits(op) -> tuple:
    """The classical bits (measurement keys) `op` writes or reads, for the routing DAG."""
    keys = set(cirq.measurement_key_objs(op)) | set(cirq.control_keys(op))
    return tuple(sorted(keys, key=str))


def _initial_layout(device, comp, n, rng) -> list[int]:
    region = _dense_start(device, comp, n, rng)
    rng.shuffle(region)
    taken = set(region)
    rest = [p for p in range(device.n) if p not in taken]
    return region + rest


def _materialise(ops, qubits, res) -> Routed:
    l2p = list(res.initial)
    phys = [cirq.LineQubit(p) for p in range(len(l2p))]
    p2l = {p: v for v, p in enumerate(l2p)}
    index = {q: i for i, q in enumerate(qubits)}
    out = []
    for kind, what in res.order:
        if kind == "gate":
            op = ops[what]
            out.append(op.transform_qubits(lambda q: phys[l2p[index[q]]]))
        else:
            p, r = what
            out.append(cirq.SWAP(phys[p], phys[r]))
            vp, vr = p2l[p], p2l[r]
            p2l[p], p2l[r] = vr, vp
            l2p[vp], l2p[vr] = r, p
    assert l2p == res.final, "routing: replayed layout differs from the router's"
    initial = {q: res.initial[i] for i, q in enumerate(qubits)}
    final = {q: res.final[i] for i, q in enumerate(qubits)}
    return Routed(out, initial, final, res.swaps, list(res.initial), list(res.final))
