"""Issue 18: augmented functional circuits, angle variants kept in training only, and the
wall-time learning-rate schedule."""

from __future__ import annotations

import pytest

from qtool.ketgpt import augment, corpus
from qtool.ketgpt.convert import circuit_statements
from qtool.ketgpt.functional import is_functional
from qtool.ketgpt.tokenizer import Tokenizer, statements_to_qasm
from qtool.ketgpt.train import TrainOptions, _lr


@pytest.mark.parametrize("family", augment.FAMILIES)
def test_every_variant_does_what_its_family_does_and_they_differ(family):
    # Grover's check simulates a search per variant: one size keeps the test fast.
    for n in ((3,) if family == "grover" else (3, 4)):
        texts = set()
        for c in augment.variants(family, n, 6, seed=1):
            num, sts = circuit_statements(c, n)
            assert is_functional(family, num, sts), (family, n, sts)
            texts.add(statements_to_qasm(num, sts))
        assert len(texts) >= 3   # varied, not one circuit six times


def test_a_broken_variant_fails_the_same_check():
    # The check the augmenter relies on can fail: a ghz variant with one CNOT dropped.
    c = next(augment.variants("ghz", 4, 1))
    n, sts = circuit_statements(c, 4)
    assert not is_functional("ghz", n, sts[:-1])


def test_augmented_sources_are_seeded_and_labelled():
    a = list(augment.augmented_sources(2, 3, 3))
    b = list(augment.augmented_sources(2, 3, 3))
    assert [s for s, *_ in a] == [s for s, *_ in b]
    assert {(o, f) for _s, o, f, _c in a} == {("augment", f) for f in augment.FAMILIES}
    assert [str(x[3]) for x in a] == [str(x[3]) for x in b]


def _item(tok, source, origin, family, n, statements):
    from qtool.ketgpt.validity import parse_qasm

    return (source, origin, family, parse_qasm(statements_to_qasm(n, statements)))


def ry_chain(n, theta):
    return [("ry", (theta,), (i,)) for i in range(n)] + [("cx", (), (i, i + 1)) for i in range(n - 1)]


def test_angle_variants_train_but_never_reach_the_test_set():
    tok = Tokenizer(families=("realamprandom", "ghz"))
    src = [_item(tok, f"r{n}_{k}", "mqt", "realamprandom", n, ry_chain(n, 0.2 + 0.3 * k))
           for n in (3, 4, 5, 6) for k in range(3)]
    dropped_default = corpus.collect(src, tok, 500)[0]
    kept = corpus.collect(src, tok, 500, angle_variants=True)[0]
    assert len(dropped_default) == 4 and len(kept) == 12
    sp = corpus.split(kept, (), 0.5, 10)
    assert sp.cells
    # Every angle variant outside the held-out cells trains; a held-out cell gives the test
    # set one circuit per structure.
    assert len(sp.train) == 3 * (4 - len(sp.cells))
    assert len(sp.test) == len(sp.cells)
    corpus.assert_disjoint(sp.train, sp.test)


def test_augmented_circuits_in_a_held_out_cell_are_dropped_not_tested():
    tok = Tokenizer(families=("ghz",))
    lib = [_item(tok, f"g{n}", "library", "ghz", n,
                 [("h", (), (0,))] + [("cx", (), (i, i + 1)) for i in range(n - 1)])
           for n in (2, 3, 4, 5, 6)]
    aug = [(f"augment:ghz:{n}:{k}", "augment", "ghz", c)
           for n in (2, 3, 4, 5, 6) for k, c in enumerate(augment.variants("ghz", n, 3))]
    items = corpus.collect(lib + aug, tok, 500, angle_variants=True)[0]
    sp = corpus.split(items, (), 0.5, 10)
    assert sp.cells and all(i.origin != "augment" for i in sp.test)
    assert any(i.origin == "augment" for i in sp.train)
    for fam, n in sp.cells:
        assert not any(i.qubits == n for i in sp.train)


def test_time_schedule_decays_with_the_clock():
    opts = TrainOptions(steps=1000, warmup=10, lr=1.0, min_lr_ratio=0.1, time_schedule=True,
                        max_seconds=60)
    assert _lr(20, opts) == pytest.approx(_lr(20, opts, 0.0))
    assert _lr(20, opts, 1.0) == pytest.approx(0.1)   # out of time: the floor
    assert _lr(20, opts, 0.5) < _lr(20, opts, 0.0)
    assert _lr(900, opts, 0.1) == pytest.approx(_lr(900, opts))  # steps further along: steps


def test_cli_refuses_options_out_of_context(tmp_path):
    from typer.testing import CliRunner

    from qtool.cli.main import app

    r = CliRunner().invoke(app, ["ketgpt", "dataset", "--from-library", "--augment", "2",
                                 "--out", str(tmp_path / "d.json")])
    assert r.exit_code == 2 and "--test-out" in r.output
    assert not (tmp_path / "d.json").exists()
    r = CliRunner().invoke(app, ["ketgpt", "train", "--data", str(tmp_path / "none.json"),
                                 "--out", str(tmp_path / "k.pt"), "--time-schedule"])
    assert r.exit_code == 2 and "--max-minutes" in r.output


def test_a_real_circuit_equal_to_an_augmented_one_is_the_copy_kept(tmp_path):
    # Deduplication keeps the first copy: augmented circuits come last, so a real circuit
    # (which may fall in a held-out cell and belong to the test set) is never displaced.
    c = next(augment.variants("ghz", 3, 1))
    n, sts = circuit_statements(c, 3)
    (tmp_path / "ghz_n3.qasm").write_text(statements_to_qasm(n, sts), encoding="utf-8")
    data, sp = corpus.build_real(corpus.RealOptions(
        library=False, min_qubits=3, max_qubits=3, folders=[str(tmp_path)], augment=1))
    ghz = [i for i in sp.train if i.family == "ghz"]
    assert [i.origin for i in ghz] == ["folder"]
    assert data.meta["duplicates_dropped"] == {"augment": 1}
