"""Constrained, batched sampling with a KV cache: the fast path from checkpoint to circuits.

A batch of prompts (<bos> n:N f:F, all three tokens long) goes through the model once; after
that every step feeds one token per sequence and reuses the cached keys and values. Before
each draw the grammar masks every token that would make the program invalid; temperature,
top-k and top-p then shape what is left. A sequence stops at <eos>; the batch stops when all
have.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import torch

from qtool.errors import QtoolError
from qtool.ketgpt.grammar import Grammar
from qtool.ketgpt.model import GPT
from qtool.ketgpt.tokenizer import Tokenizer


@dataclass
class SampleOptions:
    temperature: float = 1.0
    top_k: int | None = None      # keep the k likeliest allowed tokens
    top_p: float | None = None    # keep the smallest set of allowed tokens with mass >= p
    max_len: int | None = None    # tokens per circuit; default: the model's block size
    batch_size: int = 64
    seed: int | None = None
    use_cache: bool = True        # False recomputes the whole prefix: the benchmark reference
    threads: int = 1              # one step's ops are tiny: a second thread only adds waiting

    def check(self) -> None:
        if not self.temperature > 0:
            raise QtoolError("--temperature must be > 0")
        if self.top_k is not None and self.top_k < 1:
            raise QtoolError("--top-k must be >= 1")
        if self.top_p is not None and not 0 < self.top_p <= 1:
            raise QtoolError("--top-p must be in (0, 1]")
        if self.batch_size < 1:
            raise QtoolError("batch size must be >= 1")


def _filter(logits: torch.Tensor, opts: SampleOptions) -> torch.Tensor:
    """Apply temperature, top-k and top-p to masked logits (-inf where not allowed)."""
    logits = logits / opts.temperature
    if opts.top_k is not None and opts.top_k < logits.shape[-1]:
        kth = torch.topk(logits, opts.top_k, dim=-1).values[:, -1:]
        logits = logits.masked_fill(logits < kth, float("-inf"))
    if opts.top_p is not None and opts.top_p < 1:
        sorted_logits, order = torch.sort(logits, descending=True, dim=-1)
        probs = torch.softmax(sorted_logits, dim=-1)
        # Drop a token when the mass before it already reaches top_p (the first always stays).
        drop = (probs.cumsum(dim=-1) - probs) >= opts.top_p
        sorted_logits = sorted_logits.masked_fill(drop, float("-inf"))
        logits = torch.full_like(logits, float("-inf")).scatter(-1, order, sorted_logits)
    return logits


@torch.no_grad()
def sample_tokens(model: GPT, tok: Tokenizer, qubits: Sequence[int],
                  families: Sequence[str | None], opts: SampleOptions) -> list[list[int]]:
    """Token sequences (prompt to <eos>) for each (qubits[i], families[i])."""
    opts.check()
    model.eval()
    grammar = Grammar(tok)
    max_len = min(opts.max_len or model.config.block_size, model.config.block_size)
    if max_len < 4 + grammar.max_statement:
        raise QtoolError(f"max length {max_len} is too short for even one statement")
    gen = torch.Generator().manual_seed(opts.seed if opts.seed is not None else
                                        torch.seed() % (2 ** 62))
    out: list[list[int]] = []
    threads = torch.get_num_threads()
    torch.set_num_threads(opts.threads)
    try:
        for start in range(0, len(qubits), opts.batch_size):
            nq = list(qubits[start:start + opts.batch_size])
            fams = list(families[start:start + opts.batch_size])
            out += _sample_batch(model, tok, grammar, nq, fams, max_len, opts, gen)
    finally:
        torch.set_num_threads(threads)
    return out


def _sample_batch(model, tok, grammar, nq, fams, max_len, opts, gen) -> list[list[int]]:
    prompts = torch.tensor([tok.prompt(n, f) for n, f in zip(nq, fams)], dtype=torch.long)
    state = grammar.start(torch.tensor(nq), max_len)
    out = prompts.tolist()
    rows = torch.arange(len(nq))          # which request each live batch row serves
    cache = model.new_cache(len(nq), max_len) if opts.use_cache else None
    logits = model(prompts, past=cache)[0][:, -1, :]
    for _ in range(max_len - prompts.shape[1]):
        masked = _filter(logits.masked_fill(~state.mask(), float("-inf")), opts)
        # Gumbel-max: argmax(logits + Gumbel noise) is a draw from softmax(logits), and
        # 4x cheaper than torch.multinomial at this size.
        u = torch.rand(masked.shape, generator=gen).clamp_(min=1e-12)
        nxt = (masked - torch.log(-torch.log(u))).argmax(dim=-1)  # (B,)
        state.advance(nxt)
        for r, t in zip(rows.tolist(), nxt.tolist()):
            out[r].append(t)
        live = ~state.done
        n_live = int(live.sum())
        if n_live == 0:
            break
        if n_live <= 0.75 * len(live):  # drop finished rows; geometric, so few copies
            keep = torch.nonzero(live).flatten()
            state.keep(keep)
            rows, nxt = rows[keep], nxt[keep]
            if cache is not None:
                cache.keep(keep)
        if cache is not None:
            logits = model(nxt[:, None], past=cache)[0][:, -1, :]
        else:  # the reference: the whole prefix again, every step
            logits = model(torch.tensor([out[r] for r in rows.tolist()]))[0][:, -1, :]
    eos = grammar.eos
    return [row[: row.index(eos) + 1] if eos in row else row for row in out]
