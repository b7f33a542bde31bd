"""A layout that needs no SWAP at all, when one exists: the circuit's interaction graph
(logical qubits, joined where a two-qubit gate acts) embedded in the device's coupling
graph, an edge onto an edge.

SABRE's layout search starts from random regions and usually finds such a layout when the
interaction graph is a path or a small tree, but not always (on grid and heavy-hex it
settles for a few SWAPs on ladders and rings it could have laid flat), and every SWAP it
keeps costs up to 3 two-qubit gates. Qiskit runs a VF2 search first for the same reason.

This is a plain backtracking search for a subgraph monomorphism, logical qubits taken in
breadth-first order from the most connected one, so each new qubit has a placed neighbour
and its candidates are that neighbour's free device neighbours. It stops after `budget`
placements tried: no answer then means "not found", not "impossible".
"""

from __future__ import annotations

BUDGET = 20_000


def interaction_graph(skeleton, n: int) -> list[set[int]]:
    """Neighbour sets of logical qubits 0..n-1 under the two-qubit gates `skeleton`."""
    nbrs: list[set[int]] = [set() for _ in range(n)]
    for a, b in skeleton:
        if a != b:
            nbrs[a].add(b)
            nbrs[b].add(a)
    return nbrs


def _order(nbrs) -> list[int]:
    """Connected logical qubits, component by component, breadth-first from the most
    connected qubit of each (ties: lower index), largest components first."""
    n = len(nbrs)
    seen = [False] * n
    comps = []
    for s in sorted(range(n), key=lambda q: (-len(nbrs[q]), q)):
        if seen[s] or not nbrs[s]:
            continue
        comp, todo = [], [s]
        seen[s] = True
        while todo:
            u = todo.pop(0)
            comp.append(u)
            for v in sorted(nbrs[u], key=lambda q: (-len(nbrs[q]), q)):
                if not seen[v]:
                    seen[v] = True
                    todo.append(v)
        comps.append(comp)
    comps.sort(key=len, reverse=True)
    return [q for comp in comps for q in comp]


def embed(skeleton, n: int, adj, component: list[int], budget: int = BUDGET):
    """virtual -> physical for logical qubits 0..n-1 (then the free physical qubits as
    ancillas, as layout._initial_layout lists them) with every pair of `skeleton` on a
    coupled pair of `component`'s qubits, or None if none was found within `budget`."""
    nbrs = interaction_graph(skeleton, n)
    order = _order(nbrs)
    if not order:
        return None
    in_comp = set(component)
    degree = {p: len(adj[p]) for p in component}
    if max(len(nbrs[q]) for q in order) > max(degree.values()):
        return None
    place: dict[int, int] = {}
    used: set[int] = set()
    steps = [0]

    def candidates(q):
        placed = [place[v] for v in nbrs[q] if v in place]
        if not placed:
            pool = [p for p in component if p not in used]
            # A new component of the interaction graph: start where the device is densest.
            return sorted(pool, key=lambda p: -degree[p])
        first = placed[0]
        return [p for p in adj[first] if p in in_comp and p not in used
                and degree[p] >= len(nbrs[q]) and all(p in adj[o] for o in placed[1:])]

    def search(k) -> bool:
        if k == len(order):
            return True
        q = order[k]
        for p in candidates(q):
            steps[0] += 1
            if steps[0] > budget:
                return False
            place[q] = p
            used.add(p)
            if search(k + 1):
                return True
            del place[q]
            used.discard(p)
        return False

    import sys

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, len(order) + 100))
    try:
        found = search(0)
    finally:
        sys.setrecursionlimit(limit)
    if not found:
        return None
    # Idle logical qubits (no two-qubit gate) take any free qubit of the component first.
    free = [p for p in component if p not in used] + [
        p for p in range(len(adj)) if p not in used and p not in in_comp]
    layout = []
    for q in range(n):
        if q in place:
            layout.append(place[q])
        else:
            layout.append(free.pop(0))
    taken = set(layout)
    return layout + [p for p in range(len(adj)) if p not in taken]
