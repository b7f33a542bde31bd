"""The conditioned transformer: KetGPT's GPT (qtool.ketgpt.model) with the target as a
prefix of projected embeddings, and its checkpoint file.

The sequence the GPT reads is `[target rows projected by enc] <bos> n:N f:FAMILY g:.. q:..
.. <eos>`: KetGPT's tokenizer and grammar spell the circuit, its family token names the task
(`u:genqc` = a unitary in genQC's gates, `u:cx` = a CX skeleton for a unitary, `s:cx` for a
state). Only the linear layer `enc` is new; everything else is imported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import torch
import torch.nn as nn
from torch.nn import functional as F

from qtool.errors import QtoolError
from qtool.ketgpt.checkpoint import read_document, write_document
from qtool.ketgpt.model import GPT, GPTConfig
from qtool.ketgpt.tokenizer import Tokenizer

FORMAT = "qtool.synth.checkpoint/1"
CHECKPOINTS = Path(__file__).parent / "checkpoints"
SHIPPED = {"discrete": CHECKPOINTS / "synth-discrete.pt",
           "continuous": CHECKPOINTS / "synth-continuous.pt"}
IN_DIM = 32   # one prefix row: 16 complex numbers (a 4-qubit unitary's column)

# Model sizes for `python -m qtool.synth.train --config`.
CONFIGS = {
    "tiny": dict(n_layer=1, n_head=2, n_embd=32, n_kv_head=1),
    # The shipped models: sized for the ~6 CPU-minutes a 40-minute run got on the shared
    # machine (compute-optimal is ~200k parameters there).
    "mini": dict(n_layer=4, n_head=4, n_embd=64, n_kv_head=2),
    "small": dict(n_layer=4, n_head=4, n_embd=128, n_kv_head=2),
    "base": dict(n_layer=6, n_head=8, n_embd=256, n_kv_head=2),
}


def make_tokenizer(families) -> Tokenizer:
    """KetGPT's tokenizer with few angle words: synthesis sequences carry no angles
    (discrete sets have none; continuous skeletons leave them to the optimiser)."""
    return Tokenizer(max_qubits=6, families=tuple(families), angle_k=1, tiny_k=1, angle_bins=2)


class SynthModel(nn.Module):
    def __init__(self, cfg: GPTConfig, tok: Tokenizer, in_dim: int = IN_DIM):
        super().__init__()
        self.gpt = GPT(cfg)
        self.enc = nn.Linear(in_dim, cfg.n_embd)
        self.tok, self.in_dim = tok, in_dim

    @property
    def config(self) -> GPTConfig:
        return self.gpt.config

    def num_params(self) -> int:
        return sum(p.numel() for p in self.parameters())

    def prefix(self, feats: torch.Tensor) -> torch.Tensor:
        return self.enc(feats)

    def forward(self, feats, idx, targets=None):
        """Logits (B, T, V) for the T tokens after the P prefix rows; loss if targets."""
        P = feats.shape[1]
        logits, _ = self.gpt(idx, prefix=self.prefix(feats))
        logits = logits[:, P:]
        loss = None
        if targets is not None:
            loss = F.cross_entropy(logits.reshape(-1, logits.size(-1)), targets.reshape(-1),
                                   ignore_index=-1)
        return logits, loss


@dataclass
class Checkpoint:
    model: SynthModel
    meta: dict = field(default_factory=dict)    # families, training record
    optimizer_state: dict | None = None

    @property
    def tokenizer(self) -> Tokenizer:
        return self.model.tok


def new_model(families, config: str | dict = "small", block_size: int = 96) -> SynthModel:
    tok = make_tokenizer(families)
    sizes = CONFIGS[config] if isinstance(config, str) else dict(config)
    cfg = GPTConfig(vocab_size=len(tok), block_size=block_size, **sizes)
    return SynthModel(cfg, tok)


def save(ckpt: Checkpoint, path) -> None:
    m = ckpt.model
    doc = {"format": FORMAT, "model_config": m.config.to_dict(), "tokenizer": m.tok.to_dict(),
           "in_dim": m.in_dim,
           "state_dict": {k: v.detach().cpu() for k, v in m.state_dict().items()},
           "meta": ckpt.meta}
    if ckpt.optimizer_state is not None:
        doc["optimizer"] = ckpt.optimizer_state
    write_document(doc, path)


def load(path) -> Checkpoint:
    p = Path(path)
    doc = read_document(p, "synth", FORMAT)
    try:
        cfg = GPTConfig.from_dict(doc["model_config"], require_all=True)
        tok = Tokenizer.from_dict(doc["tokenizer"])
        model = SynthModel(cfg, tok, int(doc["in_dim"]))
        model.load_state_dict(doc["state_dict"])
    except (KeyError, ValueError, RuntimeError, TypeError) as exc:
        raise QtoolError(f"{p}: bad synth checkpoint: {str(exc)[:200]}") from None
    model.eval()
    return Checkpoint(model, doc.get("meta", {}), doc.get("optimizer"))
