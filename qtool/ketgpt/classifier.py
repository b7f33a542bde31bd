"""Verification, part two: can a trained classifier tell real, random and generated apart?

A small transformer (KetGPT's blocks without the causal mask, mean-pooled, one linear head)
reads the *whole* circuit as KetGPT tokens, with the family token blanked to `f:*` so the
condition gives nothing away. Apak et al.'s DistilBERT read only the first ~46 lines.

Two classifiers are trained per verification, each on a stratified split, and judged on the
part they never saw: a three-way one (real / random / generated) whose confusion matrix says
how distinguishable the sets are, and a real-vs-random one whose verdict on the generated
circuits is "the share of generated called real".
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Sequence

import torch
import torch.nn as nn
from torch.nn import functional as F

from qtool.ketgpt.model import GPT, GPTConfig
from qtool.ketgpt.tokenizer import Tokenizer


@dataclass
class ClassifierOptions:
    n_layer: int = 2
    n_head: int = 4
    n_embd: int = 64
    # Held-out real-vs-random accuracy (measured): 300 steps on 350+350 circuits 81%, 800
    # steps 92%; 1500 steps on 1400+1400 circuits 96%, with 3% of random called real.
    steps: int = 1500
    batch_tokens: int = 8192
    lr: float = 2e-3
    test_fraction: float = 0.3
    seed: int = 0
    threads: int = 1      # small ops on a shared machine: one thread is faster (measured)


class CircuitClassifier(nn.Module):
    def __init__(self, cfg: GPTConfig, classes: int):
        super().__init__()
        self.trunk = GPT(cfg, causal=False)
        self.head = nn.Linear(cfg.n_embd, classes)

    def forward(self, idx: torch.Tensor, keep: torch.Tensor) -> torch.Tensor:
        """Class logits (B, classes) of padded token batches; keep (B, T) marks real tokens."""
        h = self.trunk.hidden(idx, key_mask=keep)               # (B, T, C)
        w = keep.float()[:, :, None]
        pooled = (h * w).sum(1) / w.sum(1).clamp(min=1.0)           # (B, C)
        return self.head(pooled)


def _pad(seqs: Sequence[list[int]], pad: int) -> tuple[torch.Tensor, torch.Tensor]:
    T = max(len(s) for s in seqs)
    x = torch.full((len(seqs), T), pad, dtype=torch.long)
    for r, s in enumerate(seqs):
        x[r, : len(s)] = torch.tensor(s, dtype=torch.long)
    return x, x != pad


def _batches(lengths: Sequence[int], batch_tokens: int, rng: random.Random) -> list[list[int]]:
    order = sorted(range(len(lengths)), key=lambda i: (lengths[i], rng.random()))
    out, cur, longest = [], [], 0
    for i in order:
        if cur and max(longest, lengths[i]) * (len(cur) + 1) > batch_tokens:
            out.append(cur)
            cur, longest = [], 0
        cur.append(i)
        longest = max(longest, lengths[i])
    if cur:
        out.append(cur)
    rng.shuffle(out)
    return out


def stratified_split(labels: Sequence[int], test_fraction: float, seed: int) -> tuple[list, list]:
    """Train and test indices with every class split in the same proportion."""
    rng = random.Random(seed)
    train, test = [], []
    for c in sorted(set(labels)):
        idx = [i for i, y in enumerate(labels) if y == c]
        rng.shuffle(idx)
        k = max(1, round(len(idx) * test_fraction)) if len(idx) > 1 else 0
        test += idx[:k]
        train += idx[k:]
    return train, test


def fit(seqs: Sequence[list[int]], labels: Sequence[int], classes: int, tok: Tokenizer,
        opts: ClassifierOptions, block_size: int | None = None) -> CircuitClassifier:
    """Train a classifier on token sequences and integer labels.

    block_size: the longest sequence it will ever read (default: the longest here).
    """
    torch.set_num_threads(opts.threads)
    torch.manual_seed(opts.seed)
    rng = random.Random(opts.seed)
    cfg = GPTConfig(vocab_size=len(tok), block_size=block_size or max(len(s) for s in seqs),
                    n_layer=opts.n_layer, n_head=opts.n_head, n_embd=opts.n_embd)
    model = CircuitClassifier(cfg, classes)
    optim = torch.optim.AdamW(model.parameters(), lr=opts.lr, weight_decay=0.01)
    pad = tok.id("<pad>")
    lengths = [len(s) for s in seqs]
    batches: list[list[int]] = []
    model.train()
    for step in range(opts.steps):
        if not batches:
            batches = _batches(lengths, opts.batch_tokens, rng)
        idx = batches.pop()
        x, keep = _pad([seqs[i] for i in idx], pad)
        y = torch.tensor([labels[i] for i in idx])
        for g in optim.param_groups:  # linear decay: stable last steps on small data
            g["lr"] = opts.lr * (1 - step / opts.steps)
        loss = F.cross_entropy(model(x, keep), y)
        optim.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optim.step()
    model.eval()
    return model


@torch.no_grad()
def predict(model: CircuitClassifier, seqs: Sequence[list[int]], tok: Tokenizer,
            batch_tokens: int = 16384) -> list[int]:
    """The predicted class of each sequence."""
    pad = tok.id("<pad>")
    out = [0] * len(seqs)
    for idx in _batches([len(s) for s in seqs], batch_tokens, random.Random(0)):
        x, keep = _pad([seqs[i] for i in idx], pad)
        for i, p in zip(idx, model(x, keep).argmax(-1).tolist()):
            out[i] = p
    return out


def confusion(true: Sequence[int], pred: Sequence[int], classes: int) -> list[list[int]]:
    """Rows: true class; columns: predicted class."""
    m = [[0] * classes for _ in range(classes)]
    for t, p in zip(true, pred):
        m[t][p] += 1
    return m


def three_way(real: list[list[int]], random_: list[list[int]], generated: list[list[int]],
              tok: Tokenizer, opts: ClassifierOptions) -> dict:
    """Confusion matrix of a real / random / generated classifier on its held-out split.

    Classes are balanced by cutting each to the smallest one's size (a seeded choice).
    """
    rng = random.Random(opts.seed)
    k = min(len(real), len(random_), len(generated))
    groups = [rng.sample(g, k) for g in (real, random_, generated)]
    seqs = [s for g in groups for s in g]
    labels = [c for c, g in enumerate(groups) for _ in g]
    train, test = stratified_split(labels, opts.test_fraction, opts.seed)
    longest = max(len(s) for s in seqs)
    model = fit([seqs[i] for i in train], [labels[i] for i in train], 3, tok, opts, longest)
    pred = predict(model, [seqs[i] for i in test], tok)
    true = [labels[i] for i in test]
    return {"classes": ["real", "random", "generated"], "per_class": k,
            "test_size": len(test), "confusion": confusion(true, pred, 3),
            "accuracy": sum(t == p for t, p in zip(true, pred)) / max(len(test), 1)}


def real_vs_random(real: list[list[int]], random_: list[list[int]], generated: list[list[int]],
                   tok: Tokenizer, opts: ClassifierOptions) -> dict:
    """Train real-vs-random; report its held-out confusion and how many generated it calls real."""
    rng = random.Random(opts.seed + 1)
    k = min(len(real), len(random_))
    groups = [rng.sample(real, k), rng.sample(random_, k)]
    seqs = [s for g in groups for s in g]
    labels = [c for c, g in enumerate(groups) for _ in g]
    train, test = stratified_split(labels, opts.test_fraction, opts.seed)
    longest = max(len(s) for s in seqs + list(generated))
    model = fit([seqs[i] for i in train], [labels[i] for i in train], 2, tok, opts, longest)
    pred = predict(model, [seqs[i] for i in test], tok)
    true = [labels[i] for i in test]
    cm = confusion(true, pred, 2)
    gen_pred = predict(model, generated, tok)
    return {"classes": ["real", "random"], "test_size": len(test), "confusion": cm,
            "accuracy": sum(t == p for t, p in zip(true, pred)) / max(len(test), 1),
            "real_called_real": cm[0][0] / max(sum(cm[0]), 1),
            "random_called_real": cm[1][0] / max(sum(cm[1]), 1),
            "generated_called_real": sum(p == 0 for p in gen_pred) / max(len(gen_pred), 1)}
