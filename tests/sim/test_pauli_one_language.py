"""One Pauli-sum language: `simulate --expect` and QPE's `pauli:` models read the same texts
through qtool.pauli, accept and refuse the same strings, and get the same terms."""

from __future__ import annotations

import json

import cirq
import pytest
from typer.testing import CliRunner

from qtool import sim
from qtool.cli.main import app
from qtool.errors import QtoolError
from qtool.pauli import PauliSumError, parse_pauli_sum
from qtool.qpe.models import get_model

runner = CliRunner()
QUBITS = cirq.LineQubit.range(3)

GOOD = [
    ("0.5*Z0*Z1 - 0.3 X0 + I", [(0.5, {0: "Z", 1: "Z"}), (-0.3, {0: "X"}), (1.0, {})]),
    ("z0*z1", [(1.0, {0: "Z", 1: "Z"})]),
    ("Z0Z1 + x2", [(1.0, {0: "Z", 1: "Z"}), (1.0, {2: "X"})]),
    ("-Y2 + 2", [(-1.0, {2: "Y"}), (2.0, {})]),
    (".5z1 x0 - 1e-3*I0*Y1", [(0.5, {1: "Z", 0: "X"}), (-1e-3, {1: "Y"})]),
    ("  + 0.25 * X0 * Y1 * Z2  ", [(0.25, {0: "X", 1: "Y", 2: "Z"})]),
    ("2*I - 0.5 Z0", [(2.0, {}), (-0.5, {0: "Z"})]),
]

BAD = [
    # (text, column, words)
    ("0.5 Q1", 5, "unexpected 'Q1'"), ("Z0 Z0", 4, "acts twice on qubit 0"),
    ("Z0*", 4, "expected a Pauli factor"), ("Z0*0.5", 4, "expected a Pauli factor"),
    ("Z0 0.5", 4, "the coefficient comes first"), ("X", 1, "'X' needs a qubit number"),
    ("1e999 Z0", 1, "not a finite number"), ("Z0 +", 5, "expected a term"),
    ("+ -Z0", 3, "expected a term"), ("exp(Z0)", 1, "unexpected 'exp'"), ("Z0 * * Z1", 6, "Pauli factor"),
    ("Z" + "9" * 5000, 1, "too large"), ("0.5 Z0 Z1 ++ X0", 12, "expected a term"),
]


def sim_terms(text: str):
    """The --expect parser's PauliSum as {frozenset((qubit, letter))): coefficient}."""
    out = {}
    for ps in sim.pauli_sum_on(text, QUBITS):
        key = frozenset((q.x, str(p)) for q, p in ps.items())
        out[key] = out.get(key, 0) + ps.coefficient.real
    return {k: v for k, v in out.items() if v}


def qpe_terms(text: str):
    model = get_model("pauli:" + text)
    return {frozenset(p): c for p, c in model.terms if c}


def neutral_terms(terms):
    out = {}
    for c, factors in terms:
        key = frozenset(factors.items())
        out[key] = out.get(key, 0) + c
    return {k: v for k, v in out.items() if v}


@pytest.mark.parametrize("text, terms", GOOD, ids=[g[0] for g in GOOD])
def test_same_terms_through_both_entry_points(text, terms):
    assert parse_pauli_sum(text) == terms
    expected = neutral_terms(terms)
    assert sim_terms(text) == pytest.approx(expected)
    assert qpe_terms(text) == pytest.approx(expected)


@pytest.mark.parametrize("text, column, words", BAD, ids=[b[0][:20] for b in BAD])
def test_same_refusals_with_the_column(text, column, words):
    with pytest.raises(PauliSumError) as info:
        parse_pauli_sum(text)
    assert info.value.column == column and words in info.value.reason, info.value
    with pytest.raises(QtoolError, match=f"cannot read term at column {column}: ") as a:
        sim.pauli_sum_on(text, QUBITS)
    with pytest.raises(QtoolError, match=f"cannot read term at column {column}: ") as b:
        get_model("pauli:" + text)
    assert words in str(a.value) and words in str(b.value)
    assert str(a.value).startswith("observable ") and str(b.value).startswith("pauli: Hamiltonian ")


def test_empty_sums():
    with pytest.raises(QtoolError, match="empty observable"):
        sim.pauli_sum_on("  ", QUBITS)
    with pytest.raises(QtoolError, match="pauli: empty Hamiltonian"):
        get_model("pauli:")


def test_qubit_range_is_checked_against_the_circuit():
    with pytest.raises(QtoolError, match="column 6: qubit 3 does not exist"):
        sim.pauli_sum_on("Z0 + I3", QUBITS)


def test_cli_simulate_and_qpe_agree_on_lowercase(samples):
    r = runner.invoke(app, ["simulate", str(samples / "bell.qasm"), "--expect", "z0*z1", "--json"])
    assert r.exit_code == 0, r.output
    (e,) = json.loads(r.stdout)["expectations"]
    assert e["value"] == pytest.approx(1.0, abs=1e-6)
    r = runner.invoke(app, ["qpe", "--model", "pauli:z0*z1 + 0.5 x0", "-a", "3", "-s", "0", "--trotter-steps", "0",
                            "--estimator", "majority", "--json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["model"]["name"] == "pauli"


@pytest.mark.parametrize("text", ["z0*q1", "Z0 Z0", "Z0*"])
def test_cli_simulate_and_qpe_both_exit_2(samples, text):
    r = runner.invoke(app, ["simulate", str(samples / "bell.qasm"), "--expect", text])
    assert r.exit_code == 2, r.output
    assert f"qtool: error: observable {text!r}: cannot read term at column" in r.stderr
    r = runner.invoke(app, ["qpe", "--model", "pauli:" + text, "-a", "3", "-s", "0"])
    assert r.exit_code == 2, r.output
    assert f"qtool: error: pauli: Hamiltonian {text!r}: cannot read term at column" in r.stderr
    assert "Traceback" not in r.output
