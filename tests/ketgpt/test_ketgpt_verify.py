"""Verification: metrics on hand-checked circuits, distances, classifiers, the whole report."""

from __future__ import annotations

import random

import pytest

from qtool.ketgpt import baselines, structure
from qtool.ketgpt.classifier import ClassifierOptions, real_vs_random, three_way
from qtool.ketgpt.tokenizer import Tokenizer
from qtool.ketgpt.validity import check_validity, fingerprint

GHZ4 = [("h", (), (0,)), ("cx", (), (0, 1)), ("cx", (), (1, 2)), ("cx", (), (2, 3))]


def test_metrics_of_a_ghz_chain():
    m = structure.statement_metrics(4, GHZ4)
    assert (m.qubits, m.gates, m.depth, m.critical_path) == (4, 4, 4, 3)
    assert m.two_qubit_share == 0.75
    assert m.density == pytest.approx(3 / 6) and m.mean_degree == pytest.approx(1.5)
    assert m.gate_counts == {"cx": 3, "h": 1}


def test_metrics_of_parallel_gates():
    m = structure.statement_metrics(4, [("h", (), (q,)) for q in range(4)] + [("cz", (), (0, 1)),
                                                                           ("cz", (), (2, 3))])
    assert (m.depth, m.critical_path, m.density) == (2, 1, pytest.approx(2 / 6))


def _ghz_like(n_circuits: int, rng: random.Random):
    out = []
    for _ in range(n_circuits):
        n = rng.randint(3, 8)
        out.append((n, [("h", (), (0,))] + [("cx", (), (i, i + 1)) for i in range(n - 1)]))
    return out


def test_distances_are_zero_for_the_same_set_and_grow_for_random():
    rng = random.Random(1)
    real = _ghz_like(60, rng)
    same = _ghz_like(60, random.Random(1))
    rand = baselines.random_set(real, seed=2)
    m = lambda s: [structure.statement_metrics(n, x) for n, x in s]  # noqa: E731
    js_same = structure.js_per_metric(m(real), m(same))
    js_rand = structure.js_per_metric(m(real), m(rand))
    assert all(v == pytest.approx(0, abs=1e-12) for v in js_same.values())
    assert js_rand["gates"] == pytest.approx(0, abs=1e-12)  # matched by construction
    assert js_rand["two_qubit_share"] > 0.3 and js_rand["gate_types"] > 0.1
    assert structure.mmd(m(real), m(rand)) > 10 * abs(structure.mmd(m(real), m(same)))


def test_random_baselines_match_sizes_and_stay_valid():
    real = _ghz_like(10, random.Random(3))
    for n_and_sts, (n, sts) in zip(baselines.random_set(real, 4), real):
        assert n_and_sts[0] == n and len(n_and_sts[1]) == len(sts)
        assert all(max(q) < n and len(set(q)) == len(q) for _, _, q in n_and_sts[1])


def test_classifiers_separate_an_easy_pair():
    tok = Tokenizer(max_qubits=8)
    rng = random.Random(0)
    real = [tok.encode(n, s) for n, s in _ghz_like(40, rng)]
    rand_c = baselines.random_set(_ghz_like(40, rng), seed=1)
    rand = [tok.encode(n, s) for n, s in rand_c]
    gen = [tok.encode(n, s) for n, s in _ghz_like(40, random.Random(9))]
    opts = ClassifierOptions(n_layer=1, n_embd=32, steps=40, seed=0)
    binary = real_vs_random(real, rand, gen, tok, opts)
    assert binary["accuracy"] >= 0.8
    assert binary["generated_called_real"] >= 0.8  # "generated" here is real-like by design
    three = three_way(real, rand, gen, tok, opts)
    cm = three["confusion"]
    assert sum(map(sum, cm)) == three["test_size"]
    assert cm[1][1] >= 0.8 * sum(cm[1])  # random is told apart


def test_validity_counts_parse_failures_copies_and_duplicates():
    tok = Tokenizer(max_qubits=4)
    good = tok.decode_qasm(tok.encode(4, GHZ4))
    other = tok.decode_qasm(tok.encode(2, [("h", (), (1,))]))
    bad = good.replace("qreg q[4];", "qreg q[2];")  # cx on an undeclared qubit
    from qtool.ketgpt.validity import text_fingerprint

    rep = check_validity([good, good, other, bad], training={text_fingerprint(good)})
    d = rep.as_dict()
    assert (rep.parsed, rep.simulated, rep.novel, rep.distinct) == (3, 3, 1, 2)
    assert d["valid_fraction"] == 0.75 and d["errors"] and "circuit 3" in d["errors"][0]
    assert fingerprint(4, GHZ4) == fingerprint(4, list(GHZ4))


def test_verify_report_on_a_small_set(tiny_checkpoint, tmp_path):
    from qtool.ketgpt.generate import generate
    from qtool.ketgpt.sample import SampleOptions
    from qtool.ketgpt.verify import SCHEMA, VerifyOptions, verify

    _, ckpt = tiny_checkpoint
    texts = [g.qasm for g in generate(ckpt, 16, None, None, SampleOptions(seed=1, max_len=150),
                                      max_qubits=6)]
    plot = tmp_path / "s.png"
    rep = verify(ckpt, texts, VerifyOptions(real_count=16, plot=str(plot),
                 classifier=ClassifierOptions(n_layer=1, n_embd=16, steps=3)))
    assert rep["schema"] == SCHEMA
    assert rep["validity"]["valid_fraction"] == 1.0
    assert rep["sizes"] == {"generated": 16, "real": 16, "random": 16}
    assert set(rep["structure"]["js_generated_vs_real"]) == set(structure.SCALARS) | {"gate_types"}
    assert len(rep["classifier"]["three_way"]["confusion"]) == 3
    assert plot.stat().st_size > 10_000 and plot.read_bytes()[:4] == b"\x89PNG"


def test_real_circuits_are_no_longer_than_the_longest_training_circuit(tiny_checkpoint):
    """Real and generated sets share the training set's length cut (not the block size)."""
    from qtool.ketgpt.verify import real_from_library

    _, ckpt = tiny_checkpoint
    longest = ckpt.meta["longest_tokens"]
    assert 5 < longest < ckpt.model.config.block_size
    real = real_from_library(ckpt, 30, seed=0)
    assert len(real) == 30
    assert max(len(ckpt.tokenizer.encode(n, s)) for n, s in real) <= longest


def test_real_circuits_only_at_sizes_the_library_makes(tiny_checkpoint):
    """A checkpoint trained on MQT Bench knows hhl on 10 qubits; the library's hhl stops at 9:
    verify must draw its real hhl circuits at library sizes, not stop with an error."""
    import dataclasses

    from qtool.ketgpt.verify import real_from_library

    _, ckpt = tiny_checkpoint
    meta = {**ckpt.meta, "family_qubits": {"hhl": [4, 10, 10], "ghz": [3]}}
    fake = dataclasses.replace(ckpt, meta=meta)
    real = real_from_library(fake, 12, seed=0)
    assert len(real) == 12 and {n for n, _s in real} == {3, 4}
