"""Breadth-first search over a discrete gate set: the exact-shortest baseline, and the short
table the residual beam finishes with.

Distinct unitaries (up to global phase, keyed by sample.residual_key) are expanded level by
level from the identity, so the first level that holds the target is its shortest circuit.
The levels grow about |placements| times per depth (21 for genQC's set on 3 qubits), which
is what makes plain BFS infeasible past depth 5 or so.
"""

from __future__ import annotations

import time
from functools import lru_cache

import numpy as np

from qtool.synth import linalg, sample
from qtool.synth.gatesets import placements


def _moves(gates, n):
    stmts = placements(gates, n)
    return stmts, [linalg.embed(linalg.gate_matrix(g), qs, n) for g, _p, qs in stmts]


@lru_cache(maxsize=8)
def table(gates: tuple[str, ...], n: int, depth: int) -> dict:
    """key of U -> a shortest circuit (tuple of statements) for every U within `depth` gates."""
    stmts, mats = _moves(gates, n)
    ident = np.eye(2 ** n, dtype=complex)
    seen = {sample.residual_key(ident): ()}
    level = [((), ident)]
    for _ in range(depth):
        nxt = []
        for st, u in level:
            for s, m in zip(stmts, mats):
                v = m @ u
                k = sample.residual_key(v)
                if k not in seen:
                    seen[k] = st + (s,)
                    nxt.append((st + (s,), v))
        level = nxt
    return seen


def bfs(target: np.ndarray, gates, n: int, max_depth: int, deadline: float | None = None):
    """(shortest circuit or None, unitaries visited, depth reached)."""
    stmts, mats = _moves(tuple(gates), n)
    ident = np.eye(2 ** n, dtype=complex)
    goal = sample.residual_key(np.asarray(target, dtype=complex))
    seen = {sample.residual_key(ident)}
    if goal in seen:
        return [], 1, 0
    level = [((), ident)]
    for depth in range(1, max_depth + 1):
        nxt = []
        for st, u in level:
            for s, m in zip(stmts, mats):
                v = m @ u
                k = sample.residual_key(v)
                if k in seen:
                    continue
                if k == goal:
                    return list(st + (s,)), len(seen) + 1, depth
                seen.add(k)
                nxt.append((st + (s,), v))
            if deadline is not None and time.perf_counter() > deadline:
                return None, len(seen), depth
        level = nxt
    return None, len(seen), max_depth
