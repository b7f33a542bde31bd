"""Checkpoints: the model, its tokenizer and what generation and verification need, in one
file that loads offline on CPU (`torch.load(weights_only=True)`: plain data, no pickled code).

Besides weights a checkpoint keeps the training set's qubit counts and families (so
`generate` without --qubits draws sizes like the training data) and the fingerprints of every
training circuit (so `verify` measures novelty without the training data at hand).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

import torch

from qtool.errors import QtoolError
from qtool.io import atomic_write
from qtool.ketgpt.model import GPT, GPTConfig
from qtool.ketgpt.tokenizer import Tokenizer

SHIPPED = Path(__file__).parent / "checkpoints" / "ketgpt-small.pt"
FORMAT = "qtool.ketgpt.checkpoint/1"


@dataclass
class Checkpoint:
    model: GPT
    tokenizer: Tokenizer
    meta: dict = field(default_factory=dict)   # qubit_counts, families, fingerprints, training
    optimizer_state: dict | None = None

    @property
    def training_fingerprints(self) -> frozenset[str]:
        return frozenset(self.meta.get("fingerprints", ()))


def save(ckpt: Checkpoint, path: str | Path) -> None:
    """Write atomically: an interrupted save leaves the previous checkpoint intact."""
    doc = {
        "format": FORMAT,
        "model_config": ckpt.model.config.to_dict(),
        "tokenizer": ckpt.tokenizer.to_dict(),
        "state_dict": {k: v.detach().cpu() for k, v in ckpt.model.state_dict().items()},
        "meta": ckpt.meta,
    }
    if ckpt.optimizer_state is not None:
        doc["optimizer"] = ckpt.optimizer_state
    buf = io.BytesIO()
    torch.save(doc, buf)
    atomic_write(path, buf.getvalue())


def load(path: str | Path | None = None) -> Checkpoint:
    """Load a checkpoint (default: the one shipped with qtool) onto the CPU."""
    p = Path(path) if path is not None else SHIPPED
    if not p.exists():
        raise QtoolError(f"{p}: no such checkpoint")
    try:
        doc = torch.load(p, map_location="cpu", weights_only=True)
    except Exception as exc:  # noqa: BLE001 - a bad file is a user error
        raise QtoolError(f"{p}: not a KetGPT checkpoint ({type(exc).__name__})") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise QtoolError(f"{p}: not a KetGPT checkpoint (format {FORMAT} expected)")
    model = GPT(GPTConfig(**doc["model_config"]))
    model.load_state_dict(doc["state_dict"])
    model.eval()
    return Checkpoint(model, Tokenizer.from_dict(doc["tokenizer"]), doc.get("meta", {}),
                      doc.get("optimizer"))
