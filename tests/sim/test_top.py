"""`--probs --top K` / `--state --top K`: likeliest first (ties by bitstring), and how many
outcomes and how much probability were left out."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from qtool import qasm
from qtool.cli.main import app
from qtool.sim import SimOptions
from qtool.sim.report import simulate_program

runner = CliRunner()
HEAD = 'OPENQASM 2.0;\ninclude "qelib1.inc";\n'


def run(*args, input=None):
    return runner.invoke(app, [str(a) for a in args], input=input)


def test_grover_top_is_likeliest_first_then_ties_by_bitstring(samples):
    r = run("simulate", samples / "grover.qasm", "--probs", "--top", "3", "--json")
    assert r.exit_code == 0, r.stderr
    doc = json.loads(r.stdout)
    # 101 holds 0.9453; the other seven tie at 1/128 (up to qsim's single precision).
    assert list(doc["probabilities"]) == ["101", "000", "001"]
    assert doc["unlisted_outcomes"] == 5
    assert doc["unlisted_probability"] == pytest.approx(5 / 128, abs=1e-5)
    assert doc["listed_probability"] + doc["unlisted_probability"] == pytest.approx(1.0)
    assert doc["truncated"] is True and doc["order"].startswith("likeliest first")


def test_text_output_order_and_the_unlisted_line(samples):
    r = run("simulate", samples / "grover.qasm", "--probs", "--top", "3")
    assert r.exit_code == 0, r.stderr
    rows = [line.split()[0] for line in r.stdout.splitlines() if line[:3] in ("101", "000", "001")]
    assert rows == ["101", "000", "001"]
    import re

    assert re.search(r"\n5 more outcomes not listed, holding 3\.906[23]% of the probability\n", r.stdout)


def test_csv_says_what_was_left_out(samples):
    r = run("simulate", samples / "grover.qasm", "--probs", "--top", "2", "--csv")
    lines = r.stdout.splitlines()
    assert lines[1].startswith("101,") and lines[2].startswith("000,")
    assert lines[3].startswith("# 6 outcomes not listed, total probability 0.0468")


def test_skewed_distribution_is_sorted_by_probability():
    # Product of ry rotations: every outcome has a distinct probability.
    text = HEAD + "qreg q[3]; ry(0.4) q[0]; ry(1.1) q[1]; ry(2.2) q[2];"
    prog = qasm.parse_program(text)
    rep = simulate_program(prog, mode="probabilities", top=4, options=SimOptions(threads=1))
    values = list(rep.probabilities.values())
    assert values == sorted(values, reverse=True) and len(values) == 4
    full = simulate_program(prog, mode="probabilities", top=0, options=SimOptions(threads=1))
    expected = sorted(full.probabilities.items(), key=lambda kv: -kv[1])[:4]
    assert list(rep.probabilities) == [k for k, _ in expected]
    assert rep.unlisted == 4
    assert 1 - rep.listed_probability == pytest.approx(sum(v for _, v in
                                                          sorted(full.probabilities.items(), key=lambda kv: -kv[1])[4:]), abs=1e-6)


def test_ghz_top_one_and_state_mode(samples):
    r = run("simulate", samples / "ghz.qasm", "--probs", "--top", "1", "--json")
    doc = json.loads(r.stdout)
    assert list(doc["probabilities"]) == ["00000"]  # tie with 11111: bitstring order
    assert doc["unlisted_outcomes"] == 1 and doc["unlisted_probability"] == pytest.approx(0.5, abs=1e-6)
    r = run("simulate", samples / "qft.qasm", "--state", "--top", "4", "--json")
    doc = json.loads(r.stdout)
    assert list(doc["amplitudes"]) == ["0000", "0001", "0010", "0011"]  # 16 ties
    assert doc["unlisted_outcomes"] == 12


def test_top_zero_lists_everything_likeliest_first(samples):
    doc = json.loads(run("simulate", samples / "grover.qasm", "--probs", "--top", "0", "--json").stdout)
    assert list(doc["probabilities"]) == ["101", "000", "001", "010", "011", "100", "110", "111"]
    assert doc["unlisted_outcomes"] == 0 and doc["truncated"] is False
