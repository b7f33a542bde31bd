"""The checkpoint that ships with qtool loads offline on CPU and writes valid circuits."""

from __future__ import annotations

from qtool.ketgpt import checkpoint as ck
from qtool.ketgpt.generate import generate
from qtool.ketgpt.sample import SampleOptions
from qtool.ketgpt.validity import check_validity


def test_shipped_checkpoint_is_small_and_loads():
    assert ck.SHIPPED.is_file(), "the trained checkpoint must ship in the package"
    assert ck.SHIPPED.stat().st_size < 20 * 2 ** 20
    model = ck.load()
    assert model.meta["training"]["parameters"] == model.model.num_params()
    assert len(model.meta["fingerprints"]) > 100


def test_shipped_checkpoint_generates_valid_circuits():
    ckpt = ck.load()
    out = generate(ckpt, 12, None, None, SampleOptions(seed=0, threads=1), max_qubits=6)
    out += generate(ckpt, 3, 4, "qft", SampleOptions(seed=1, threads=1))
    rep = check_validity([g.qasm for g in out], ckpt.training_fingerprints)
    assert rep.parsed == rep.simulated == len(out) == 15
    assert all(g.qubits <= 6 for g in out[:12])
    # No circuit runs past the longest training circuit (untrained positions).
    assert max(len(g.tokens) for g in out) <= ckpt.meta.get("longest_tokens", 10 ** 9)
