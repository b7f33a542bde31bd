"""KetGPT's transformer: a small decoder-only GPT in plain torch, nanoGPT-style.

Attention, MLP, block, model, composed in that order. `forward` takes an optional KV cache
so sampling feeds one token per step instead of the whole prefix (see sample.py). The same
blocks, read without the causal mask and pooled, make the verifier's classifier.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import torch
import torch.nn as nn
from torch.nn import functional as F


@dataclass
class GPTConfig:
    vocab_size: int = 512
    block_size: int = 1024      # longest circuit in tokens (<bos> .. <eos>) the model sees
    n_layer: int = 4
    n_head: int = 4
    n_embd: int = 128
    dropout: float = 0.0        # the data are small but varied; dropout slowed CPU training
    bias: bool = False          # no biases in Linear/LayerNorm: fewer parameters, as good

    def to_dict(self) -> dict:
        return asdict(self)


# Named sizes for `qtool ketgpt train --config`.
CONFIGS = {
    "tiny": dict(n_layer=1, n_head=2, n_embd=32),       # tests: trains in seconds
    "small": dict(n_layer=4, n_head=4, n_embd=128),     # the shipped model: ~10 min on 2 cores
    "base": dict(n_layer=6, n_head=8, n_embd=256),      # for a GPU or a long CPU run
}

class KVCache:
    """Keys and values of every layer, preallocated for max_len positions.

    Written in place as tokens arrive: growing the cache by concatenation would copy it
    every step (quadratic in length, and most of the time of a long sample).
    """

    def __init__(self, cfg: "GPTConfig", batch: int, max_len: int, device="cpu"):
        hs = cfg.n_embd // cfg.n_head
        shape = (batch, cfg.n_head, max_len, hs)
        self.k = [torch.zeros(shape, device=device) for _ in range(cfg.n_layer)]
        self.v = [torch.zeros(shape, device=device) for _ in range(cfg.n_layer)]
        self.length = 0

    def keep(self, rows: torch.Tensor) -> None:
        """Drop every batch row not in `rows` (finished sequences stop costing time)."""
        self.k = [t[rows] for t in self.k]
        self.v = [t[rows] for t in self.v]


class LayerNorm(nn.Module):
    """LayerNorm with an optional bias (torch's has no bias=False before 2.1)."""

    def __init__(self, ndim: int, bias: bool):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(ndim))
        self.bias = nn.Parameter(torch.zeros(ndim)) if bias else None

    def forward(self, x):
        return F.layer_norm(x, self.weight.shape, self.weight, self.bias, 1e-5)


class SelfAttention(nn.Module):
    def __init__(self, cfg: GPTConfig, causal: bool = True):
        super().__init__()
        assert cfg.n_embd % cfg.n_head == 0
        self.c_attn = nn.Linear(cfg.n_embd, 3 * cfg.n_embd, bias=cfg.bias)
        self.c_proj = nn.Linear(cfg.n_embd, cfg.n_embd, bias=cfg.bias)
        self.n_head, self.n_embd, self.dropout = cfg.n_head, cfg.n_embd, cfg.dropout
        self.resid_dropout = nn.Dropout(cfg.dropout)
        self.causal = causal

    def forward(self, x, past=None, key_mask=None):
        """past: (k buffer, v buffer, start) of a KVCache; the new keys are written in place."""
        B, T, C = x.shape
        q, k, v = self.c_attn(x).split(self.n_embd, dim=2)
        shape = (B, T, self.n_head, C // self.n_head)
        q, k, v = (t.view(shape).transpose(1, 2) for t in (q, k, v))  # (B, nh, T, hs)
        if past is not None:
            kbuf, vbuf, start = past
            kbuf[:, :, start:start + T] = k
            vbuf[:, :, start:start + T] = v
            k, v = kbuf[:, :, :start + T], vbuf[:, :, :start + T]
        drop = self.dropout if self.training else 0.0
        if key_mask is not None:  # (B, T) True = real token; classifier reads padded batches
            mask = key_mask[:, None, None, :]
            y = F.scaled_dot_product_attention(q, k, v, attn_mask=mask, dropout_p=drop)
        elif past is None and self.causal:
            y = F.scaled_dot_product_attention(q, k, v, dropout_p=drop, is_causal=True)
        else:
            # Cached decoding: the new token(s) see every cached position. With several new
            # tokens (a prompt after a cache) they also need the causal part among themselves.
            # Without a cache, a non-causal model (the classifier) sees everything.
            mask = None
            if T > 1 and past is not None:
                L = k.shape[2]
                mask = torch.ones(T, L, dtype=torch.bool, device=x.device).tril(L - T)
            y = F.scaled_dot_product_attention(q, k, v, attn_mask=mask, dropout_p=drop)
        y = y.transpose(1, 2).contiguous().view(B, T, C)
        return self.resid_dropout(self.c_proj(y))


class MLP(nn.Module):
    def __init__(self, cfg: GPTConfig):
        super().__init__()
        self.c_fc = nn.Linear(cfg.n_embd, 4 * cfg.n_embd, bias=cfg.bias)
        self.c_proj = nn.Linear(4 * cfg.n_embd, cfg.n_embd, bias=cfg.bias)
        self.dropout = nn.Dropout(cfg.dropout)

    def forward(self, x):
        return self.dropout(self.c_proj(F.gelu(self.c_fc(x))))


class Block(nn.Module):
    def __init__(self, cfg: GPTConfig, causal: bool = True):
        super().__init__()
        self.ln_1 = LayerNorm(cfg.n_embd, cfg.bias)
        self.attn = SelfAttention(cfg, causal)
        self.ln_2 = LayerNorm(cfg.n_embd, cfg.bias)
        self.mlp = MLP(cfg)

    def forward(self, x, past=None, key_mask=None):
        x = x + self.attn(self.ln_1(x), past, key_mask)
        return x + self.mlp(self.ln_2(x))


class GPT(nn.Module):
    def __init__(self, cfg: GPTConfig, causal: bool = True):
        super().__init__()
        self.config = cfg
        self.wte = nn.Embedding(cfg.vocab_size, cfg.n_embd)
        self.wpe = nn.Embedding(cfg.block_size, cfg.n_embd)
        self.drop = nn.Dropout(cfg.dropout)
        self.blocks = nn.ModuleList([Block(cfg, causal) for _ in range(cfg.n_layer)])
        self.ln_f = LayerNorm(cfg.n_embd, cfg.bias)
        self.lm_head = nn.Linear(cfg.n_embd, cfg.vocab_size, bias=False)
        self.lm_head.weight = self.wte.weight  # weight tying
        self.apply(self._init_weights)
        for name, p in self.named_parameters():
            if name.endswith("c_proj.weight"):  # GPT-2's scaled init of residual projections
                nn.init.normal_(p, mean=0.0, std=0.02 / math.sqrt(2 * cfg.n_layer))

    @staticmethod
    def _init_weights(module):
        if isinstance(module, nn.Linear):
            nn.init.normal_(module.weight, mean=0.0, std=0.02)
            if module.bias is not None:
                nn.init.zeros_(module.bias)
        elif isinstance(module, nn.Embedding):
            nn.init.normal_(module.weight, mean=0.0, std=0.02)

    def new_cache(self, batch: int, max_len: int | None = None) -> KVCache:
        device = self.wte.weight.device
        return KVCache(self.config, batch, max_len or self.config.block_size, device)

    def num_params(self) -> int:
        """Parameters, counting the tied embedding once."""
        return sum(p.numel() for p in self.parameters())

    def hidden(self, idx, past: KVCache | None = None, key_mask=None):
        """Final hidden states (B, T, C); `past`, if given, is extended in place."""
        B, T = idx.shape
        start = 0 if past is None else past.length
        if start + T > self.config.block_size:
            raise ValueError(f"sequence of {start + T} tokens exceeds block_size "
                             f"{self.config.block_size}")
        pos = torch.arange(start, start + T, device=idx.device)
        x = self.drop(self.wte(idx) + self.wpe(pos))  # (B, T, C)
        for i, block in enumerate(self.blocks):
            x = block(x, None if past is None else (past.k[i], past.v[i], start), key_mask)
        if past is not None:
            past.length = start + T
        return self.ln_f(x)

    def forward(self, idx, targets=None, past: KVCache | None = None):
        """Logits (B, T, V) and the loss if targets are given (ignore_index -1).

        With `past`, idx continues the cached sequences and the cache grows in place.
        """
        logits = self.lm_head(self.hidden(idx, past))
        loss = None
        if targets is not None:
            loss = F.cross_entropy(logits.view(-1, logits.size(-1)), targets.view(-1), ignore_index=-1)
        return logits, loss
