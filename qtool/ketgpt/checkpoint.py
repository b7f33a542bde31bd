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
from qtool.ketgpt.dataset import tokenizer_from_dict
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
    write_document(doc, path)


def write_document(doc: dict, path) -> None:
    """A checkpoint document written atomically (also qtool.synth's checkpoints)."""
    buf = io.BytesIO()
    torch.save(doc, buf)
    atomic_write(path, buf.getvalue())


def read_document(p: Path, kind: str, fmt: str) -> dict:
    """The document of a checkpoint file of format `fmt`, loaded onto the CPU with tensors
    only (weights_only); a missing, unreadable or foreign file is a user error naming `kind`."""
    if not p.exists():
        raise QtoolError(f"{p}: no such checkpoint")
    try:
        doc = torch.load(p, map_location="cpu", weights_only=True)
    except Exception as exc:  # noqa: BLE001 - a bad file is a user error
        raise QtoolError(f"{p}: not a {kind} checkpoint ({type(exc).__name__})") from None
    if not isinstance(doc, dict) or doc.get("format") != fmt:
        raise QtoolError(f"{p}: not a {kind} checkpoint (format {fmt} expected)")
    return doc


def load(path: str | Path | None = None) -> Checkpoint:
    """Load a checkpoint (default: the one shipped with qtool) onto the CPU."""
    p = Path(path) if path is not None else SHIPPED
    doc = read_document(p, "KetGPT", FORMAT)
    try:
        cfg = GPTConfig.from_dict(doc.get("model_config"), require_all=True)
        tok = tokenizer_from_dict(doc.get("tokenizer"))
    except ValueError as exc:
        raise QtoolError(f"{p}: bad KetGPT checkpoint: {exc}") from None
    if cfg.vocab_size < len(tok):
        raise QtoolError(f"{p}: bad KetGPT checkpoint: vocab_size {cfg.vocab_size} is smaller "
                         f"than the tokenizer's {len(tok)} words")
    state = doc.get("state_dict")
    if not isinstance(state, dict) or not all(isinstance(v, torch.Tensor) for v in state.values()):
        raise QtoolError(f"{p}: bad KetGPT checkpoint: no state_dict of tensors")
    meta = doc.get("meta", {})
    if not isinstance(meta, dict):
        raise QtoolError(f"{p}: bad KetGPT checkpoint: meta must be a dict")
    stored = sum(v.numel() for v in state.values())
    wanted = cfg.n_layer * 12 * cfg.n_embd ** 2 + (cfg.vocab_size + cfg.block_size) * cfg.n_embd
    if wanted > 2 * stored + 1_000_000:  # refuse before allocating a model the file cannot fill
        raise QtoolError(f"{p}: bad KetGPT checkpoint: its model_config asks for about "
                         f"{wanted:,} parameters but it stores {stored:,}")
    model = GPT(cfg)
    try:
        model.load_state_dict(state)
    except RuntimeError as exc:
        first = str(exc).strip().splitlines()
        detail = " ".join(x.strip() for x in first[:3])[:300]
        raise QtoolError(f"{p}: bad KetGPT checkpoint: its weights do not fit its model_config "
                         f"({detail})") from None
    model.eval()
    return Checkpoint(model, tok, meta, doc.get("optimizer"))
