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
  distance search;
- both ways (unitaries on BOTH_WAYS qubit counts): a second beam searches the inverse
  target, whose circuits read backwards (reversed_outcome) are the target's; each beam
  has BOTH_BEAM of the width and a level ends at the first exact child of either.

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
STARTS = 4
# Unitaries on these qubit counts also search the inverse's circuits (the target read
# backwards), each direction with BOTH_BEAM of the beam: where the forward beam loses the
# right prefix, the other end's prefix often survives (tuning seeds 1-2, cont3: 17 -> 19
# of 20 within k CX). Not on 4 qubits: a level costs ~1 CPU s there and two beams ran
# out of the 10 s budget (a target solved at 5 CX in 6.7 s was lost).
BOTH_WAYS = (2, 3)
BOTH_BEAM = 0.5


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
           beam: int | None = None, starts: int | None = None, weight: float = 0.5) -> SearchResult:
    deadline = time.process_time() + timeout
    beam = beam or BEAM.get(n, BEAM_DEFAULT)
    starts = starts or STARTS
    pairs = sk.pairs_of(n)
    stats: dict = {}
    best: batchfit.Outcome | None = None
    fitted = 0
    res = SearchResult(None, False, 0, 0)
    # one beam per direction: the target itself, and (unitaries, BOTH_WAYS) its inverse,
    # whose circuits are the target's read backwards (reversed_outcome maps them back)
    ways = [(False, target)]
    if kind == "unitary" and n in BOTH_WAYS:
        ways.append((True, np.ascontiguousarray(np.asarray(target).conj().T)))
    width = beam if len(ways) == 1 else max(1, int(round(beam * BOTH_BEAM)))
    frontier: dict[bool, list[batchfit.Outcome]] = {rev: [] for rev, _t in ways}
    for k in range(0, max_cx + 1):
        level = []
        for rev, tgt in ways:
            if k == 0:
                if rev:
                    continue                       # the empty circuit: fitted once
                cands, init = [[]], None
            else:
                seen, cands, init = set(), [], []
                for node in frontier[rev]:
                    for ch in children(n, list(node.pairs), pairs):
                        key = tuple(ch)
                        if key in seen:
                            continue
                        seen.add(key)
                        cands.append(ch)
                        init.append(node.angles)
            if not cands:
                continue
            outs = batchfit.fit_batch(kind, tgt, n, cands, rng, starts=starts, init=init,
                                      deadline=deadline, stats=stats)
            fitted += len(outs)
            level.append((rev, tgt, outs))
            if min(o.loss for o in outs) < EXACT_LOSS:
                break                              # this level is the answer
        if not level:
            break
        res.levels = k
        rev, _t, outs = min(level, key=lambda w: min(o.loss for o in w[2]))
        lvl_best = min(outs, key=lambda o: o.loss)
        if rev:
            lvl_best = reversed_outcome(n, lvl_best)
        res.log.append((k, sum(len(w[2]) for w in level), lvl_best.loss))
        if best is None or lvl_best.loss < best.loss:
            best = lvl_best
        if lvl_best.loss < EXACT_LOSS:
            res.best, res.exact = lvl_best, True
            break
        if time.process_time() > deadline:
            break
        for rev, tgt, outs in level:
            keys = np.log10(np.array([o.loss for o in outs]) + 1e-16)
            if model is not None and weight and k >= 1:
                from qtool.synth.sample import sequence_scores

                stmts = [[("cx", (), tuple(p)) for p in o.pairs] for o in outs]
                lp = sequence_scores(model, family, kind, tgt, n, stmts, eos=False)
                keys = keys - weight * lp / math.log(10)
            order = np.argsort(keys, kind="stable")[:width]
            frontier[rev] = [outs[i] for i in order]
        if k == 0 and len(ways) == 2:
            frontier[True] = [reversed_outcome(n, frontier[False][0])]
    res.best = res.best or best
    res.fitted = fitted
    res.members = stats.get("members", 0)
    return res


def _u3_inverse(a: np.ndarray) -> np.ndarray:
    """u3(t, p, l)^-1 = u3(-t, -l, -p) up to a global phase."""
    return np.stack([-a[..., 0], -a[..., 2], -a[..., 1]], -1)


def reversed_outcome(n: int, o: batchfit.Outcome) -> batchfit.Outcome:
    """The fit of the inverse target read backwards: the same template (a u3 on every
    qubit, then after each CX one on both of its qubits) for the target itself.

    Each qubit's wire is cut by the CX on it into segments, and the template has one u3
    per segment; the inverse circuit, reversed, has the same segments in reverse order,
    each holding the inverse of its u3. The loss is unchanged (the overlap is conjugated)."""
    from qtool.synth import refine

    pairs = [tuple(p) for p in o.pairs]
    q_of = refine.slots(n, pairs)
    wires: dict[int, list[int]] = {q: [] for q in range(n)}     # slots along each wire
    for slot, q in enumerate(q_of):
        wires[q].append(slot)
    new_pairs = pairs[::-1]
    new_q = refine.slots(n, new_pairs)
    new_wires: dict[int, list[int]] = {q: [] for q in range(n)}
    for slot, q in enumerate(new_q):
        new_wires[q].append(slot)
    angles = np.empty_like(o.angles)
    for q in range(n):
        for old, new in zip(reversed(wires[q]), new_wires[q]):
            angles[new] = _u3_inverse(o.angles[old])
    return batchfit.Outcome(new_pairs, angles, o.loss)
