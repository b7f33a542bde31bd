"""Constrained, batched sampling with a KV cache: the fast path from checkpoint to circuits.

Continuous batching: a batch of `batch_size` rows decodes one token per row per step, each
row at its own position in the cache, and the moment a row's circuit ends (<eos>) the row
starts the next request (its prompt <bos> n:N f:F is fed one token per step, like any
other). So the batch stays full until the queue runs dry, instead of waiting for its longest
circuit, and every step is the same cheap one-token step. Requests are served largest
qubit count first, so the long circuits are not the ones left running alone at the end.

Before each draw the grammar masks every token that would make the program invalid;
temperature, top-k and top-p then shape what is left.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import torch

from qtool.errors import ParameterError, QtoolError
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
    # torch threads; None: one per core. A continuous batch of 64 rows keeps both cores of
    # this machine busy (95 vs 70 circuits/s measured); on a loaded machine 1 may be faster.
    threads: int | None = None

    def check(self) -> None:
        if not self.temperature > 0:
            raise ParameterError("temperature", " must be > 0")
        if self.top_k is not None and self.top_k < 1:
            raise ParameterError("top_k", " must be >= 1")
        if self.top_p is not None and not 0 < self.top_p <= 1:
            raise ParameterError("top_p", " must be in (0, 1]")
        if self.batch_size < 1:
            raise ParameterError("batch_size", " must be >= 1")


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
    """Token sequences (prompt to <eos>) for each (qubits[i], families[i]), in that order."""
    opts.check()
    model.eval()
    grammar = Grammar(tok)
    max_len = min(opts.max_len or model.config.block_size, model.config.block_size)
    if max_len < 4 + grammar.max_statement:
        raise QtoolError(f"max length {max_len} is too short for even one statement")
    gen = torch.Generator().manual_seed(opts.seed if opts.seed is not None else
                                        torch.seed() % (2 ** 62))
    prompts = [tok.prompt(n, f) for n, f in zip(qubits, families)]
    threads = torch.get_num_threads()
    torch.set_num_threads(opts.threads or default_threads())
    try:
        if opts.use_cache:
            return _continuous(model, grammar, prompts, list(qubits), max_len, opts, gen)
        # Lockstep batches of similar sizes, so a batch's circuits end at similar lengths.
        order = sorted(range(len(prompts)), key=lambda i: qubits[i])
        out: list[list[int] | None] = [None] * len(prompts)
        for start in range(0, len(order), opts.batch_size):
            chunk = order[start:start + opts.batch_size]
            seqs = _recompute(model, grammar, [prompts[i] for i in chunk],
                              [qubits[i] for i in chunk], max_len, opts, gen)
            for i, seq in zip(chunk, seqs):
                out[i] = seq
        return out  # type: ignore[return-value]
    finally:
        torch.set_num_threads(threads)


def default_threads() -> int:
    """Threads when none are asked for: one per core this process may use."""
    from qtool.sim.options import SimOptions

    return SimOptions().cpu_threads()


def _draw(logits: torch.Tensor, allowed: torch.Tensor, opts: SampleOptions,
          gen: torch.Generator) -> torch.Tensor:
    """One token per row from the allowed ones.

    Gumbel-max: argmax(logits + Gumbel noise) is a draw from softmax(logits), and 4x
    cheaper than torch.multinomial at this size.
    """
    masked = _filter(logits.masked_fill(~allowed, float("-inf")), opts)
    u = torch.rand(masked.shape, generator=gen).clamp_(min=1e-12)
    return (masked - torch.log(-torch.log(u))).argmax(dim=-1)


def _continuous(model, grammar, prompts, nq, max_len, opts, gen) -> list[list[int]]:
    """The cached sampler: rows are refilled from a queue as their circuits end."""
    queue = sorted(range(len(prompts)), key=lambda i: -nq[i])   # largest first
    queue.reverse()                                             # pop() from the end
    B = min(opts.batch_size, len(prompts))
    results: list[list[int] | None] = [None] * len(prompts)
    cache = model.new_cache(B)
    state = grammar.start(torch.zeros(B, dtype=torch.long), max_len)
    prompt = torch.zeros(B, 3, dtype=torch.long)   # each row's current prompt
    request = torch.full((B,), -1, dtype=torch.long)
    buf = torch.zeros(B, max_len, dtype=torch.long)   # each row's circuit so far
    feed = torch.zeros(B, dtype=torch.long)

    def start(rows: list[int]) -> None:
        """Begin the next queued request in each of these rows (as many as are queued)."""
        taken = [(r, queue.pop()) for r in rows[: len(queue)]]
        if not taken:
            return
        r_t = torch.tensor([r for r, _ in taken])
        req = torch.tensor([i for _, i in taken])
        request[r_t] = req
        prompt[r_t] = torch.tensor([prompts[i] for _, i in taken])
        buf[r_t, :3] = prompt[r_t]
        feed[r_t] = prompt[r_t, 0]
        cache.restart(r_t)
        state.reset(r_t, torch.tensor([nq[i] for _, i in taken]))

    start(list(range(B)))
    while True:
        live = request >= 0
        logits = model.step(feed, cache)
        cache.pos[~live] = 0                    # idle rows (queue dry) stay at position 0
        pos = cache.pos                         # tokens fed so far in each row's circuit
        in_prompt = pos < 3                     # the fed token was not the prompt's last
        nxt = _draw(logits, state.mask(), opts, gen)
        nxt = torch.where(in_prompt, prompt.gather(1, pos.clamp(max=2)[:, None])[:, 0], nxt)
        sampled = live & ~in_prompt
        state.advance(nxt, sampled)
        rows = torch.nonzero(sampled).flatten()
        buf[rows, pos[rows]] = nxt[rows]
        feed = nxt
        ended = sampled & state.done
        for r in torch.nonzero(ended).flatten().tolist():
            results[int(request[r])] = buf[r, : int(pos[r]) + 1].tolist()
        if bool(ended.any()):
            request[ended] = -1
            start(torch.nonzero(ended).flatten().tolist())
            live = request >= 0
            n_live = int(live.sum())
            if n_live == 0:
                break
            if n_live <= 0.75 * len(live):  # the queue is dry: drop idle rows (geometric)
                keep = torch.nonzero(live).flatten()
                state.keep(keep)
                cache.keep(keep)
                prompt, request, buf, feed = (t[keep] for t in (prompt, request, buf, feed))
    return results  # type: ignore[return-value]


def _recompute(model, grammar, prompts, nq, max_len, opts, gen) -> list[list[int]]:
    """The no-cache reference: every step reads the whole prefix again (a batch in lockstep)."""
    state = grammar.start(torch.tensor(nq), max_len)
    out = [list(p) for p in prompts]
    rows = torch.arange(len(nq))
    logits = model(torch.tensor(prompts))[0][:, -1, :]
    for _ in range(max_len - 3):
        nxt = _draw(logits, state.mask(), opts, gen)
        state.advance(nxt)
        for r, t in zip(rows.tolist(), nxt.tolist()):
            out[r].append(t)
        live = ~state.done
        if not bool(live.any()):
            break
        keep = torch.nonzero(live).flatten()
        state.keep(keep)
        rows = rows[keep]
        logits = model(torch.tensor([out[r] for r in rows.tolist()]))[0][:, -1, :]
    eos = grammar.eos
    return [row[: row.index(eos) + 1] if eos in row else row for row in out]
