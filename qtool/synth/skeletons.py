"""CX skeletons in increasing CX count, fitted one by one: the continuous search's
enumeration and the benchmark's breadth-first baseline.

A skeleton is a sequence of CX pairs (a, b), a < b (a CX's direction is free once one-qubit
gates surround it). Two rules drop skeletons that cannot need fewer CX than one already
listed: no four CX in a row on the same pair (any two-qubit block takes at most three),
and two neighbouring CX on disjoint pairs (which commute, one-qubit gates and all) appear
in one order only. The count still grows about (pairs)^k, so the enumeration is for small
n and k; `rank` orders one CX count's skeletons by the model's likelihood so that the fits
start with the likeliest.
"""

from __future__ import annotations

import time

import numpy as np

from qtool.synth import refine

EXACT = 1 - 1e-6


def pairs_of(n: int) -> list[tuple[int, int]]:
    return [(a, b) for a in range(n) for b in range(a + 1, n)]


def allowed(prefix, p) -> bool:
    """May CX pair `p` follow the skeleton `prefix` under the two rules?"""
    if prefix:
        last = tuple(prefix[-1])
        if not set(p) & set(last) and tuple(p) < last:
            return False                          # commuting neighbours: one order
        if len(prefix) >= 3 and all(tuple(q) == tuple(p) for q in prefix[-3:]):
            return False                          # a fourth CX on one pair
    return True


def skeletons(n: int, k: int, limit: int | None = None):
    """Every skeleton of k CX on n qubits under the two rules, up to `limit` of them."""
    ps = pairs_of(n)
    out = []

    def grow(prefix):
        if limit is not None and len(out) >= limit:
            return
        if len(prefix) == k:
            out.append(list(prefix))
            return
        for p in ps:
            if allowed(prefix, p):
                grow(prefix + [p])

    grow([])
    return out


def rank(model, kind: str, family: str, target: np.ndarray, n: int, candidates) -> list:
    """`candidates` sorted by the model's log-likelihood of the skeleton, likeliest first."""
    from qtool.synth.sample import sequence_scores

    if model is None or len(candidates) <= 1:
        return list(candidates)
    stmts = [[("cx", (), tuple(p)) for p in sk] for sk in candidates]
    scores = sequence_scores(model, family, kind, target, n, stmts)
    return [candidates[i] for i in np.argsort(-scores, kind="stable")]


def enumerate_fit(kind: str, target: np.ndarray, n: int, max_cx: int, timeout: float,
                  rng: np.random.Generator, model=None, family: str = "u:cx",
                  per_count: int | None = None, starts: int = 2, tried: list | None = None,
                  min_cx: int = 0):
    """The first fit passing 1 - 1e-6 in increasing CX count (None if none within the
    budget of `timeout` CPU seconds). With a model, each count's skeletons are fitted in
    its order, at most `per_count` of them; `tried` collects the number of fits."""
    deadline = time.process_time() + timeout
    count = 0
    try:
        for k in range(min_cx, max_cx + 1):
            cands = skeletons(n, k, limit=20000) if n > 1 else ([[]] if k == 0 else [])
            if model is not None:
                cands = rank(model, kind, family, target, n, cands)
            if per_count is not None:
                cands = cands[:per_count]
            for sk in cands:
                if time.process_time() > deadline:
                    return None
                fit = refine.fit(kind, target, n, sk, 1 - 1e-9, rng, starts=starts)
                count += 1
                if fit.fidelity > EXACT:
                    return fit
        return None
    finally:
        if tried is not None:
            tried.append(count)


def count(n: int, k: int) -> int:
    return len(skeletons(n, k))

