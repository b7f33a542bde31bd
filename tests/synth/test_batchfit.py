"""Batched fitting and the skeleton beam search: the torch program agrees with refine's
numpy loss, recovers a known circuit exactly, stops early, and the search finds a short
skeleton; the CLI's exit 4 path for a continuous target."""

from __future__ import annotations

import json

import numpy as np
import torch

from qtool.synth import batchfit, data, linalg, refine, skelsearch, translate


def test_batched_loss_is_refines_loss_for_mixed_skeletons():
    rng = np.random.default_rng(0)
    for kind, n in (("unitary", 3), ("state", 4)):
        target = data.template_target(rng, kind, n, [(0, 2), (1, 2)])
        sks = [[(0, 1), (1, 2)], [(0, 2), (0, 1)], [(1, 2), (1, 2)]] if n == 3 else \
            [[(0, 3), (1, 2)], [(2, 3), (0, 2)]]
        prog = batchfit.Program(kind, target, n, sks)
        x = rng.uniform(0, 6, size=(len(sks), n + 4, 3))
        got = prog.loss(torch.from_numpy(x), torch.arange(len(sks))).numpy()
        want = [refine._loss_grad(kind, target, n, sk, a)[0] for sk, a in zip(sks, x)]
        assert np.allclose(got, want, atol=1e-12)


def test_batched_fit_recovers_a_two_cx_circuit_and_stops_early():
    rng = np.random.default_rng(5)
    true = [(0, 1), (1, 2)]
    target = data.template_target(rng, "unitary", 3, true)
    stats = {}
    outs = batchfit.fit_batch("unitary", target, 3, [true, [(0, 2), (0, 1)], [(0, 1), (0, 1)]],
                              np.random.default_rng(0), starts=4, steps=400, stats=stats)
    assert outs[0].pairs == true and outs[0].loss < 1e-9
    # The wrong skeletons cannot reach it ([(0,1),(0,1)] never touches how 2 entangles)...
    assert outs[2].loss > 1e-2
    # ... and every member stopped (reached the target or frozen) before the step cap.
    assert stats["members"] == 12 and stats["steps"] < 400
    fit = batchfit.to_fit("unitary", outs[0])
    st = translate.to_gateset(3, fit, "u3,cx")
    assert linalg.unitary_fidelity(target, linalg.circuit_unitary(3, st)) > 1 - 1e-9


def test_search_finds_the_fewest_cx_on_a_small_state_and_unitary():
    rng = np.random.default_rng(7)
    for kind, n, true in (("unitary", 3, [(0, 2), (1, 2)]), ("state", 4, [(0, 1), (2, 3)])):
        target = data.template_target(rng, kind, n, true)
        r = skelsearch.search(kind, target, n, 4, 60, np.random.default_rng(0))
        assert r.exact and len(r.best.pairs) <= len(true)
        assert batchfit.fidelity(kind, r.best.loss) > 1 - 1e-6
    # A budget that ends first gives the closest fit, not exact.
    target = data.template_target(rng, "unitary", 3, [(0, 1), (1, 2), (0, 2)])
    r = skelsearch.search("unitary", target, 3, 1, 60, np.random.default_rng(0))
    assert not r.exact and len(r.best.pairs) <= 1 and r.best.loss > 1e-3


def test_continuous_exit_4_prints_the_best_found(tmp_path):
    from typer.testing import CliRunner

    from qtool.cli.main import app

    rng = np.random.default_rng(11)
    u = data.template_target(rng, "unitary", 3, [(0, 1), (1, 2), (0, 2)])
    p = tmp_path / "u.npy"
    np.save(p, u)
    r = CliRunner().invoke(app, ["synth", "--unitary", str(p), "--max-gates", "1",
                                 "--no-generic", "--seed", "0", "--json"])
    assert r.exit_code == 4, r.output
    doc = json.loads(r.stdout)
    assert doc["exact"] is False and doc["two_qubit_count"] <= 1 and doc["qasm"]
    assert 0 < doc["fidelity"] < 1 - 1e-6


def test_bench_continuous_suite_runs_the_skeleton_search():
    from typer.testing import CliRunner

    from qtool.cli.main import app

    r = CliRunner().invoke(app, ["bench", "synth", "--suite", "cont3", "--count", "1",
                                 "--timeout", "3", "--no-baselines", "--seed", "0", "--json"])
    assert r.exit_code == 0, r.output
    rows = json.loads(r.stdout)["rows"]
    assert rows[0]["method"] == "skeleton beam search, model-ranked"
    assert rows[0]["targets"] == 1 and "generating circuit" in [x["method"] for x in rows]


def test_reversed_outcome_is_the_inverse_targets_fit_read_backwards():
    rng = np.random.default_rng(4)
    n, pairs = 3, [(0, 1), (1, 2), (0, 2), (1, 2)]
    angles = rng.uniform(0, 6.28, size=(n + 2 * len(pairs), 3))

    def unitary(p, a):
        return linalg.circuit_unitary(n, refine.fit_statements(n, refine.Fit(p, a, 1, 1, 0)))

    u = unitary(pairs, angles)
    o = skelsearch.reversed_outcome(n, batchfit.Outcome(pairs, angles, 0.0))
    assert o.pairs == pairs[::-1]
    assert linalg.unitary_fidelity(u.conj().T, unitary(o.pairs, o.angles)) > 1 - 1e-12
    # read backwards twice is the circuit itself
    back = skelsearch.reversed_outcome(n, o)
    assert back.pairs == pairs
    assert linalg.unitary_fidelity(u, unitary(back.pairs, back.angles)) > 1 - 1e-12


def test_search_both_ways_returns_a_circuit_for_the_target_not_its_inverse(monkeypatch):
    torch.set_num_threads(1)
    rng = np.random.default_rng(7)
    true = [(0, 1), (0, 1)]
    target = data.template_target(rng, "unitary", 2, true)
    fit_batch = batchfit.fit_batch

    def inverse_only(kind, tgt, *a, **kw):
        outs = fit_batch(kind, tgt, *a, **kw)
        if np.allclose(tgt, target):      # the forward beam never reaches it: only the
            for o in outs:                # inverse's search can answer
                o.loss = max(o.loss, 0.5)
        return outs

    assert 2 in skelsearch.BOTH_WAYS
    monkeypatch.setattr(batchfit, "fit_batch", inverse_only)
    res = skelsearch.search("unitary", target, 2, 3, 20.0, np.random.default_rng(0))
    assert res.exact and len(res.best.pairs) == 2
    st = refine.fit_statements(2, batchfit.to_fit("unitary", res.best))
    assert linalg.unitary_fidelity(target, linalg.circuit_unitary(2, st)) > 1 - 1e-7
