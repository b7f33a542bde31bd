"""Shared fixtures for KetGPT tests: a tokenizer and a tiny model trained for a few steps."""

from __future__ import annotations

from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[1] / "data" / "qasmbench"  # the copy shipped with the tests
SMALL = CORPUS / "small"


def corpus_files(limit_bytes: int = 6000) -> list[Path]:
    """Small QASMBench files (the originals, not the transpiled twins), sorted."""
    if not SMALL.is_dir():
        return []
    return sorted(p for p in SMALL.rglob("*.qasm") if p.stat().st_size <= limit_bytes)


@pytest.fixture(scope="session")
def tiny_dataset(tmp_path_factory):
    """A dataset from small library circuits (3 families) plus corpus files."""
    from qtool.ketgpt import dataset as ds
    from qtool.ketgpt.tokenizer import Tokenizer
    import itertools

    tok = Tokenizer(families=tuple(ds.library_families()))
    lib = ds.library_circuits(["ghz", "bv", "qft"], 2, 6, range(3))
    data = ds.build(itertools.chain(lib, ds.qasm_files([SMALL]) if SMALL.is_dir() else []),
                    tok, max_tokens=400, val_fraction=0.15)
    path = tmp_path_factory.mktemp("ketgpt") / "data.json"
    path.write_text(data.to_json())
    return path, data


@pytest.fixture(scope="session")
def tiny_checkpoint(tiny_dataset, tmp_path_factory):
    """A tiny model trained for a handful of steps, saved to disk."""
    from qtool.ketgpt.model import CONFIGS, GPTConfig
    from qtool.ketgpt.train import TrainOptions, train

    path = tmp_path_factory.mktemp("ketgpt") / "tiny.pt"
    _, data = tiny_dataset
    ckpt = train(data, GPTConfig(**CONFIGS["tiny"]), TrainOptions(steps=12, eval_every=6, warmup=2, threads=1,
                 batch_tokens=4096), out=str(path))
    return path, ckpt


@pytest.fixture(autouse=True, scope="session")
def _one_torch_thread():
    """Tiny models on a shared machine run faster on one thread than on two."""
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)
