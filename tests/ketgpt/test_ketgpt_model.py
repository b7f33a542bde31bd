"""The model, its KV cache, sampling options, training and checkpoints."""

from __future__ import annotations

import pytest
import torch

from qtool.errors import QtoolError
from qtool.ketgpt import checkpoint as ck
from qtool.ketgpt.model import GPT, GPTConfig
from qtool.ketgpt.sample import SampleOptions, _filter, sample_tokens
from qtool.ketgpt.validity import check_validity


@pytest.mark.parametrize("shape", [dict(n_head=2), dict(n_head=4, n_kv_head=1, window=6),
                                   dict(n_head=4, n_kv_head=2, window=9, sinks=2)])
def test_cached_steps_match_full_forward(shape):
    """One token per step against the cache gives the full forward's logits: with full
    attention, grouped-query heads, and a sliding window whose ring wraps several times."""
    torch.manual_seed(0)
    model = GPT(GPTConfig(vocab_size=50, block_size=32, n_layer=2, n_embd=16, **shape)).eval()
    idx = torch.randint(0, 50, (3, 30))
    full = model(idx)[0]
    cache = model.new_cache(3)
    with torch.no_grad():
        steps = torch.stack([model.step(idx[:, t], cache) for t in range(30)], dim=1)
    assert torch.allclose(full, steps, atol=1e-5)


def test_rows_restart_and_drop_independently():
    torch.manual_seed(1)
    model = GPT(GPTConfig(vocab_size=50, block_size=40, n_layer=2, n_head=4, n_embd=16,
                          n_kv_head=1, window=5)).eval()
    a, b = torch.randint(0, 50, (3, 30)), torch.randint(0, 50, (20,))
    want_a, want_b = model(a)[0], model(b[None])[0][0]
    cache = model.new_cache(3)
    got_b = []
    with torch.no_grad():
        for t in range(30):
            tok = a[:, t].clone()
            if t == 10:            # row 1 starts a new sequence mid-way
                cache.restart(torch.tensor([1]))
            if 10 <= t <= 20:
                tok[1] = b[t - 10]
            out = model.step(tok, cache)
            if 10 <= t <= 20:
                got_b.append(out[1])
            if t == 20:             # row 1 is done; rows 0 and 2 go on alone
                assert torch.allclose(torch.stack(got_b), want_b[:11], atol=1e-5)
                cache.keep(torch.tensor([0, 2]))
                a = a[[0, 2]]
                want_a = want_a[[0, 2]]
            if t > 20:
                assert torch.allclose(out, want_a[:, t], atol=1e-5)


def test_window_mask_sees_sinks_and_recent_tokens_only():
    from qtool.ketgpt.model import attention_mask

    m = attention_mask(8, 3, 2)
    assert m[7].tolist() == [True, True, False, False, False, True, True, True]
    assert m[3].tolist() == [True] * 4 + [False] * 4   # causal before the window fills
    assert torch.equal(attention_mask(5, None, 2), torch.ones(5, 5, dtype=torch.bool).tril())


def test_bad_head_counts_are_refused():
    with pytest.raises(ValueError):
        GPTConfig(n_head=4, n_kv_head=3)


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


def test_continuous_batching_decodes_like_the_uncached_reference(tiny_checkpoint):
    """Greedy (top-k 1) decoding is deterministic, so the cached sampler, refilling 2 rows
    from a queue of 6 requests, must write exactly what recomputing every prefix writes."""
    _, ckpt = tiny_checkpoint
    sizes, fams = [3, 4, 1, 6, 2, 5], [None, "ghz", None, "qft", None, None]
    a = sample_tokens(ckpt.model, ckpt.tokenizer, sizes, fams,
                      SampleOptions(seed=5, max_len=80, top_k=1, batch_size=2))
    b = sample_tokens(ckpt.model, ckpt.tokenizer, sizes, fams,
                      SampleOptions(seed=5, max_len=80, top_k=1, use_cache=False))
    assert a == b
    assert [ckpt.tokenizer.decode(s)[0] for s in a] == sizes
