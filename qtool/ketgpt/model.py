"""KetGPT's transformer: a small decoder-only GPT in plain torch, nanoGPT-style.

Attention, MLP, block, model, composed in that order. Two ways through it:

- `forward` / `hidden` read whole sequences (training, the classifier, the no-cache
  reference);
- `step` decodes one token per batch row against a KVCache in which every row has its own
  position, so a sampler can start a new circuit in a row the moment the old one ends.

Decoding is bound by reading cached keys and values, so two choices keep that read small:
grouped-query attention (`n_kv_head` key/value heads shared by all query heads; 1 is
multi-query attention, 4x less to read than 4 heads) and an optional sliding window with
"attention sinks" (each token sees the `sinks` prompt tokens, which carry the condition,
and the last `window` tokens), so a long circuit costs no more per step than a short one.
Both are in the training mask as well, so the model is trained as it is sampled.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from functools import lru_cache

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
    n_kv_head: int | None = None  # key/value heads (None: one per query head)
    window: int | None = None   # tokens each token sees besides the sinks (None: all)
    sinks: int = 3              # leading tokens always visible (the prompt <bos> n:N f:F)

    def __post_init__(self):
        if self.n_embd % self.n_head or self.n_head % self.kv_heads:
            raise ValueError("n_embd must divide into n_head heads, n_head into n_kv_head groups")

    @property
    def kv_heads(self) -> int:
        return self.n_kv_head or self.n_head

    @property
    def cache_slots(self) -> int:
        """Cached positions per row: the sinks and a ring of `window` (or every position)."""
        return self.block_size if self.window is None else min(self.block_size,
                                                               self.sinks + self.window)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d, require_all: bool = False) -> "GPTConfig":
        """A config from JSON-like data, checked field by field.

        Raises ValueError naming the field for an unknown or (with `require_all`, as in a
        checkpoint) missing field, a wrong type (a bool or 1e400 where a whole number
        belongs), a value out of range or a model too large to build.
        """
        if not isinstance(d, dict):
            raise ValueError(f"expected an object of GPTConfig fields, got {_kind(d)}")
        unknown = sorted(set(d) - set(_FIELDS))
        if unknown:
            raise ValueError(f"unknown field(s) {', '.join(map(repr, unknown))}; "
                             f"known: {', '.join(_FIELDS)}")
        missing = [k for k in _FIELDS if k not in d]
        if require_all and missing:
            raise ValueError(f"missing field(s) {', '.join(map(repr, missing))}")
        for key, value in d.items():
            kind, lo, hi = _FIELDS[key]
            if value is None and kind == "int?":
                continue
            if kind == "bool":
                if not isinstance(value, bool):
                    raise ValueError(f"{key} must be true or false, got {_kind(value)}")
                continue
            if kind == "float":
                if isinstance(value, bool) or not isinstance(value, (int, float)) \
                        or not lo <= value < hi:
                    raise ValueError(f"{key} must be a number in [{lo}, {hi}), got {value!r}")
                continue
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValueError(f"{key} must be a whole number, got {_kind(value)}")
            if not lo <= value <= hi:
                raise ValueError(f"{key} must be between {lo} and {hi}, got {value}")
        try:
            cfg = cls(**d)
        except ValueError:
            raise
        params = cfg.n_layer * 12 * cfg.n_embd ** 2 + (cfg.vocab_size + cfg.block_size) * cfg.n_embd
        if params > MAX_PARAMETERS:
            raise ValueError(f"a model of about {params:,} parameters is over the limit of "
                             f"{MAX_PARAMETERS:,} (n_layer, n_embd, vocab_size, block_size)")
        return cfg


def _kind(value) -> str:
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, float):
        return f"a fraction ({value!r})"
    return f"{type(value).__name__} {value!r}"[:80]


# field -> (kind, lowest, highest): sizes far above anything a CPU trains, far below what
# would exhaust memory before a message could be printed.
_FIELDS = {
    "vocab_size": ("int", 1, 1_000_000),
    "block_size": ("int", 1, 1 << 20),
    "n_layer": ("int", 1, 256),
    "n_head": ("int", 1, 1024),
    "n_embd": ("int", 1, 1 << 16),
    "dropout": ("float", 0.0, 1.0),
    "bias": ("bool", 0, 0),
    "n_kv_head": ("int?", 1, 1024),
    "window": ("int?", 1, 1 << 20),
    "sinks": ("int", 0, 1 << 20),
}
MAX_PARAMETERS = 250_000_000  # 1 GB of float32 weights


# Named sizes for `qtool ketgpt train --config`.
CONFIGS = {
    "tiny": dict(n_layer=1, n_head=2, n_embd=32, n_kv_head=1, window=24),  # tests: seconds
    # The shipped model: ~25 min on 2 cores. One key/value head and a 256-token window make
    # a decoding step read 1/4 (or less) of what 4 full heads would.
    "small": dict(n_layer=4, n_head=4, n_embd=128, n_kv_head=1, window=256),
    "base": dict(n_layer=6, n_head=8, n_embd=256, n_kv_head=2, window=512),  # for a GPU
}


@lru_cache(maxsize=32)
def attention_mask(T: int, window: int | None, sinks: int) -> torch.Tensor:
    """(T, T) True where query i may see key j: causal, and within the window or a sink."""
    i = torch.arange(T)[:, None]
    j = torch.arange(T)[None, :]
    mask = j <= i
    if window is not None:
        mask &= (j < sinks) | (j > i - window)
    return mask


class KVCache:
    """Keys and values of every layer for a batch of rows, each row at its own position.

    Slots 0..sinks-1 hold the prompt; the rest are a ring of `window` positions (or simply
    one slot per position without a window). Rows restart independently (`restart`), and
    finished rows can be dropped (`keep`). Written in place: growing tensors by
    concatenation would copy the cache every step.
    """

    def __init__(self, cfg: GPTConfig, batch: int, device="cpu"):
        hs = cfg.n_embd // cfg.n_head
        self.cfg = cfg
        self.slots = cfg.cache_slots
        # Keys are stored transposed, (hs, slots): q @ k then needs no transposed copy, which
        # halves the time of the score product (measured).
        self.k = [torch.zeros(batch, cfg.kv_heads, hs, self.slots, device=device)
                  for _ in range(cfg.n_layer)]
        self.v = [torch.zeros(batch, cfg.kv_heads, self.slots, hs, device=device)
                  for _ in range(cfg.n_layer)]
        self.pos = torch.zeros(batch, dtype=torch.long, device=device)

    def slot(self) -> torch.Tensor:
        """Where each row's next position is written."""
        cfg, pos = self.cfg, self.pos
        if cfg.window is None:
            return pos
        ring = cfg.sinks + (pos - cfg.sinks) % cfg.window
        return torch.where(pos < cfg.sinks, pos, ring)

    def restart(self, rows: torch.Tensor) -> None:
        """These rows begin a new sequence at position 0 (old slots are masked, not cleared)."""
        self.pos[rows] = 0

    def keep(self, rows: torch.Tensor) -> None:
        """Drop every batch row not in `rows` (finished sequences stop costing time)."""
        self.k = [t[rows] for t in self.k]
        self.v = [t[rows] for t in self.v]
        self.pos = self.pos[rows]


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
        self.hs = cfg.n_embd // cfg.n_head
        self.n_head, self.n_kv, self.n_embd = cfg.n_head, cfg.kv_heads, cfg.n_embd
        self.kv_dim = self.n_kv * self.hs
        self.c_attn = nn.Linear(cfg.n_embd, cfg.n_embd + 2 * self.kv_dim, bias=cfg.bias)
        self.c_proj = nn.Linear(cfg.n_embd, cfg.n_embd, bias=cfg.bias)
        self.dropout = cfg.dropout
        self.resid_dropout = nn.Dropout(cfg.dropout)
        self.causal, self.window, self.sinks = causal, cfg.window, cfg.sinks

    def forward(self, x, key_mask=None):
        """Whole sequences from position 0. key_mask (B, T): True = real token (the
        classifier's padded batches, read without the causal mask)."""
        B, T, C = x.shape
        q, k, v = self.c_attn(x).split([C, self.kv_dim, self.kv_dim], dim=2)
        q = q.view(B, T, self.n_head, self.hs).transpose(1, 2)           # (B, nh, T, hs)
        k, v = (t.view(B, T, self.n_kv, self.hs).transpose(1, 2) for t in (k, v))
        if self.n_kv != self.n_head:  # each group of query heads shares one key/value head
            g = self.n_head // self.n_kv
            k, v = k.repeat_interleave(g, dim=1), v.repeat_interleave(g, dim=1)
        drop = self.dropout if self.training else 0.0
        if key_mask is not None:
            y = F.scaled_dot_product_attention(q, k, v, attn_mask=key_mask[:, None, None, :],
                                               dropout_p=drop)
        elif not self.causal:
            y = F.scaled_dot_product_attention(q, k, v, dropout_p=drop)
        elif self.window is None or T <= self.window:
            y = F.scaled_dot_product_attention(q, k, v, dropout_p=drop, is_causal=True)
        else:
            mask = attention_mask(T, self.window, self.sinks).to(x.device)
            y = F.scaled_dot_product_attention(q, k, v, attn_mask=mask, dropout_p=drop)
        y = y.transpose(1, 2).contiguous().view(B, T, C)
        return self.resid_dropout(self.c_proj(y))

    def step(self, x, kbuf, vbuf, slot, visible):
        """One new token per row (x: (B, C)), written to `slot` of the row's cache; it sees
        the cached slots marked in `visible` (B, width)."""
        B, C = x.shape
        q, k, v = self.c_attn(x).split([C, self.kv_dim, self.kv_dim], dim=1)
        rows = torch.arange(B, device=x.device)
        kbuf[rows, :, :, slot] = k.view(B, self.n_kv, self.hs)        # kbuf: (B, nkv, hs, S)
        vbuf[rows, :, slot] = v.view(B, self.n_kv, self.hs)           # vbuf: (B, nkv, S, hs)
        width = visible.shape[1]
        q = q.view(B, self.n_kv, self.n_head // self.n_kv, self.hs)    # (B, nkv, g, hs)
        att = (q * (1.0 / math.sqrt(self.hs))) @ kbuf[..., :width]     # (B, nkv, g, W)
        att = att.masked_fill(~visible[:, None, None, :], float("-inf"))
        y = torch.softmax(att, dim=-1) @ vbuf[:, :, :width]            # (B, nkv, g, hs)
        return self.c_proj(y.reshape(B, C))


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

    def forward(self, x, key_mask=None):
        x = x + self.attn(self.ln_1(x), key_mask)
        return x + self.mlp(self.ln_2(x))

    def step(self, x, kbuf, vbuf, slot, visible):
        x = x + self.attn.step(self.ln_1(x), kbuf, vbuf, slot, visible)
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

    def new_cache(self, batch: int) -> KVCache:
        return KVCache(self.config, batch, self.wte.weight.device)

    def num_params(self) -> int:
        """Parameters, counting the tied embedding once."""
        return sum(p.numel() for p in self.parameters())

    def hidden(self, idx, key_mask=None, prefix=None):
        """Final hidden states (B, T, C) of whole sequences.

        prefix (B, P, C): embeddings placed before the tokens (a condition that is not a
        token, such as qtool.synth's projected target); the states then cover P + T positions.
        """
        x = self.wte(idx)
        if prefix is not None:
            x = torch.cat([prefix, x], dim=1)
        B, T = x.shape[:2]
        if T > self.config.block_size:
            raise ValueError(f"sequence of {T} tokens exceeds block_size {self.config.block_size}")
        pos = torch.arange(T, device=idx.device)
        x = self.drop(x + self.wpe(pos))  # (B, T, C)
        for block in self.blocks:
            x = block(x, key_mask)
        return self.ln_f(x)

    def forward(self, idx, targets=None, prefix=None):
        """Logits (B, T, V) and the loss if targets are given (ignore_index -1).

        With a prefix (B, P, C) the logits cover P + T positions (targets must too)."""
        logits = self.lm_head(self.hidden(idx, prefix=prefix))
        loss = None
        if targets is not None:
            loss = F.cross_entropy(logits.view(-1, logits.size(-1)), targets.view(-1), ignore_index=-1)
        return logits, loss

    def step(self, tokens: torch.Tensor, cache: KVCache, embeds: torch.Tensor | None = None
             ) -> torch.Tensor:
        """Next-token logits (B, V) after feeding one token per row at the row's position.

        embeds (B, C): feed these embeddings instead of the tokens' (a prefix position)."""
        pos = cache.pos
        if int(pos.max()) >= self.config.block_size:
            raise ValueError(f"a row passed block_size {self.config.block_size}")
        slot = cache.slot()
        width = min(cache.slots, int(pos.max()) + 1)
        # Slot s holds a position this row has reached (s <= pos); after the ring wraps,
        # pos >= slots, so every slot is visible.
        visible = torch.arange(width, device=pos.device)[None, :] <= pos[:, None]
        x = (self.wte(tokens) if embeds is None else embeds) + self.wpe(pos)
        for i, block in enumerate(self.blocks):
            x = block.step(x, cache.k[i], cache.v[i], slot, visible)
        cache.pos = pos + 1
        return self.lm_head(self.ln_f(x))
