"""`qtool ketgpt generate` as a Python function: checkpoint in, OpenQASM texts out.

Without a qubit count, sizes are drawn from the training set's (for the family, if one is
asked for), so unconditioned output looks like the data. Requests are sorted by size before
batching, so a batch's circuits finish at similar lengths, then returned in request order.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from qtool.errors import QtoolError
from qtool.ketgpt.checkpoint import Checkpoint
from qtool.ketgpt.sample import SampleOptions, sample_tokens
from qtool.ketgpt.tokenizer import ANY_FAMILY


@dataclass
class Generated:
    qubits: int
    family: str | None
    tokens: list[int]
    qasm: str


def draw_sizes(ckpt: Checkpoint, count: int, family: str | None, rng: random.Random,
               max_qubits: int | None = None) -> list[int]:
    """Qubit counts like the training set's (of that family, when one is given)."""
    table = ckpt.meta.get("family_qubits", {})
    pool = table.get(family or ANY_FAMILY) if family else ckpt.meta.get("qubit_counts")
    if family and not pool:
        pool = ckpt.meta.get("qubit_counts")
    if max_qubits is not None:
        pool = [n for n in (pool or []) if n <= max_qubits]
    if not pool:
        raise QtoolError("no training sizes to draw from: give --qubits")
    return [rng.choice(pool) for _ in range(count)]


def generate(ckpt: Checkpoint, count: int, qubits: int | None = None,
             family: str | None = None, opts: SampleOptions | None = None,
             max_qubits: int | None = None) -> list[Generated]:
    """`count` new circuits, each valid OpenQASM 2.0 by construction."""
    if count < 1:
        raise QtoolError("--count must be >= 1")
    opts = opts or SampleOptions()
    tok = ckpt.tokenizer
    rng = random.Random(opts.seed)
    sizes = [qubits] * count if qubits is not None else draw_sizes(ckpt, count, family, rng, max_qubits)
    tok.prompt(sizes[0], family)  # check the condition before any work
    order = sorted(range(count), key=lambda i: sizes[i])
    seqs = sample_tokens(ckpt.model, tok, [sizes[i] for i in order], [family] * count, opts)
    out: list[Generated | None] = [None] * count
    for i, ids in zip(order, seqs):
        out[i] = Generated(sizes[i], family, ids, tok.decode_qasm(ids))
    return out  # type: ignore[return-value]


def split_stream(text: str) -> list[str]:
    """Programs of a stream: each starts at a line beginning with OPENQASM."""
    out: list[list[str]] = []
    for line in text.splitlines(keepends=True):
        if line.lstrip().startswith("OPENQASM") or not out:
            out.append([])
        out[-1].append(line)
    return ["".join(p) for p in out if "".join(p).strip()]
