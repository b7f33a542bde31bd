"""`qtool gen` as a user runs it: listing, QASM out, errors, and a pipe into simulate."""

from __future__ import annotations

import json
import subprocess
import sys

import cirq
import pytest
from typer.testing import CliRunner

from qtool import circuits, qasm
from qtool.cli.main import app

runner = CliRunner()


def test_list_shows_every_family_with_its_range():
    result = runner.invoke(app, ["gen", "--list"])
    assert result.exit_code == 0
    lines = result.stdout.strip().splitlines()
    assert len(lines) == len(circuits.FAMILIES) >= 20
    assert any(line.split()[:2] == ["grover", "2-12"] for line in lines)


def test_list_json():
    result = runner.invoke(app, ["gen", "--list", "--json"])
    doc = json.loads(result.stdout)
    assert doc["schema"] == "qtool.gen.families/1"
    names = {f["name"] for f in doc["families"]}
    assert names == set(circuits.FAMILIES)
    assert all(f["min_qubits"] <= f["max_qubits"] for f in doc["families"])


@pytest.mark.parametrize("version", ["2", "3"])
@pytest.mark.parametrize("level", ["alg", "indep"])
def test_gen_writes_qasm_with_the_same_unitary(version, level):
    result = runner.invoke(app, ["gen", "grover", "--qubits", "4", "--seed", "5", "--level",
                                 level, "--qasm", version])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"OPENQASM {version}.0;")
    back = qasm.parse(result.stdout, "<gen>")
    ref = circuits.generate("grover", 4, seed=5, level=level)
    assert cirq.allclose_up_to_global_phase(
        back.unitary(qubit_order=sorted(back.all_qubits())),
        ref.unitary(qubit_order=cirq.LineQubit.range(4)), atol=1e-7)


def test_gen_seed_is_reproducible_and_out_writes_a_file(tmp_path):
    target = tmp_path / "r.qasm"
    first = runner.invoke(app, ["gen", "random", "-n", "5", "--seed", "9"]).stdout
    assert runner.invoke(app, ["gen", "random", "-n", "5", "--seed", "9", "-o",
                               str(target)]).exit_code == 0
    assert target.read_text() == first
    assert runner.invoke(app, ["gen", "random", "-n", "5", "--seed", "10"]).stdout != first


@pytest.mark.parametrize("args, message", [
    (["gen", "ghz"], "missing --qubits"),
    (["gen", "--qubits", "3"], "name an algorithm family"),
    (["gen", "ghzz", "-n", "3"], "did you mean ghz"),
    (["gen", "hhl", "-n", "20"], "4 to 9 qubits"),
    (["gen", "ghz", "-n", "3", "--level", "low"], "unknown level 'low'"),
    (["gen", "ghz", "-n", "3", "--json"], "--json goes with --list"),
    (["gen", "ghz", "-n", "3", "--qasm", "4"], "--qasm"),
])
def test_bad_input_exits_2_with_a_message(args, message):
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_gen_pipes_into_simulate():
    qtool = [sys.executable, "-m", "qtool"]
    gen = subprocess.run(qtool + ["gen", "ghz", "--qubits", "4", "--measure"],
                         capture_output=True, text=True, check=True)
    sim = subprocess.run(qtool + ["simulate", "-", "--shots", "200", "--seed", "1", "--json"],
                         input=gen.stdout, capture_output=True, text=True, check=True)
    counts = json.loads(sim.stdout)["counts"]
    assert set(counts) == {"0000", "1111"}
    assert sum(counts.values()) == 200
