"""`ketgpt generate --tries N`: family-conditioned generation that checks the function.

What a user relies on: a circuit marked works=yes really does what its family does (checked
here by qtool.ketgpt.functional.is_functional on the text written, not on the sampler's
own bookkeeping), redrawing raises the share, the first draw is what plain `generate`
writes, and the counts on stderr match the marks.
"""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from qtool.cli.main import app
from qtool.ketgpt.functional import is_functional
from qtool.ketgpt.generate import split_stream

runner = CliRunner()

GHZ3 = [("h", (), (0,)), ("cx", (), (0, 1)), ("cx", (), (1, 2))]
JUNK = [("rz", (0.3,), (2,)), ("x", (), (1,)), ("cx", (), (2, 0))]


def _statements(text: str, n: int = 3):
    from qtool.ketgpt.convert import circuit_statements
    from qtool.ketgpt.validity import parse_qasm

    return circuit_statements(parse_qasm(text), n)


def _body(text: str) -> list[str]:
    """The gate lines after `qreg`, as written."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("qreg"))
    return [line for line in lines[start + 1:] if line.strip()]


def test_a_ghz_that_does_not_stop_is_cut_at_its_first_working_prefix():
    from qtool.ketgpt.checked import working_prefix

    assert working_prefix("ghz", 3, GHZ3 + JUNK) == 3
    assert working_prefix("ghz", 3, GHZ3) == 3              # works whole: kept whole
    assert working_prefix("ghz", 3, JUNK) is None
    assert working_prefix("ghz", 3, [("x", (), (0,))] + GHZ3) is None   # |1..> first: never GHZ
    # A phase on one qubit before the CNOTs spoils the state: the scan must not accept it.
    assert working_prefix("ghz", 3, [("h", (), (0,)), ("z", (), (0,))] + GHZ3[1:]) is None
    # wstate, a family whose prefix is checked too: the library's own circuit plus junk.
    from qtool import circuits
    from qtool.ketgpt.convert import circuit_statements

    n, w = circuit_statements(circuits.generate("wstate", 3, level="indep"), 3)
    assert working_prefix("wstate", n, list(w) + JUNK) == len(w)
    # A unitary family is checked whole, never cut.
    n, q = circuit_statements(circuits.generate("qft", 3, level="indep"), 3)
    assert working_prefix("qft", n, list(q)) == len(q)
    assert working_prefix("qft", n, list(q) + JUNK) is None


def test_the_cut_keeps_the_models_own_tokens():
    from qtool.ketgpt.checked import _cut
    from qtool.ketgpt.tokenizer import Tokenizer

    tok = Tokenizer(families=("ghz",))
    seq = tok.encode(3, GHZ3 + JUNK, "ghz")
    cut = _cut(tok, seq, GHZ3 + JUNK, 3)
    assert cut == tok.encode(3, GHZ3, "ghz")
    assert tok.decode(cut)[2] == GHZ3


def _marks(stdout: str):
    return [re.search(r"works=(yes|no) draws=(\d+)", t).groups() for t in split_stream(stdout)]


def test_redrawing_raises_the_share_and_every_circuit_marked_working_works():
    """The shipped model on 3-qubit ghz (it works as first written about 1 time in 10)."""
    args = ["ketgpt", "generate", "-f", "ghz", "-n", "3", "-c", "6", "--seed", "3",
            "--threads", "1"]
    plain = runner.invoke(app, args)
    once = runner.invoke(app, args + ["--tries", "1"])
    many = runner.invoke(app, args + ["--tries", "8"])
    for r in (plain, once, many):
        assert r.exit_code == 0, r.output
    # The first draw is plain generate's circuit (cut at its working prefix at most).
    for p, o in zip(split_stream(plain.stdout), split_stream(once.stdout)):
        assert _body(p)[: len(_body(o))] == _body(o)
    counts = {}
    for name, r in (("once", once), ("many", many)):
        marks = _marks(r.stdout)
        texts = split_stream(r.stdout)
        assert len(texts) == 6
        for text, (works, draws) in zip(texts, marks):
            n, sts = _statements(text)
            assert is_functional("ghz", 3, sts) == (works == "yes"), text
            assert 1 <= int(draws) <= (1 if name == "once" else 8)
        counts[name] = sum(w == "yes" for w, _ in marks)
        m = re.search(r"(\d+)/6 worked as first drawn, (\d+)/6 work after the check", r.stderr)
        assert m and int(m.group(2)) == counts[name], r.stderr
    assert counts["many"] > counts["once"]
    assert counts["many"] == 6


@pytest.mark.parametrize("args, message", [
    (["--tries", "3"], "--tries checks what a family does: it needs --family ghz, wstate, qft, bv, grover (not none)"),
    (["--tries", "3", "-f", "qaoa"], "it needs --family ghz, wstate, qft, bv, grover (not qaoa)"),
    (["--tries", "3", "-f", "qft", "-n", "11"], "--tries checks qft on 1 to 10 qubits, not --qubits 11"),
    (["--tries", "0", "-f", "qft"], "--tries"),
])
def test_a_request_the_check_cannot_serve_is_refused_before_sampling(args, message):
    r = runner.invoke(app, ["ketgpt", "generate", *args])
    assert r.exit_code == 2, r.output
    assert message in r.stderr
    assert "Traceback" not in r.output


def test_the_core_names_its_parameters_and_the_cli_its_flags(tiny_checkpoint, tmp_path):
    from qtool.errors import ParameterError
    from qtool.ketgpt import dataset as ds
    from qtool.ketgpt.checked import check_request
    from qtool.ketgpt.sample import SampleOptions

    for call, text in [(lambda: SampleOptions(top_k=0).check(), "top_k must be >= 1"),
                       (lambda: check_request("qft", 11, 2), "not qubits 11"),
                       (lambda: ds.build_training_set(False, []),
                        "nothing to build from: give from_library and/or folders"),
                       (lambda: ds.build_training_set(True, [], min_qubits=5, max_qubits=3),
                        "min_qubits is larger than max_qubits")]:
        with pytest.raises(ParameterError) as info:
            call()
        assert text in str(info.value) and "--" not in str(info.value)
    path, _ = tiny_checkpoint
    r = runner.invoke(app, ["ketgpt", "generate", "-m", str(path), "--top-k", "0"])
    assert r.exit_code == 2   # typer's own range check (min=1)
    r = runner.invoke(app, ["ketgpt", "dataset", "--out", str(tmp_path / "d.json")])
    assert r.exit_code == 2 and "nothing to build from: give --from-library and/or --from" in r.stderr
    r = runner.invoke(app, ["ketgpt", "dataset", "--from-library", "--min-qubits", "5",
                            "--max-qubits", "3", "--out", str(tmp_path / "d.json")])
    assert r.exit_code == 2 and "--min-qubits is larger than --max-qubits" in r.stderr
