"""The optimisation schedule as data: which passes run, in which order, at each level.

`LEVELS[level]` is a tuple of steps run in the CZ world (CZ + single-qubit gates) before
routing, and again after it. A step is a `Pass` or a `Repeat` of passes:

* 0: nothing (translation only).
* 1: drop negligible gates, merge single-qubit runs, cancel adjacent inverse pairs, merge
  again, eject Z rotations.
* 2: as 1, with commutation-aware cancellation, two-qubit gates gathered into their
  pair's block through commuting gates, and KAK resynthesis of two-qubit blocks.
* 3: as 2, the middle repeated (up to 4 rounds) while the two-qubit count falls; and
  `ALTERNATIVES[3]` (Gray-synth of {CNOT, phase} regions; blocks diagonal as a whole
  rebuilt from their phase polynomial) tried as well, the cheapest kept.

Before those, `EXPAND[level]` brings the input to one- and two-qubit gates: at 0 and 1 by
decomposition only; at 2 and 3 Toffolis are decomposed with the T polarity that cancels
neighbours, the rest decomposed, and Z rotations merged by phase folding (Nam et al.).
At 2 and 3 each expanded variant is also compiled with `VARIANT_TAILS[level]` applied
(SWAPs moved next to a gate on their pair, unless SWAP elision may relabel).

Adding a pass: write its module in qtool/compile/passes/ (a list function `(ops, ...) ->
ops` and a `@cirq.transformer` entry point through `passes.base.apply_to_circuit`), then
here define a `Pass` for it and put it in the tuples of the levels that use it. Nothing
else changes: the pipeline runs whatever is listed, with the operations the caller asked
to ignore (`TransformerContext.tags_to_ignore`) fenced off around every pass.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable, Union

import cirq

from qtool.compile import targets as T
from qtool.compile.ops import count_2q
from qtool.compile.passes.base import fenced
from qtool.compile.passes.cancel import cancel_ops
from qtool.compile.passes.consolidate import (consolidate_ops, consolidate_with_permutation,
                                              cz_synth)
from qtool.compile.passes.drop import drop_negligible_ops
from qtool.compile.passes.eject_z import eject_z_ops
from qtool.compile.passes.gather import gather_ops
from qtool.compile.passes.decompose import decompose_ops
from qtool.compile.passes.merge_1q import merge_1q_ops, phxz_emit
from qtool.compile.passes.phase_fold import phase_fold_ops
from qtool.compile.passes.diagonal import diagonal_ops, two_qubit_cost
from qtool.compile.passes.phase_poly import phase_poly_ops
from qtool.compile.passes.swap_push import expose_swaps, swap_push_ops
from qtool.compile.passes.toffoli import toffoli_ops


@dataclass
class PassContext:
    """What a pass may need to know about the compilation it is part of."""

    target: T.Target
    level: int
    elide: bool = False  # may SWAP-like blocks become relabellings (before routing only)?
    tags_to_ignore: tuple = ()
    timings: dict = field(default_factory=dict)
    moved: dict = field(default_factory=dict)  # qubit -> wire holding it after elision
    # (pass name, ids of its input ops) -> output, for passes that several ALTERNATIVES
    # start with (the alternatives all get the same expanded list).
    memo: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Pass:
    """`run(ops, ctx) -> ops`; skipped when `when(ctx)` is false. `name` keys the timings."""

    name: str
    run: Callable[[list, PassContext], list]
    when: Callable[[PassContext], bool] | None = None


@dataclass(frozen=True)
class Repeat:
    """Run `steps` in order, again while a round lowers the two-qubit count, at most
    `rounds` times (cirq's and Qiskit's fixed-point loops, bounded)."""

    steps: tuple
    rounds: int


Step = Union[Pass, Repeat]


def _is_phxz(op) -> bool:
    return isinstance(op.gate, cirq.PhasedXZGate)


def _consolidate(ops, ctx: PassContext) -> list:
    native = (lambda op: True) if ctx.target.keep_foreign_2q else T.is_cz
    if not ctx.elide:
        return consolidate_ops(ops, synth=cz_synth, is_native=native)
    ops, step = consolidate_with_permutation(ops, synth=cz_synth, is_native=native)
    ctx.moved = compose(ctx.moved, step)
    return ops


def _gather_consolidate(ops, ctx: PassContext) -> list:
    """consolidate after gather_ops, unless plain consolidate gives fewer two-qubit gates:
    gathering lengthens most blocks but can split others, so each round keeps the better."""
    moved = ctx.moved
    plain = _consolidate(ops, ctx)
    plain_moved, ctx.moved = ctx.moved, moved
    gathered = _consolidate(gather_ops(ops), ctx)
    if count_2q(gathered) < count_2q(plain):
        return gathered
    ctx.moved = plain_moved
    return plain


def compose(first: dict, then: dict) -> dict:
    """q -> then(first(q)), keeping only qubits that end somewhere else."""
    out = {}
    for q in set(first) | set(then):
        mid = first.get(q, q)
        end = then.get(mid, mid)
        if end != q:
            out[q] = end
    return out


# Two-qubit gates only: merge_1q already drops single-qubit runs that multiply to identity.
DROP = Pass("drop", lambda ops, ctx: drop_negligible_ops(ops, single_qubit=False))
MERGE_1Q = Pass("merge_1q", lambda ops, ctx: merge_1q_ops(ops, emit=phxz_emit, keep=_is_phxz))
CANCEL_ADJACENT = Pass("cancel", lambda ops, ctx: cancel_ops(ops, commute=False))
CANCEL = Pass("cancel", lambda ops, ctx: cancel_ops(ops, commute=True))
CONSOLIDATE = Pass("consolidate", _consolidate, when=lambda ctx: ctx.target.resynthesise)
EJECT_Z = Pass("eject_z", lambda ops, ctx: eject_z_ops(ops, emit=phxz_emit))
# Commuting two-qubit gates moved into their pair's block, so consolidate sees longer
# blocks; the round keeps whichever of gathered / plain consolidation is cheaper.
GATHER_CONSOLIDATE = Pass("gather_consolidate", _gather_consolidate,
                          when=lambda ctx: ctx.target.resynthesise)

# Into the CZ world: EXPAND[level] runs first, on the input's gates (CNOT + single-qubit
# gates once decomposed), where CNOT parities are still visible to phase folding; then the
# pipeline rebases to CZ and runs LEVELS[level].
DECOMPOSE = Pass("decompose", lambda ops, ctx: decompose_ops(ops))
TOFFOLI = Pass("toffoli", lambda ops, ctx: toffoli_ops(ops))
PHASE_FOLD = Pass("phase_fold", lambda ops, ctx: phase_fold_ops(ops))
# SWAPs moved next to a gate on their pair (exact, no relabelling); where elision may
# relabel, it removes SWAPs outright and this would only hand them to a block.
SWAP_PUSH = Pass("swap_push", lambda ops, ctx: swap_push_ops(expose_swaps(ops)),
                 when=lambda ctx: not ctx.elide)
PHASE_POLY = Pass("phase_poly", lambda ops, ctx: phase_poly_ops(ops))
PHASE_POLY_BACK = Pass("phase_poly", lambda ops, ctx: phase_poly_ops(ops, backward=True))


def _diagonal(ops, ctx: PassContext) -> list:
    key = ("diagonal", tuple(map(id, ops)))
    if key not in ctx.memo:
        ctx.memo[key] = (ops, diagonal_ops(ops))  # the input held, so its ids stay unique
    return ctx.memo[key][1]


DIAGONAL = Pass("diagonal", _diagonal)
EXPAND: dict[int, tuple[Step, ...]] = {
    0: (DECOMPOSE,),
    1: (DECOMPOSE,),
    2: (TOFFOLI, DECOMPOSE, PHASE_FOLD),
    3: (TOFFOLI, DECOMPOSE, PHASE_FOLD),
}

# Rewrites whose payoff only shows after the CZ-world passes: Gray-synth shortens a
# {CNOT, phase} region, yet can undo what consolidation or SWAP elision would have made of
# it. At these levels the pipeline compiles the expanded circuit as it is and after each
# tuple of steps in ALTERNATIVES[level] (Gray-synth with regions grown forwards, and
# backwards: they cut the circuit differently; diagonal-as-a-whole blocks such as
# multi-controlled phases, alone and then with Gray-synth), and keeps the result with the fewest
# two-qubit gates (ties: the first), on circuits of up to ALTERNATIVE_MAX_OPS operations
# (beyond that, as it is: each alternative costs a compile).
ALTERNATIVES: dict[int, tuple[tuple[Step, ...], ...]] = {
    3: ((PHASE_POLY,), (PHASE_POLY_BACK,), (DIAGONAL,), (DIAGONAL, PHASE_POLY))}
ALTERNATIVE_MAX_OPS = 5000
# ... and only when an alternative itself saves at least this fraction of the expanded
# circuit's two-qubit gates: below it the second compile rarely pays (random Clifford+T
# circuits: 1-2% saved, 0-2 gates gained at the end, for twice the time).
ALTERNATIVE_MIN_SAVING = 0.03


# Rewrites whose gain (if any) only consolidation shows, and which can cost elsewhere:
# moving a SWAP next to a gate on its pair saves two entanglers there, yet the gates it
# passed are relabelled, which can undo a block another pass would have found. The
# pipeline compiles each variant (the expanded circuit, each alternative) with and
# without them, where they change it, and keeps the cheapest (tail_variants).
VARIANT_TAILS: dict[int, tuple[Step, ...]] = {2: (SWAP_PUSH,), 3: (SWAP_PUSH,)}


def tail_variants(variants: list, level: int, ctx: PassContext) -> list:
    """The variants to compile: each one as it is and after VARIANT_TAILS[level], where
    that changes it; above ALTERNATIVE_MAX_OPS operations only the latter (one compile
    each, as for the alternatives)."""
    tail = VARIANT_TAILS.get(level, ())
    if not tail:
        return variants
    small = len(variants[0]) <= ALTERNATIVE_MAX_OPS
    out = list(variants) if small else []
    for ops in variants:
        other = run_steps(ops, tail, ctx)
        if not small:
            out.append(other)
        elif other is not ops and other != ops:
            out.append(other)
    return out


def worth_trying(plain: list, other: list) -> bool:
    """Is `other` (an alternative's output) worth a compile of its own beside `plain`?"""
    before = two_qubit_cost(plain)
    return other is not plain and two_qubit_cost(other) <= (1 - ALTERNATIVE_MIN_SAVING) * before

# Merging single-qubit runs first halves the list the other passes walk.
LEVELS: dict[int, tuple[Step, ...]] = {
    0: (),
    1: (DROP, MERGE_1Q, Repeat((CANCEL_ADJACENT, MERGE_1Q), rounds=1), EJECT_Z),
    2: (DROP, MERGE_1Q, Repeat((CANCEL, GATHER_CONSOLIDATE, MERGE_1Q), rounds=1), EJECT_Z),
    3: (DROP, MERGE_1Q, Repeat((CANCEL, GATHER_CONSOLIDATE, MERGE_1Q), rounds=4), EJECT_Z),
}


def run_steps(ops: list, steps, ctx: PassContext) -> list:
    """Run `steps` (a level's tuple, or a Repeat's) on `ops`."""
    for step in steps:
        if isinstance(step, Repeat):
            for _ in range(step.rounds):
                before = count_2q(ops)
                ops = run_steps(ops, step.steps, ctx)
                if count_2q(ops) >= before:
                    break
            continue
        if step.when is not None and not step.when(ctx):
            continue
        ops = run_pass(step.name, lambda o, s=step: s.run(o, ctx), ops, ctx)
    return ops


def run_pass(name: str, fn: Callable[[list], list], ops, ctx: PassContext) -> list:
    """fn(ops), timed under `name`, with the ignored operations fenced off."""
    t0 = time.perf_counter()
    out = fenced(ops, ctx.tags_to_ignore, fn)
    ctx.timings[name] = ctx.timings.get(name, 0.0) + time.perf_counter() - t0
    return out
