"""Issue 18: the real corpus builder, the honest verifier, functional checks, fine-tuning."""

from __future__ import annotations

import json
import random
import shutil

import numpy as np
import pytest
from typer.testing import CliRunner

from qtool.cli.main import app
from qtool.ketgpt import corpus, honest
from qtool.ketgpt.tokenizer import Tokenizer, statements_to_qasm

from conftest import SMALL

runner = CliRunner()


def run(*args):
    return runner.invoke(app, list(map(str, args)))


def ghz(n):
    return [("h", (), (0,))] + [("cx", (), (i, i + 1)) for i in range(n - 1)]


def ry_chain(n, theta):
    return [("ry", (theta,), (i,)) for i in range(n)] + [("cx", (), (i, i + 1)) for i in range(n - 1)]


def write(folder, name, n, statements):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(statements_to_qasm(n, statements))


@pytest.fixture
def mqt_folder(tmp_path):
    """An MQT-Bench-like folder: ghz at 3..6 qubits, a family with an angle-only duplicate,
    a family to hold out whole, and two QASMBench originals."""
    d = tmp_path / "mqt"
    for n in range(3, 7):
        write(d, f"ghz_n{n}_s0.qasm", n, ghz(n))
        write(d, f"ghz_n{n}_s1.qasm", n, ghz(n))                 # same circuit: one kept
        write(d, f"vqe_real_amp_n{n}_s0.qasm", n, ry_chain(n, 0.3))
        write(d, f"vqe_real_amp_n{n}_s1.qasm", n, ry_chain(n, 1.1))  # same up to angles
        write(d, f"draper_qft_adder_n{n}_s0.qasm", n, [("h", (), (i,)) for i in range(n)]
              + [("cp", (np.pi / 2,), (0, n - 1))])
    (d / "VERSION").write_text("mqt.bench 2.3.0\ncommand: python benchmarks/ketgpt_mqt_corpus.py x\n")
    q = tmp_path / "qasmbench"
    q.mkdir()
    for name in ("bell_n4", "toffoli_n3"):
        shutil.copy(SMALL / name / f"{name}.qasm", q / f"{name}.qasm")
    return d, q


def test_real_corpus_dedups_holds_out_and_is_disjoint(mqt_folder, tmp_path):
    d, q = mqt_folder
    opts = corpus.RealOptions(library=False, mqt=[str(d)], qasmbench=[str(q)],
                              holdout_families=["draper_qft_adder"], cell_fraction=0.3,
                              test_max_qubits=10)
    data, sp = corpus.build_real(opts)
    # 4 ghz + 4 realamp (angle twins dropped) + 4 draper + 2 QASMBench = 14 distinct.
    assert len(sp.train) + len(sp.test) + sp.moved == 14
    assert data.meta["duplicates_dropped"] == {"mqt": 8}
    assert {i.family for i in sp.test} >= {"draper_qft_adder"}
    assert all(i.family != "draper_qft_adder" for i in sp.train)
    # MQT names map onto the library's tokens; unknown families train under f:*.
    fams = {e.source.rsplit("/", 1)[-1]: e.family for e in data.examples}
    assert fams.get("vqe_real_amp_n3_s0.qasm") == "realamprandom"
    assert fams.get("bell_n4.qasm", "absent") in (None, "absent")
    # Whole (family, size) cells: never the smallest size, and absent from training.
    for fam, n in sp.cells:
        assert all(not (i.family == fam and i.qubits == n) for i in sp.train)
    corpus.assert_disjoint(sp.train, sp.test)
    assert data.meta["provenance"][str(d)].startswith("mqt.bench 2.3.0")
    # The test folder reads back with family and origin.
    names = corpus.write_folder(sp.test, tmp_path / "test", data.tokenizer)
    back = honest.read_folder(tmp_path / "test")
    assert len(back) == len(names) == len(sp.test)
    assert {c.family for c in back} == {i.family for i in sp.test}
    assert {c.origin for c in back} <= {"mqt", "qasmbench"}


def test_assert_disjoint_catches_a_copy_up_to_angles():
    tok = Tokenizer()
    a, _ = corpus.collect([("a", "mqt", "x", _circuit(3, ry_chain(3, 0.3)))], tok, 500)[:2]
    b, _ = corpus.collect([("b", "mqt", "x", _circuit(3, ry_chain(3, 0.9)))], tok, 500)[:2]
    with pytest.raises(AssertionError, match="skey"):
        corpus.assert_disjoint(a, b)


def _circuit(n, statements):
    from qtool.ketgpt.validity import parse_qasm

    return parse_qasm(statements_to_qasm(n, statements))


def _ghz_and_ry_training():
    """A two-circuit training set (ghz on 4, an ry chain on 3) and its keys, from a
    checkpoint that stores none (so they are computed from the circuits)."""
    train = [honest.Circ(4, ghz(4)), honest.Circ(3, ry_chain(3, 0.3))]

    class Ck:
        meta: dict = {}

    return train, honest.training_keys(Ck(), train)


def test_disjoint_real_drops_copies_three_ways():
    _, known = _ghz_and_ry_training()
    relabel = [("h", (), (2,)), ("cx", (), (2, 0)), ("cx", (), (0, 3)), ("cx", (), (3, 1))]
    real = [honest.Circ(4, ghz(4), source="exact"), honest.Circ(3, ry_chain(3, 2.0), source="angles"),
            honest.Circ(4, relabel, source="relabelled"), honest.Circ(5, ghz(5), source="new")]
    kept, dropped = honest.disjoint_real(real, known)
    assert [c.source for c in kept] == ["new"]
    assert dropped == {"fingerprint": 1, "structure": 1, "canonical": 1}


def test_novelty_three_ways_on_crafted_circuits():
    train, known = _ghz_and_ry_training()
    relabel = [("h", (), (1,)), ("cx", (), (1, 0)), ("cx", (), (0, 2)), ("cx", (), (2, 3))]
    one_off = ghz(4)[:-1] + [("cz", (), (2, 3))]
    gen = [honest.Circ(4, ghz(4)), honest.Circ(3, ry_chain(3, 1.0)), honest.Circ(4, relabel),
           honest.Circ(4, one_off)]
    nov = honest.novelty(gen, train, known)
    assert nov["exact"] == 0.75            # all but the exact copy
    assert nov["up_to_angles"] == 0.5      # the relabelled copy and the one-off are new
    assert nov["up_to_angles_and_relabelling"] == 0.25   # only the one-off
    d = honest.nearest_edit(gen, train)
    assert d[:3] == [0.0, 0.0, 0.0] and d[3] == pytest.approx(1 / 4)


def test_levenshtein_many_matches_the_textbook_recursion():
    def ref(a, b):
        prev = list(range(len(b) + 1))
        for i, x in enumerate(a, 1):
            cur = [i]
            for j, y in enumerate(b, 1):
                cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x != y)))
            prev = cur
        return prev[-1]

    rng = random.Random(3)
    for _ in range(20):
        a = [rng.randrange(4) for _ in range(rng.randint(0, 9))]
        bs = [[rng.randrange(4) for _ in range(rng.randint(0, 9))] for _ in range(5)]
        M = max(max(len(b) for b in bs), 1)
        B = np.full((5, M), -1)
        for r, b in enumerate(bs):
            B[r, : len(b)] = b
        got = honest.levenshtein_many(np.array(a, dtype=int), B, np.array([len(b) for b in bs]))
        assert got.tolist() == [ref(a, b) for b in bs]


def test_baselines_are_valid_matched_circuits_of_the_family():
    from qtool.ketgpt.validity import check_validity

    train = ([honest.Circ(n, ghz(n), "ghz") for n in (3, 4, 5)]
             + [honest.Circ(n, ry_chain(n, 0.4), "realamprandom") for n in (3, 4, 5)])
    real = [honest.Circ(4, ghz(4)[::-1], "ghz"), honest.Circ(6, ry_chain(6, 1.0), "realamprandom"),
            honest.Circ(2, [("x", (), (1,))], None)]
    sets = honest.baseline_sets(train, real, seed=1)
    assert set(sets) == set(honest.BASELINES)
    for name, group in sets.items():
        assert len(group) == len(real)
        for (n, sts), c in zip(group, real):
            assert n == c.n and sts and all(max(q) < n for _g, _p, q in sts), name
        texts = [statements_to_qasm(n, s) for n, s in group]
        assert check_validity(texts).as_dict()["valid_fraction"] == 1.0, name
    # Per family: the ghz n-gram and shuffle never write the other family's ry.
    for name in ("ngram", "shuffled", "perturbed"):
        assert {g for g, _p, _q in sets[name][0][1]} <= {"h", "cx"}, name
    assert all(p != (0.4,) for g, p, _q in sets["perturbed"][1][1] if g == "ry")


def test_logistic_regression_separates_separable_features():
    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal(0, 1, (50, 3)), rng.normal(4, 1, (50, 3))])
    y = np.array([0] * 50 + [1] * 50)
    pred = honest.logistic_fit(X, y)
    assert (pred(X) == y).mean() > 0.95


def test_functional_checks_pass_the_library_and_fail_broken_circuits():
    from qtool import circuits
    from qtool.ketgpt.convert import circuit_statements
    from qtool.ketgpt.functional import is_functional

    for fam in ("ghz", "wstate", "qft", "bv", "grover"):
        n, sts = circuit_statements(circuits.generate(fam, 3, seed=5, level="indep"), 3)
        assert is_functional(fam, n, sts), fam
        assert not is_functional(fam, n, sts[1:] if fam in ("bv", "qft") else sts[:-1]), fam
    # The QFT without its final reversal is still the QFT; an X string is not BV.
    assert not is_functional("bv", 3, [("x", (), (0,)), ("h", (), (2,))])
    n, sts = circuit_statements(circuits.generate("qft", 4, level="indep"), 4)
    assert any(s[0] == "swap" for s in sts)
    assert is_functional("qft", 4, [s for s in sts if s[0] != "swap"])


def test_upweighting_and_fine_tuning(tiny_dataset, tiny_checkpoint, tmp_path):
    from qtool.ketgpt import checkpoint as ck
    from qtool.ketgpt.train import upweighted

    s, f = upweighted([[1], [2], [3]], ["a", "a", None], family_min=5)
    assert f.count("a") == 6 and f.count(None) == 1
    data_path, _ = tiny_dataset
    ck_path, _ = tiny_checkpoint
    out = tmp_path / "ft.pt"
    r = run("ketgpt", "train", "--data", data_path, "--init", ck_path, "--steps", 3,
            "--eval-every", 3, "--family-min", 20, "--threads", 1, "--seed", 0, "--out", out,
            "--json")
    assert r.exit_code == 0, r.output
    new = ck.load(out)
    assert new.meta["training"]["steps"] == 3 and "fine_tuned_from" in new.meta
    assert new.meta["structure_keys"] and new.meta["canonical_keys"]


def test_fine_tuned_checkpoint_records_what_its_start_was_trained_on(tiny_dataset,
                                                                    tiny_checkpoint, tmp_path):
    """A fine-tuned model has seen its starting checkpoint's data too: the verifiers must
    drop those circuits from the real set, so the checkpoint keeps their keys."""
    from qtool.ketgpt import checkpoint as ck, dataset as ds
    from qtool.ketgpt.train import _structure_keys

    old_path, old_data = tiny_dataset
    ck_path, start = tiny_checkpoint
    tok = old_data.tokenizer
    small = ds.build(ds.library_circuits(["wstate"], 2, 4, range(1)), tok, val_fraction=0.0)
    new_path, out = tmp_path / "small.json", tmp_path / "ft.pt"
    new_path.write_text(small.to_json())
    r = run("ketgpt", "train", "--data", new_path, "--init", ck_path, "--init-data", old_path,
            "--steps", 2, "--eval-every", 2, "--threads", 1, "--seed", 0, "--out", out, "--json")
    assert r.exit_code == 0, r.output
    meta = ck.load(out).meta
    assert {e.fingerprint for e in old_data.examples + small.examples} <= set(meta["fingerprints"])
    keys = _structure_keys(old_data)
    assert set(keys["structure_keys"]) <= set(meta["structure_keys"])
    assert set(keys["canonical_keys"]) <= set(meta["canonical_keys"])
    assert set(meta["family_qubits"]) == {"wstate"}
    assert meta["fine_tuned_from"]["family_sizes"]["ghz"] == sorted(set(start.meta["family_qubits"]["ghz"]))
    assert set(start.meta["fingerprints"]) <= set(meta["fingerprints"])
    r = run("ketgpt", "train", "--data", new_path, "--init-data", old_path, "--out", out)
    assert r.exit_code == 2 and "--init" in r.output


def test_dataset_and_verify_real_folder_through_the_cli(mqt_folder, tiny_checkpoint, tmp_path):
    d, q = mqt_folder
    data, test = tmp_path / "d.json", tmp_path / "test"
    r = run("ketgpt", "dataset", "--mqt", d, "--qasmbench", q, "--hold-out-families",
            "draper_qft_adder", "--cell-fraction", 0.3, "--test-out", test, "--out", data, "--json")
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    assert doc["test"] == len(list(test.glob("*.qasm"))) > 0
    assert doc["held_out_families"] == ["draper_qft_adder"]
    # A real folder of held-out circuits plus one copy of a training circuit.
    real = tmp_path / "real"
    shutil.copytree(test, real)
    write(real, "copy.qasm", 4, ghz(4))
    for n in (7, 8):
        write(real, f"ghz7_{n}.qasm", n, ghz(n))
    path, _ = tiny_checkpoint
    gen = tmp_path / "gen"
    assert run("ketgpt", "generate", "-m", path, "--count", 8, "--seed", 1, "--qubits", 4,
               "--out", gen).exit_code == 0
    r = run("ketgpt", "verify", gen, "-m", path, "--real", real, "--data", data,
            "--classifier-steps", 2, "--common-limit", 6, "--real-count", 12, "--json")
    assert r.exit_code == 0, r.output
    h = json.loads(r.stdout)["honest"]
    assert h["schema"] == "qtool.ketgpt.verify-honest/1" and h["real"]["disjoint"]
    assert sum(h["real"]["dropped_as_training"].values()) >= 1   # the copy of ghz(4)
    assert set(h["baselines"]) == set(honest.BASELINES)
    assert "edit_distance" in h["novelty"]
    for key in ("transformer", "logistic_features"):
        assert 0 <= h["classifier"][key]["generated_called_real"] <= 1
    assert set(h["structure"]["common_basis"]) >= {"generated", "ngram", "real_vs_real"} or \
        set(h["structure"]["common_basis"]) >= {"generated", "ngram"}
    bad = run("ketgpt", "verify", gen, "-m", path, "--real", tmp_path / "nowhere")
    assert bad.exit_code == 2


def test_family_connectivity_compares_like_with_like(tiny_checkpoint):
    from qtool.ketgpt import family_structure as fs

    chain = [(n, ghz(n)) for n in (3, 4, 5)]
    star = [(n, [("h", (), (0,))] + [("cx", (), (0, q)) for q in range(1, n)]) for n in (3, 4, 5)]
    full = [(n, [("cz", (), (a, b)) for a in range(n) for b in range(a + 1, n)]) for n in (3, 4, 5)]
    same = fs.compare(chain, chain, full)
    assert all(v == 0 for v in same["js"].values()) and all(v == 0 for v in same["gap"].values())
    # A chain and a star have the same edge count: density and degree agree, ...
    assert fs.compare(chain, star)["gap"]["density"] == 0
    # ... an all-to-all graph does not.
    far = fs.compare(chain, full, star)
    assert far["gap"]["density"] > 0.2 and far["js"]["mean_degree"] > 0.5
    path, ckpt = tiny_checkpoint
    rep = fs.by_family(ckpt, ["ghz", "qft"], sizes=(3, 4), per_size=2, seed=1)
    assert set(rep) == {"ghz", "qft"} and rep["ghz"]["count"] == 4
    assert set(rep["qft"]["uniform"]["gap"]) == set(fs.METRICS)
    assert fs.table(rep)[-1].startswith("mean")


def test_a_qasmbench_twin_belongs_to_its_family():
    """QASMBench ships NAME_nN.qasm and NAME_nN_transpiled.qasm: a held-out family whose
    twin went to training would leak."""
    from pathlib import Path

    assert corpus.family_from_name(Path("qft_n4_transpiled.qasm"), "qasmbench") == "qft"
    assert corpus.family_from_name(Path("simon_n6_transpiled.qasm"), "qasmbench") == "qasmbench:simon"
    assert corpus.family_from_name(Path("ghz_n5_s0.qasm"), "mqt") == "ghz"
    assert corpus.family_from_name(Path("notes.qasm"), "qasmbench") is None
