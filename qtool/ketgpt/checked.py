"""Family-conditioned generation that checks the function: `ketgpt generate --tries N`.

Why: conditioned on ghz, qft or bv, the model writes circuits that look like the family but
seldom work (issue 18: 10%, 1.7% and 1.7% on the shipped model). Sampling cannot see
function, but the project can check it (qtool.ketgpt.functional, the code the verifier
scores with). So this draws, checks, and redraws the circuits that fail, at most `tries`
draws each, and says how many worked as first written (the model's own share) beside how
many work after the check, so the two are never confused.

For the state families (ghz, wstate) a circuit is also cut at its shortest prefix that
prepares the state: the model often writes a correct GHZ and then does not stop (on the
shipped model, 22 of 60 draws held a working prefix where 6 worked whole). The prefix is
checked incrementally on the state vector (one small gate matrix per statement), so the
scan costs about one simulation. Unitary families (qft, bv, grover) are checked whole: a
prefix scan there costs a unitary per statement and found almost nothing more.

A circuit that never works within its draws is still returned (its last draw), marked as
not working: `count` circuits always come back.
"""

from __future__ import annotations

import dataclasses
import random
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

import numpy as np

from qtool.errors import ParameterError
from qtool.ketgpt.checkpoint import Checkpoint
from qtool.ketgpt.functional import FAMILIES, THRESHOLD, _reference, is_functional
from qtool.ketgpt.generate import Generated, draw_conditions
from qtool.ketgpt.sample import SampleOptions, sample_tokens

STATE_FAMILIES = ("ghz", "wstate")
# Largest size checked: a state is 2^n numbers, a unitary 4^n (10 qubits: 16 MB).
MAX_CHECK_QUBITS = {"ghz": 16, "wstate": 16, "qft": 10, "bv": 10, "grover": 10}


@dataclass
class Checked:
    """What `generate_working` drew: the circuits (request order) and the accounting."""

    circuits: list[Generated]
    works: list[bool]        # does circuit i do what the family does (after the check)
    draws: list[int]         # samples spent on circuit i (1..tries)
    first_draw_works: int    # circuits whose first draw worked as written: the model's share

    @property
    def working(self) -> int:
        return sum(self.works)

    @property
    def total_draws(self) -> int:
        return sum(self.draws)


@lru_cache(maxsize=4096)
def _gate_matrix(name: str, params: tuple) -> np.ndarray:
    """The gate's matrix on its own qubits (first qubit the most significant bit)."""
    from qtool.ketgpt.tokenizer import GATES
    from qtool.ketgpt.functional import unitary

    arity = GATES[name][1]
    return unitary(arity, [(name, params, tuple(range(arity)))])


def working_prefix(family: str, n: int, statements: Sequence) -> int | None:
    """The number of leading statements that do what `family` does on n qubits: the whole
    circuit's length when it works as written, else (ghz, wstate) the shortest working
    prefix, else None."""
    statements = list(statements)
    if family not in STATE_FAMILIES or not statements:
        return len(statements) if is_functional(family, n, statements) else None
    from qtool.circuits import FAMILIES as LIB

    if not LIB[family].min_qubits <= n <= LIB[family].max_qubits:
        return None
    # The state after each statement, on a 2^n vector (qubit 0 the first axis, as
    # functional.state orders it): the same test as is_functional, one pass for every prefix.
    ref = _reference(family, n)
    psi = np.zeros((2,) * n, dtype=np.complex128)
    psi[(0,) * n] = 1.0
    first = None
    for j, (name, params, qubits) in enumerate(statements, start=1):
        k = len(qubits)
        m = _gate_matrix(name, tuple(params)).reshape((2,) * (2 * k))
        psi = np.moveaxis(np.tensordot(m, psi, axes=(list(range(k, 2 * k)), list(qubits))),
                          list(range(k)), list(qubits))
        if first is None and abs(np.vdot(ref, psi.reshape(-1))) ** 2 >= THRESHOLD:
            first = j
    whole = abs(np.vdot(ref, psi.reshape(-1))) ** 2 >= THRESHOLD
    return len(statements) if whole else first


def _cut(tok, seq: list[int], statements: Sequence, keep: int) -> list[int]:
    """The token sequence of the first `keep` statements, then <eos>: the model's own
    tokens, not a re-encoding of decoded angles."""
    from qtool.ketgpt.tokenizer import EOS, GATES

    end = 3 + sum(1 + len(params) + GATES[name][1] + tok.separator
                  for name, params, _q in statements[:keep])
    return list(seq[:end]) + [tok.index[EOS]]


def check_request(family: str | None, qubits: int | None, tries: int) -> None:
    """Refuse, before any sampling, a request the check cannot serve."""
    if tries < 1:
        raise ParameterError.of_value("tries", tries, "expected 1 or more")
    if family not in FAMILIES:
        raise ParameterError("tries", f" checks what a family does: it needs {{family}} "
                             f"{', '.join(FAMILIES)} (not {family or 'none'})",
                             names=("family",))
    from qtool.circuits import FAMILIES as LIB

    lo, hi = LIB[family].min_qubits, min(LIB[family].max_qubits, MAX_CHECK_QUBITS[family])
    if qubits is not None and not lo <= qubits <= hi:
        raise ParameterError("tries", f" checks {family} on {lo} to {hi} qubits, not "
                             f"{{qubits}} {qubits}", names=("qubits",))


def generate_working(ckpt: Checkpoint, count: int, qubits: int | None, family: str,
                     opts: SampleOptions | None = None, tries: int = 8,
                     max_qubits: int | None = None) -> Checked:
    """`count` circuits of `family`, each redrawn until it works, at most `tries` draws.

    The first draw is exactly what `generate` writes with the same options (same
    conditions, same seed); later draws use seeds derived from it.
    """
    from qtool.circuits import FAMILIES as LIB

    check_request(family, qubits, tries)
    if count < 1:
        raise ParameterError.of_value("count", count, "expected 1 or more")
    opts = opts or SampleOptions()
    if opts.max_len is None and "longest_tokens" in ckpt.meta:
        opts = dataclasses.replace(opts, max_len=int(ckpt.meta["longest_tokens"]))
    tok = ckpt.tokenizer
    tok.prompt(qubits or 1, family)
    rng = random.Random(opts.seed)
    if qubits is None:   # only sizes the check takes
        hi = min(LIB[family].max_qubits, MAX_CHECK_QUBITS[family], max_qubits or 10 ** 9)
        max_qubits = hi
    conds = draw_conditions(ckpt, count, qubits, family, rng, max_qubits)
    seeds = random.Random(opts.seed if opts.seed is not None else random.randrange(2 ** 62))
    ids: list[list[int] | None] = [None] * count
    works, draws = [False] * count, [0] * count
    first = 0
    pending = list(range(count))
    for attempt in range(tries):
        if not pending:
            break
        o = opts if attempt == 0 else dataclasses.replace(opts, seed=seeds.randrange(2 ** 62))
        seqs = sample_tokens(ckpt.model, tok, [conds[i][0] for i in pending],
                             [family] * len(pending), o)
        for i, seq in zip(pending, seqs):
            draws[i] += 1
            n, _f, sts = tok.decode(seq)
            keep = working_prefix(family, n, sts)
            if keep is None:
                ids[i] = seq
                continue
            first += attempt == 0 and keep == len(sts)
            works[i] = True
            ids[i] = seq if keep == len(sts) else _cut(tok, seq, sts, keep)
        pending = [i for i in pending if not works[i]]
    out = [Generated(n, f, s, tok.decode_qasm(s)) for (n, f), s in zip(conds, ids)]
    return Checked(out, works, draws, first)
