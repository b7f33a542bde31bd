"""Proposals from the model: batched grammar-masked sampling with a KV cache, and a
residual beam search.

Sampling: the target's prefix rows and the prompt `<bos> n:N f:FAMILY` are fed once
(GPT.step with `embeds`, filling a one-row KVCache), the cache is copied to S rows
(KVCache.keep with repeated rows), and the S candidates decode in lockstep, one token per
row per step. Before each draw KetGPT's Grammar masks every token that would make the
program invalid, and two masks of our own keep the gates in the requested set and the
statement count within --max-gates.

Residual beam (discrete sets, unitary targets): the model scores every possible first
statement of the remaining circuit R (starting at R = U); applying statement g leaves
R g^dagger to do. The beam keeps the `width` best-scored distinct residuals per depth, and
the search ends at the first depth where a residual is the identity up to phase, or is one
of the short circuits of a breadth-first table (`bfs.table`). Every step is exact: a
finished beam is a proof, not a guess.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass

import numpy as np
import torch
from torch.nn import functional as F

from qtool.ketgpt.grammar import Grammar
from qtool.ketgpt.tokenizer import EOS, GATES, PAD
from qtool.synth import encode, linalg
from qtool.synth.model import SynthModel


def gate_token_mask(tok, gates) -> torch.Tensor:
    """(V,) True for the g: tokens of `gates`."""
    m = torch.zeros(len(tok), dtype=torch.bool)
    for g in gates:
        m[tok.id(f"g:{g}")] = True
    return m


def _gumbel_draw(logits: torch.Tensor, temperature: float, gen: torch.Generator) -> torch.Tensor:
    u = torch.rand(logits.shape, generator=gen).clamp_(min=1e-12)
    return (logits / temperature - torch.log(-torch.log(u))).argmax(dim=-1)


@torch.no_grad()
def sample_circuits(model: SynthModel, family: str, kind: str, target: np.ndarray, n: int,
                    gates, count: int, max_gates: int, seed: int, temperature: float = 1.0,
                    batch_size: int = 256):
    """Up to `count` sampled circuits [(statements, log-probability)], most likely first,
    duplicates removed."""
    tok = model.tok
    gpt = model.gpt
    feats = torch.from_numpy(encode.features(kind, target, model.in_dim))[None]
    prefix = model.prefix(feats)[0]
    prompt = tok.prompt(n, family)
    P = prefix.shape[0]
    max_stmt = 1 + max(GATES[g][0] + GATES[g][1] for g in gates)
    max_len = min(3 + max_gates * max_stmt + 1, gpt.config.block_size - P)
    grammar = Grammar(tok)
    allowed_gates = gate_token_mask(tok, gates)
    is_gate = grammar.is_gate
    gen = torch.Generator().manual_seed(seed)
    base = gpt.new_cache(1)
    zero = torch.zeros(1, dtype=torch.long)
    for p in range(P):
        gpt.step(zero, base, embeds=prefix[p:p + 1])
    for t in prompt[:-1]:
        gpt.step(torch.tensor([t]), base)
    seen: dict[tuple, float] = {}
    done_rows = 0
    while done_rows < count:
        B = min(batch_size, count - done_rows)
        done_rows += B
        cache = gpt.new_cache(1)
        cache.k = [t.clone() for t in base.k]
        cache.v = [t.clone() for t in base.v]
        cache.pos = base.pos.clone()
        cache.keep(torch.zeros(B, dtype=torch.long))
        state = grammar.start(torch.full((B,), n), max_len)
        feed = torch.full((B,), prompt[-1], dtype=torch.long)
        out = torch.zeros(B, max_len, dtype=torch.long)
        out[:, :3] = torch.tensor(prompt)
        logp = torch.zeros(B)
        for pos in range(3, max_len):
            logits = gpt.step(feed, cache)
            mask = state.mask()
            mask &= ~is_gate[None, :] | allowed_gates[None, :]
            mask[state.statements >= max_gates] &= ~is_gate
            lg = logits.masked_fill(~mask, float("-inf"))
            nxt = _gumbel_draw(lg, temperature, gen)
            live = ~state.done
            lp = F.log_softmax(lg, dim=-1).gather(1, nxt[:, None])[:, 0]
            logp += torch.where(live, lp, torch.zeros_like(lp))
            state.advance(nxt)
            out[:, pos] = torch.where(live, nxt, torch.full_like(nxt, tok.id(PAD)))
            feed = nxt
            if bool(state.done.all()):
                break
        eos = tok.id(EOS)
        for r in range(B):
            row = out[r].tolist()
            if eos not in row:
                continue
            _, _, st = tok.decode(row[: row.index(eos) + 1])
            key = tuple(st)
            if key not in seen or seen[key] < float(logp[r]):
                seen[key] = float(logp[r])
    return sorted(((list(k), v) for k, v in seen.items()), key=lambda kv: -kv[1])


@torch.no_grad()
def sequence_scores(model: SynthModel, family: str, kind: str, target: np.ndarray, n: int,
                    circuits, batch_size: int = 512, eos: bool = True) -> np.ndarray:
    """(len(circuits),) log-probability of each whole circuit (to <eos>) given the target,
    teacher-forced in batches: ranking a known list costs one forward pass per batch.
    eos=False: of the circuit as a prefix (the <eos> token not scored), for a search that
    will extend it."""
    tok = model.tok
    feats = torch.from_numpy(encode.features(kind, target, model.in_dim))[None]
    out = []
    for lo in range(0, len(circuits), batch_size):
        seqs = [tok.encode(n, st, family) for st in circuits[lo:lo + batch_size]]
        T = max(len(s) for s in seqs) - 1
        x = torch.zeros(len(seqs), T, dtype=torch.long)
        y = torch.full((len(seqs), T), -1, dtype=torch.long)
        for i, s in enumerate(seqs):
            x[i, : len(s) - 1] = torch.tensor(s[:-1])
            y[i, 2: len(s) - 1] = torch.tensor(s[3:])
            if not eos:
                y[i, len(s) - 2] = -1
        logits, _ = model(feats.expand(len(seqs), -1, -1), x)
        lp = F.log_softmax(logits, dim=-1)
        picked = lp.gather(2, y.clamp(min=0)[..., None])[..., 0]
        out.append(torch.where(y >= 0, picked, torch.zeros_like(picked)).sum(1).numpy())
    return np.concatenate(out) if out else np.zeros(0)


def placements(gates, n: int):
    """Every distinct statement of `gates` on n qubits (one order of symmetric qubits)."""
    out = []
    for g in gates:
        n_params, arity = GATES[g]
        if n_params or arity > n:
            continue
        for qs in itertools.permutations(range(n), arity):
            if g in ("swap", "cz") and qs[0] > qs[1]:
                continue
            if g in ("ccx", "cswap") and qs[0] > qs[1]:
                continue
            out.append((g, (), qs))
    return out


def residual_key(r: np.ndarray) -> bytes:
    c = encode.canonical_phase(r)
    return (np.round(c.real * 1e6) + 0.0).astype(np.int64).tobytes() + \
        (np.round(c.imag * 1e6) + 0.0).astype(np.int64).tobytes()


@dataclass
class BeamResult:
    statements: list | None
    expanded: int
    depth: int


@torch.no_grad()
def statement_scores(model: SynthModel, family: str, residuals, n: int, stmts) -> np.ndarray:
    """(len(residuals), len(stmts)) log-probability of each first statement per residual.

    The prefix and prompt are fed once per residual into a KV cache, which is then copied
    to one row per (residual, statement) for the statement's own 2-4 tokens."""
    tok, gpt = model.tok, model.gpt
    feats = torch.from_numpy(np.stack([encode.features("unitary", r, model.in_dim)
                                       for r in residuals]))
    prefix = model.prefix(feats)                                       # (R, P, C)
    R, P = prefix.shape[:2]
    prompt = tok.prompt(n, family)
    cache = gpt.new_cache(R)
    zero = torch.zeros(R, dtype=torch.long)
    for p in range(P):
        gpt.step(zero, cache, embeds=prefix[:, p])
    for t in prompt[:-1]:
        gpt.step(torch.full((R,), t), cache)
    L = max(1 + GATES[g][1] for g, _p, _q in stmts)
    S = len(stmts)
    words = torch.full((S, L), tok.id(PAD), dtype=torch.long)
    valid = torch.zeros(S, L, dtype=torch.bool)
    for i, (g, _p, qs) in enumerate(stmts):
        w = [tok.id(f"g:{g}")] + [tok.id(f"q:{q}") for q in qs]
        words[i, : len(w)] = torch.tensor(w)
        valid[i, : len(w)] = True
    cache.keep(torch.arange(R).repeat_interleave(S))
    words_b, valid_b = words.repeat(R, 1), valid.repeat(R, 1)
    feed = torch.full((R * S,), prompt[-1], dtype=torch.long)
    total = torch.zeros(R * S)
    for j in range(L):
        lp = F.log_softmax(gpt.step(feed, cache), dim=-1)
        total += torch.where(valid_b[:, j], lp.gather(1, words_b[:, j:j + 1])[:, 0],
                             torch.zeros(R * S))
        feed = words_b[:, j]
    return total.view(R, S).numpy()


def residual_beam(model: SynthModel | None, family: str, target: np.ndarray, n: int, gates,
                  width: int, max_gates: int, table=None, deadline: float | None = None,
                  rng: np.random.Generator | None = None, mitm_table=None) -> BeamResult:
    """Search for a circuit of `gates` with unitary `target` (up to phase).

    model None: the statements are ranked at random (the untrained baseline uses a
    model; None is plain random beam). With `mitm_table` (mitm.Table) every kept residual
    is also looked up meet-in-the-middle, which finishes it when it is within the
    table's reach."""
    stmts = placements(gates, n)
    mats = [linalg.gate_matrix(g) for g, _p, qs in stmts]
    full = [_embed(m, qs, n) for m, (_g, _p, qs) in zip(mats, stmts)]
    ident = np.eye(2 ** n)
    beams = [(0.0, [], np.asarray(target, dtype=complex))]
    expanded = 0
    for depth in range(max_gates + 1):
        for _score, st, r in beams:
            if linalg.unitary_fidelity(ident, r) > 1 - 1e-9:
                return BeamResult(st, expanded, depth)
            if table is not None:
                hit = table.get(residual_key(r))
                if hit is not None and len(st) + len(hit) <= max_gates:
                    return BeamResult(st + list(hit), expanded, depth + len(hit))
            if mitm_table is not None and depth > 0:
                from qtool.synth import mitm

                rest = mitm.search(mitm_table, r, max_gates - len(st))
                expanded += len(mitm_table.scan_unitaries)
                if rest is not None:
                    return BeamResult(st + rest, expanded, depth + len(rest))
            if deadline is not None and time.process_time() > deadline:
                break
        if depth == max_gates or (deadline is not None and time.process_time() > deadline):
            break
        if model is not None:
            scores = statement_scores(model, family, [b[2] for b in beams], n, stmts)
        else:
            scores = np.log(rng.random((len(beams), len(stmts))))
        cand = []
        for bi, (score, st, r) in enumerate(beams):
            for si in range(len(stmts)):
                cand.append((score + float(scores[bi, si]), bi, si))
        cand.sort(key=lambda c: -c[0])
        nxt, keys = [], set()
        for score, bi, si in cand:
            _s, st, r = beams[bi]
            nr = r @ full[si].conj().T
            expanded += 1
            k = residual_key(nr)
            if k in keys:
                continue
            keys.add(k)
            nxt.append((score, st + [stmts[si]], nr))
            if len(nxt) >= width:
                break
        beams = nxt
    return BeamResult(None, expanded, depth)


def _embed(m: np.ndarray, qubits, n: int) -> np.ndarray:
    """The 2^n matrix of a gate on `qubits`."""
    d = 2 ** n
    t = np.eye(d, dtype=complex).reshape((2,) * n + (d,))
    return linalg.apply(t, n, m, qubits).reshape(d, d)
