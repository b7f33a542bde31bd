"""`qtool ketgpt generate` as a Python function: checkpoint in, OpenQASM texts out.

Without a qubit count, conditions are drawn from the training set's (family, size) pairs
(only sizes, if a family is asked for), so unconditioned output looks like the data. The
sampler schedules the requests itself and returns them in request order.
"""

from __future__ import annotations

import dataclasses
import random
from dataclasses import dataclass

from qtool.errors import ParameterError
from qtool.ketgpt.checkpoint import Checkpoint
from qtool.ketgpt.sample import SampleOptions, sample_tokens
from qtool.ketgpt.tokenizer import ANY_FAMILY


@dataclass
class Generated:
    qubits: int
    family: str | None
    tokens: list[int]
    qasm: str


def draw_conditions(ckpt: Checkpoint, count: int, qubits: int | None, family: str | None,
                    rng: random.Random, max_qubits: int | None = None) -> list[tuple]:
    """(qubits, family) per circuit: what is given, the rest drawn like the training set.

    With neither given, whole (family, size) pairs are drawn from the training circuits, so
    the model writes each circuit under the condition it learned best; with only a size,
    the family is `*` (any).
    """
    if qubits is not None:
        return [(qubits, family)] * count
    table = ckpt.meta.get("family_qubits", {})
    if family is not None:
        pairs = [(n, family) for n in table.get(family, ())]
        if not pairs:  # a family the tokenizer knows but training never saw: sizes of all
            pairs = [(n, family) for n in ckpt.meta.get("qubit_counts", ())]
    else:
        pairs = [(n, None if f == ANY_FAMILY else f) for f, ns in table.items() for n in ns]
    if max_qubits is not None:
        pairs = [(n, f) for n, f in pairs if n <= max_qubits]
    if not pairs:
        raise ParameterError("qubits", " is needed: the checkpoint records no training sizes "
                             "to draw from")
    return [rng.choice(pairs) for _ in range(count)]


def generate(ckpt: Checkpoint, count: int, qubits: int | None = None,
             family: str | None = None, opts: SampleOptions | None = None,
             max_qubits: int | None = None) -> list[Generated]:
    """`count` new circuits, each valid OpenQASM 2.0 by construction."""
    if count < 1:
        raise ParameterError("count", " must be >= 1")
    opts = opts or SampleOptions()
    if opts.max_len is None and "longest_tokens" in ckpt.meta:
        # Positions past the longest training circuit were never trained: stop there.
        opts = dataclasses.replace(opts, max_len=int(ckpt.meta["longest_tokens"]))
    tok = ckpt.tokenizer
    rng = random.Random(opts.seed)
    tok.prompt(qubits or 1, family)  # check the condition before any work
    conds = draw_conditions(ckpt, count, qubits, family, rng, max_qubits)
    seqs = sample_tokens(ckpt.model, tok, [n for n, _ in conds], [f for _, f in conds], opts)
    return [Generated(n, f, ids, tok.decode_qasm(ids)) for (n, f), ids in zip(conds, seqs)]


def split_stream(text: str) -> list[str]:
    """The non-blank programs of a `generate --count N` stream, split by the shared splitter
    (qtool.qasm.stream.split_programs: a program starts at a line whose first word is
    OPENQASM; leading comments go with the first)."""
    from qtool.qasm.stream import split_programs

    return [p.text for p in split_programs(text) if p.text.strip()]
