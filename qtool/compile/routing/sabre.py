"""SABRE routing (Li, Ding, Xie, ASPLOS 2019): insert SWAPs so every two-qubit gate acts on
coupled physical qubits, choosing each SWAP by how much it shortens the front layer's
distances plus a discounted look-ahead set, with a decay that spreads SWAPs over qubits.

Works on gates given only as tuples of virtual qubit indices (0..N-1; indices past the
circuit's qubits are free ancillas), so layout search can run it on the two-qubit skeleton
many times cheaply. Scores are updated incrementally: a candidate SWAP (p, r) changes only
the distances of gates touching p or r.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

EXTENDED_SIZE = 20
EXTENDED_WEIGHT = 0.5
DECAY_STEP = 0.001
DECAY_RESET = 5


@dataclass
class RouteResult:
    order: list  # items: ("gate", index) or ("swap", (p, r)) in emission order
    initial: list[int]  # virtual -> physical before the circuit
    final: list[int]  # virtual -> physical after it
    swaps: int
    absorbed: int = 0  # SWAPs right after a gate on the same pair (they merge: 2 CZs, not 4)

    @property
    def cost(self) -> float:
        """Estimated CZs the SWAPs add after merging with their neighbours."""
        return 3 * self.swaps - 2 * self.absorbed


def _dag(gates, clbits=None):
    """Successor lists and predecessor counts along each qubit's wire and, with `clbits`
    (per gate, the classical bits it writes or reads), along each classical bit's wire: a
    measurement stays before every condition on its bit, and measurements of one bit
    keep their order."""
    last: dict = {}
    succ: list[list[int]] = [[] for _ in gates]
    npred = [0] * len(gates)
    for i, qs in enumerate(gates):
        seen = set()
        wires = qs
        if clbits is not None and clbits[i]:
            wires = tuple(qs) + tuple(("clbit", k) for k in clbits[i])
        for q in wires:
            j = last.get(q)
            if j is not None and j not in seen:
                succ[j].append(i)
                npred[i] += 1
                seen.add(j)
            last[q] = i
        # A gate listed twice on one wire is impossible; nothing else to do.
    return succ, npred


def route(gates, needs_coupling, layout, adj, dist, seed=0, emit=True,
          fences=None, clbits=None) -> RouteResult:
    """Route `gates` (tuples of virtual qubits) from `layout` (virtual -> physical).

    `needs_coupling[i]` is True for gates whose two qubits must be adjacent. `adj[p]` lists
    physical neighbours, `dist[p][r]` is the shortest path length. `fences[i]` marks
    non-unitary gates (measurements...), after which a SWAP cannot merge with the gate
    before them. `clbits[i]` lists the classical bits gate i measures into or is
    conditioned on; they order gates like shared qubits do.
    """
    rng = random.Random(seed)
    n_phys = len(adj)
    l2p = list(layout)
    p2l = [0] * n_phys
    for v, p in enumerate(l2p):
        p2l[p] = v
    initial = list(l2p)
    succ, npred = _dag(gates, clbits)
    npred = list(npred)
    front = [i for i, c in enumerate(npred) if c == 0]
    order: list = []
    decay = [1.0] * n_phys
    swaps = 0
    absorbed = 0
    last = [-1] * n_phys  # partner of the last two-qubit gate on each physical qubit
    since_progress = 0
    since_reset = 0
    ext = None  # look-ahead set; the same until the front layer changes
    while front:
        # Execute everything that can run now.
        progressed = True
        while progressed:
            progressed = False
            nxt = []
            for i in front:
                qs = gates[i]
                if needs_coupling[i] and dist[l2p[qs[0]]][l2p[qs[1]]] != 1:
                    nxt.append(i)
                    continue
                progressed = True
                if emit:
                    order.append(("gate", i))
                if len(qs) == 2:
                    pa, pb = l2p[qs[0]], l2p[qs[1]]
                    last[pa], last[pb] = pb, pa
                elif fences is not None and fences[i]:
                    for q in qs:
                        last[l2p[q]] = -1
                for j in succ[i]:
                    npred[j] -= 1
                    if npred[j] == 0:
                        nxt.append(j)
            front = nxt
            if progressed:
                since_progress = 0
                decay = [1.0] * n_phys
                ext = None
        if not front:
            break
        if since_progress > 4 * n_phys + 20:
            p, r = _valve(front, gates, l2p, adj, dist)
        else:
            if ext is None:
                ext = _extended(front, gates, succ, npred)
            p, r = _choose(front, ext, gates, l2p, adj, dist, decay, rng, last)
        vp, vr = p2l[p], p2l[r]
        p2l[p], p2l[r] = vr, vp
        l2p[vp], l2p[vr] = r, p
        if emit:
            order.append(("swap", (p, r)))
        swaps += 1
        if last[p] == r and last[r] == p:
            absorbed += 1
        last[p] = last[r] = -1  # a second SWAP on the pair would undo this one
        since_progress += 1
        since_reset += 1
        decay[p] += DECAY_STEP
        decay[r] += DECAY_STEP
        if since_reset >= DECAY_RESET:
            since_reset = 0
            decay = [1.0] * n_phys
    return RouteResult(order, initial, l2p, swaps, absorbed)


def _extended(front, gates, succ, npred, needs_limit=EXTENDED_SIZE):
    """Up to EXTENDED_SIZE two-qubit gates following the front layer (look-ahead)."""
    ext = []
    remaining = {}
    todo = list(front)
    k = 0
    while k < len(todo) and len(ext) < needs_limit:
        i = todo[k]
        k += 1
        for j in succ[i]:
            c = remaining.get(j, npred[j]) - 1
            remaining[j] = c
            if c == 0:
                todo.append(j)
                if len(gates[j]) == 2:
                    ext.append(j)
                    if len(ext) >= needs_limit:
                        break
    return ext


ABSORB_BONUS = 1.0


def _choose(front, ext, gates, l2p, adj, dist, decay, rng, last):
    fpairs = [(l2p[gates[i][0]], l2p[gates[i][1]]) for i in front if len(gates[i]) == 2]
    epairs = [(l2p[gates[i][0]], l2p[gates[i][1]]) for i in ext]
    f_by = _by_phys(fpairs)
    e_by = _by_phys(epairs)
    f_base = sum(dist[a][b] for a, b in fpairs)
    e_base = sum(dist[a][b] for a, b in epairs)
    nf = max(len(fpairs), 1)
    ne = max(len(epairs), 1)
    best, best_score = [], None
    seen = set()
    for a, b in fpairs:
        for p in (a, b):
            for r in adj[p]:
                key = (p, r) if p < r else (r, p)
                if key in seen:
                    continue
                seen.add(key)
                df = _delta(p, r, f_by, dist)
                de = _delta(p, r, e_by, dist) if epairs else 0
                score = (f_base + df) / nf + EXTENDED_WEIGHT * (e_base + de) / ne
                score *= max(decay[p], decay[r])
                if last[p] == r and last[r] == p:
                    # The SWAP merges with the gate just run on this pair.
                    score -= ABSORB_BONUS / nf
                if best_score is None or score < best_score - 1e-12:
                    best, best_score = [key], score
                elif abs(score - best_score) <= 1e-12:
                    best.append(key)
    return best[rng.randrange(len(best))] if len(best) > 1 else best[0]


def _by_phys(pairs):
    by: dict[int, list[int]] = {}
    for a, b in pairs:
        by.setdefault(a, []).append(b)
        by.setdefault(b, []).append(a)
    return by


def _delta(p, r, by, dist):
    """Change of the summed distance of `by`'s gates if physical p and r swap contents."""
    d = 0
    for o in by.get(p, ()):
        if o != r:
            d += dist[r][o] - dist[p][o]
    for o in by.get(r, ()):
        if o != p:
            d += dist[p][o] - dist[r][o]
    return d


def _valve(front, gates, l2p, adj, dist):
    """Escape a SWAP cycle: one step along a shortest path for the closest front gate."""
    pairs = [(l2p[gates[i][0]], l2p[gates[i][1]]) for i in front if len(gates[i]) == 2]
    a, b = min(pairs, key=lambda ab: dist[ab[0]][ab[1]])
    for r in adj[a]:
        if dist[r][b] == dist[a][b] - 1:
            return (a, r) if a < r else (r, a)
    raise RuntimeError("routing: no path between coupled components")
