"""Best-first beam search over CX skeletons, in increasing CX count (QSearch / LEAP style).

Davis et al. 2020 (QSearch) and Smith et al. 2021 (LEAP), as in BQSKit: grow a circuit one
CX placement at a time, instantiate every child numerically and rank children by their
distance to the target. Here:

- level k holds the `beam` best skeletons of k CX; each is expanded by every CX pair that
  the skeleton rules allow (skeletons.allowed: disjoint neighbours commute, so one order;
  no fourth CX in a row on one pair) and the children are deduplicated;
- all children of a level are fitted in one batch (batchfit.fit_batch), each from
  `starts` starts: the first one warm, its parent's fitted angles with random angles on
  the two new slots (LEAP's reuse of the prefix), the others random;
- the first level with a child that reaches the target (loss below EXACT_LOSS: fidelity
  > 1 - 1e-7, under the 1 - 1e-6 that qtool synth calls exact) ends the search: that CX count is the fewest this
  search proves reachable, and the child with the lowest loss is returned;
- ranking key: log10(loss) - weight * log10 P(skeleton | target) from the structure model
  (the prefix's probability, sample.sequence_scores(eos=False)); weight 0 is the plain
  distance search.

`max_cx` bounds the depth; the CPU-time deadline ends the search early with the best
(lowest loss) fit seen, which the caller reports as not exact.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

import numpy as np

from qtool.synth import batchfit, skeletons as sk

EXACT_LOSS = 1e-7
BEAM = {2: 8, 3: 24, 4: 16}
BEAM_DEFAULT = 12


@dataclass
class SearchResult:
    best: batchfit.Outcome | None
    exact: bool
    fitted: int                 # skeletons instantiated
    levels: int                 # deepest CX count fitted
    members: int = 0            # (skeleton, start) pairs run
    log: list = field(default_factory=list)


def children(n: int, parent: list, pairs) -> list[list]:
    return [parent + [p] for p in pairs if sk.allowed(parent, p)]


def search(kind: str, target: np.ndarray, n: int, max_cx: int, timeout: float,
           rng: np.random.Generator, model=None, family: str = "u:cx",
           beam: int | None = None, starts: int = 4, weight: float = 0.5) -> SearchResult:
    deadline = time.process_time() + timeout
    beam = beam or BEAM.get(n, BEAM_DEFAULT)
    pairs = sk.pairs_of(n)
    stats: dict = {}
    best: batchfit.Outcome | None = None
    fitted = 0
    frontier: list[batchfit.Outcome] = []
    res = SearchResult(None, False, 0, 0)
    for k in range(0, max_cx + 1):
        if k == 0:
            cands, init = [[]], None
        else:
            seen, cands, init = set(), [], []
            for node in frontier:
                for ch in children(n, list(node.pairs), pairs):
                    key = tuple(ch)
                    if key in seen:
                        continue
                    seen.add(key)
                    cands.append(ch)
                    init.append(node.angles)
        if not cands:
            break
        outs = batchfit.fit_batch(kind, target, n, cands, rng, starts=starts, init=init,
                                  deadline=deadline, stats=stats)
        fitted += len(outs)
        res.levels = k
        lvl_best = min(outs, key=lambda o: o.loss)
        res.log.append((k, len(outs), lvl_best.loss))
        if best is None or lvl_best.loss < best.loss:
            best = lvl_best
        if lvl_best.loss < EXACT_LOSS:
            res.best, res.exact = lvl_best, True
            break
        if time.process_time() > deadline:
            break
        keys = np.log10(np.array([o.loss for o in outs]) + 1e-16)
        if model is not None and weight and k >= 1:
            from qtool.synth.sample import sequence_scores

            stmts = [[("cx", (), tuple(p)) for p in o.pairs] for o in outs]
            lp = sequence_scores(model, family, kind, target, n, stmts, eos=False)
            keys = keys - weight * lp / math.log(10)
        order = np.argsort(keys, kind="stable")[:beam]
        frontier = [outs[i] for i in order]
    res.best = res.best or best
    res.fitted = fitted
    res.members = stats.get("members", 0)
    return res
