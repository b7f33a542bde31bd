"""The model, its KV cache, sampling options, training and checkpoints."""

from __future__ import annotations

import pytest
import torch

from qtool.errors import QtoolError
from qtool.ketgpt import checkpoint as ck
from qtool.ketgpt.model import GPT, GPTConfig
from qtool.ketgpt.sample import SampleOptions, _filter, sample_tokens
from qtool.ketgpt.validity import check_validity


def test_kv_cache_matches_full_forward():
    torch.manual_seed(0)
    model = GPT(GPTConfig(vocab_size=50, block_size=32, n_layer=2, n_head=2, n_embd=16)).eval()
    idx = torch.randint(0, 50, (3, 20))
    full = model(idx)[0]
    cache = model.new_cache(3, 32)
    first = model(idx[:, :7], past=cache)[0]
    steps = [model(idx[:, t:t + 1], past=cache)[0] for t in range(7, 20)]
    cached = torch.cat([first] + steps, dim=1)
    assert torch.allclose(full, cached, atol=1e-5)
    # Rows dropped from the cache keep the others' results.
    cache2 = model.new_cache(3, 32)
    model(idx[:, :10], past=cache2)
    cache2.keep(torch.tensor([0, 2]))
    nxt = model(idx[[0, 2], 10:11], past=cache2)[0]
    assert torch.allclose(nxt, full[[0, 2], 10:11], atol=1e-5)


def test_block_size_is_enforced():
    model = GPT(GPTConfig(vocab_size=10, block_size=8, n_layer=1, n_head=1, n_embd=8))
    with pytest.raises(ValueError, match="block_size"):
        model(torch.zeros(1, 9, dtype=torch.long))


def test_top_k_and_top_p_keep_the_likeliest():
    logits = torch.tensor([[3.0, 2.0, 1.0, float("-inf"), 0.0]])
    k = _filter(logits, SampleOptions(top_k=2))
    assert torch.isfinite(k).tolist() == [[True, True, False, False, False]]
    # softmax(3,2,1,0) ~ .64 .24 .09 .03: p=0.8 keeps the first two, p=0.5 only the first.
    assert torch.isfinite(_filter(logits, SampleOptions(top_p=0.8))).sum() == 2
    assert torch.isfinite(_filter(logits, SampleOptions(top_p=0.5))).sum() == 1
    with pytest.raises(QtoolError):
        SampleOptions(temperature=0).check()
    with pytest.raises(QtoolError):
        SampleOptions(top_p=1.5).check()


def test_tiny_model_loss_falls(tiny_dataset):
    from qtool.ketgpt.model import CONFIGS
    from qtool.ketgpt.train import TrainOptions, evaluate, train

    _, data = tiny_dataset
    losses = []
    ckpt = train(data, GPTConfig(**CONFIGS["tiny"]),
                 TrainOptions(steps=25, eval_every=100, warmup=3, batch_tokens=2048, lr=1e-2, threads=1),
                 report=lambda p: losses.append(p.loss))
    assert len(losses) == 25
    assert sum(losses[-5:]) / 5 < 0.7 * sum(losses[:3]) / 3
    info = ckpt.meta["training"]
    assert info["steps"] == 25 and info["parameters"] == ckpt.model.num_params()
    untrained = GPT(GPTConfig(**{**CONFIGS["tiny"], "vocab_size": len(data.tokenizer),
                                 "block_size": ckpt.model.config.block_size}))
    pad = data.tokenizer.id("<pad>")
    val = [e.ids(data.tokenizer) for e in data.split("val")]
    assert evaluate(ckpt.model, val, pad, 4096) < evaluate(untrained, val, pad, 4096)


def test_checkpoint_round_trip_and_resume(tiny_dataset, tiny_checkpoint, tmp_path):
    from qtool.ketgpt.train import TrainOptions, train

    path, ckpt = tiny_checkpoint
    loaded = ck.load(path)
    assert loaded.tokenizer == ckpt.tokenizer
    assert loaded.meta["fingerprints"] == ckpt.meta["fingerprints"]
    for (k, a), b in zip(ckpt.model.state_dict().items(), loaded.model.state_dict().values()):
        assert torch.equal(a, b), k
    _, data = tiny_dataset
    more = train(data, loaded.model.config, TrainOptions(steps=15, eval_every=100, warmup=2, threads=1,
                 batch_tokens=4096), out=str(tmp_path / "r.pt"), resume=loaded)
    assert more.meta["training"]["steps"] == 15  # 12 before + 3 more
    assert ck.load(tmp_path / "r.pt").meta["training"]["steps"] == 15


def test_bad_checkpoint_files_are_clear_errors(tmp_path):
    bad = tmp_path / "bad.pt"
    bad.write_text("not a checkpoint")
    with pytest.raises(QtoolError, match="not a KetGPT checkpoint"):
        ck.load(bad)
    with pytest.raises(QtoolError, match="no such checkpoint"):
        ck.load(tmp_path / "missing.pt")


def test_sampling_gives_valid_circuits_and_respects_the_condition(tiny_checkpoint):
    _, ckpt = tiny_checkpoint
    tok = ckpt.tokenizer
    sizes = [1, 2, 3, 5, 7, 4]
    seqs = sample_tokens(ckpt.model, tok, sizes, ["ghz", None, "qft", None, "bv", None],
                         SampleOptions(seed=3, max_len=120, top_k=20, temperature=0.9))
    texts = [tok.decode_qasm(s) for s in seqs]
    for n, s in zip(sizes, seqs):
        assert tok.decode(s)[0] == n and s[-1] == tok.id("<eos>") and len(s) <= 120
    rep = check_validity(texts)
    assert rep.parsed == rep.simulated == len(sizes)
    again = sample_tokens(ckpt.model, tok, sizes, ["ghz", None, "qft", None, "bv", None],
                          SampleOptions(seed=3, max_len=120, top_k=20, temperature=0.9))
    assert again == seqs  # a seed reproduces


def test_uncached_reference_samples_the_same(tiny_checkpoint):
    _, ckpt = tiny_checkpoint
    a = sample_tokens(ckpt.model, ckpt.tokenizer, [3, 4], [None, None], SampleOptions(seed=5, max_len=60))
    b = sample_tokens(ckpt.model, ckpt.tokenizer, [3, 4], [None, None],
                      SampleOptions(seed=5, max_len=60, use_cache=False))
    assert a == b
