"""`qtool simulate --sweep/--zip/--param/--plot` and noisy runs split by shots, as a user
runs them."""

from __future__ import annotations

import csv
import io
import json
import math
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from qtool.cli.main import app

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()

ANSATZ = """OPENQASM 3.0;
include "stdgates.inc";
input float[64] theta;
input float[64] phi;
qubit[2] q;
ry(theta) q[0];
cx q[0], q[1];
rz(phi) q[1];
"""
QASM2 = 'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[1];\nrx(2*t) q[0];\n'


def run(*args, input=None):
    return runner.invoke(app, [str(a) for a in args], input=input)


@pytest.fixture
def ansatz(tmp_path):
    path = tmp_path / "ansatz.qasm"
    path.write_text(ANSATZ)
    return path


def test_csv_table_of_expectations_over_a_product(ansatz):
    """<Z0> = cos(theta), <X0 X1> = sin(theta) cos(phi) for ry(theta), cx, rz(phi)."""
    r = run("simulate", ansatz, "--sweep", "theta=0:pi:5", "--sweep", "phi=0,pi/3",
            "-e", "Z0", "-e", "X0*X1", "--csv", "--workers", 1)
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert list(rows[0]) == ["theta", "phi", "Z0", "X0*X1"] and len(rows) == 10
    for row in rows:
        th, ph = float(row["theta"]), float(row["phi"])
        assert float(row["Z0"]) == pytest.approx(math.cos(th), abs=1e-5)
        assert float(row["X0*X1"]) == pytest.approx(math.sin(th) * math.cos(ph), abs=1e-5)
    assert [(float(r["theta"]), float(r["phi"])) for r in rows[:3]] == [
        (0, 0), (0, pytest.approx(math.pi / 3)), (pytest.approx(math.pi / 4), 0)]


def test_json_zip_and_the_text_table_with_its_plot(ansatz, tmp_path):
    r = run("simulate", ansatz, "--sweep", "theta=0:pi:3", "--sweep", "phi=0:1:3", "--zip",
            "--json", "--workers", 1)
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    assert doc["schema"] == "qtool.sweep/2" and doc["combination"] == "zip"
    assert [p["params"] for p in doc["points"]] == [
        {"theta": 0.0, "phi": 0.0}, {"theta": pytest.approx(math.pi / 2), "phi": 0.5},
        {"theta": pytest.approx(math.pi), "phi": 1.0}]
    assert doc["points"][0]["probabilities"] == {"00": pytest.approx(1.0)}
    png = tmp_path / "z.png"
    r = run("simulate", ansatz, "--sweep", "theta=0:2*pi:16", "--param", "phi=0.3", "-e", "Z1",
            "--plot", png, "--workers", 1)
    assert r.exit_code == 0, r.output
    words = " ".join(r.stdout.split())
    assert "expectation values over 16 points, phi=0.3" in words
    assert len([line for line in r.stdout.splitlines() if line.startswith("│")]) == 16
    assert "<Z1>" in r.stdout and "theta" in r.stdout.splitlines()[-1]
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_openqasm2_free_parameters_and_param_alone(tmp_path):
    path = tmp_path / "rx.qasm"
    path.write_text(QASM2)
    r = run("simulate", path, "--param", "t=pi/4", "--probs", "--json")
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    assert doc["schema"] == "qtool.simulate/1"
    assert doc["probabilities"]["1"] == pytest.approx(0.5, abs=1e-6)  # rx(pi/2)


@pytest.mark.parametrize("args, message", [
    (["--sweep", "theta=0:1:x"], "--sweep theta=0:1:x: the number of points N must be a whole number"),
    (["--sweep", "theta"], "--sweep 'theta': expected NAME=START:STOP:N or NAME=V1,V2,..."),
    (["--sweep", "theta=0:1:3", "--param", "phi=x+"], "--param phi=x+: 'x+' is not a number"),
    (["--sweep", "theta=0:1:3", "--param", "theta=1"],
     "parameter 'theta' is given twice (--sweep/--param)"),
    (["--sweep", "theta=0:1:3", "--param", "phi=0", "--plot", "x.txt"],
     "--plot x.txt: expected a .png or .svg file name"),
    (["--sweep", "theta=0:1:3"], "input 'phi' has no value: give it with --param phi=VALUE"),
    (["--sweep", "theta=0:1:3", "--param", "phi=0", "--param", "gamma=1"],
     "the circuit has no parameter 'gamma'"),
    (["--sweep", "theta=0:1:3", "--sweep", "phi=0:1:2", "--zip"], "--zip needs sweeps of the same length"),
    (["--param", "phi=0", "--param", "theta=1", "--plot", "x.png"], "--plot draws a sweep"),
])
def test_bad_sweeps_exit_2_with_a_message(ansatz, args, message):
    r = run("simulate", ansatz, *args, "--workers", 1)
    assert r.exit_code == 2, r.output
    assert message in r.stderr and "Traceback" not in r.stderr


def test_noisy_shots_split_into_tasks_give_the_same_counts_on_two_workers(samples):
    args = ["simulate", str(samples / "ghz.qasm"), "--noise", "depolarizing:0.05", "--shots",
            "20001", "--seed", "9", "--expect", "Z0*Z1", "--json"]
    one = run(*args, "--workers", 1)
    assert one.exit_code == 0, one.output
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    two = subprocess.run([sys.executable, "-m", "qtool", *args, "--workers", "2"], cwd=ROOT,
                         env=env, capture_output=True, text=True, timeout=300)
    assert two.returncode == 0, two.stderr
    a, b = json.loads(one.stdout), json.loads(two.stdout)
    assert a["counts"] == b["counts"] and sum(a["counts"].values()) == 20001
    assert a["seed"] == b["seed"] == 9
    assert "3 tasks of up to 10000 shots" in a["engine"]
    assert "trajectories: 3 tasks on 2 local worker processes" in two.stderr
    # noisy --expect split the same way: every trajectory counted, the same on 2 workers
    assert a["expectations"] == b["expectations"]
    assert a["expectations"][0]["trajectories"] == 20001
    # the noise shows: depolarizing at 5% spreads counts beyond GHZ's two outcomes
    assert np.count_nonzero(list(a["counts"].values())) > 8


def test_several_inputs_are_each_swept_one_json_line_per_input(ansatz, tmp_path):
    other = tmp_path / "other.qasm"
    other.write_text(ANSATZ.replace("ry(theta) q[0];", "rx(theta) q[0];\nh q[1];"))
    bad = tmp_path / "bad.qasm"
    bad.write_text(ANSATZ.replace("cx q[0], q[1];", "cx q[0], q[7];"))
    sweep = ["--sweep", "theta=0:pi:3", "--param", "phi=0.5", "-e", "Z0", "-e", "X1",
             "--seed", 4, "--workers", 1, "--json"]
    alone = [json.loads(run("simulate", f, *sweep).stdout) for f in (ansatz, other)]
    r = run("simulate", ansatz, bad, other, *sweep)
    assert r.exit_code == 2, r.output
    lines = [json.loads(line) for line in r.stdout.splitlines()]
    assert [d["schema"] for d in lines] == ["qtool.sweep/2", "qtool.error/1", "qtool.sweep/2"]
    assert lines[0] == alone[0] and lines[2] == alone[1]  # each as if swept alone
    assert lines[1]["source"] == str(bad) and "out of range" in lines[1]["error"]
    assert f"{bad}:" in r.stderr and "1 of 3 inputs failed" in r.stderr
    assert [p["expectations"] for p in lines[2]["points"]] != \
        [p["expectations"] for p in lines[0]["points"]]
    csv_out = run("simulate", ansatz, other, *sweep[:-1], "--csv")
    assert csv_out.exit_code == 0, csv_out.output
    assert csv_out.stdout.count("# source: ") == 2 and csv_out.stdout.count("theta,Z0,X1") == 2
    plot = run("simulate", ansatz, other, *sweep, "--plot", tmp_path / "p.png")
    assert plot.exit_code == 2 and "--plot draws the sweep of one input" in plot.stderr


def test_a_sweep_of_expectations_carries_the_values_alone(ansatz):
    """--expect alone: each point is its values (no 2^n outcome listing per point); --probs
    asks for the probabilities too; the values are those of `--param` one point at a time."""
    args = ["simulate", ansatz, "--sweep", "theta=0:pi:3", "--param", "phi=0.4", "-e", "Z0",
            "-e", "X0*X1", "--json", "--workers", 1]
    r = run(*args)
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    assert doc["mode"] == "expectation"
    for point in doc["points"]:
        assert point["mode"] == "expectation" and "probabilities" not in point
        assert "truncated" not in point and [e["observable"] for e in point["expectations"]] == \
            ["Z0", "X0*X1"]
    one = json.loads(run("simulate", ansatz, "--param", "theta=pi/2", "--param", "phi=0.4",
                         "-e", "Z0", "-e", "X0*X1", "--json").stdout)
    assert one["mode"] == "probabilities"  # one circuit: simulate's listing, as before
    assert doc["points"][1]["expectations"] == one["expectations"]
    both = json.loads(run(*args, "--probs").stdout)
    assert both["mode"] == "probabilities"
    assert both["points"][0]["probabilities"] == {"00": pytest.approx(1.0)}
    assert [p["expectations"] for p in both["points"]] == [p["expectations"] for p in doc["points"]]


@pytest.mark.parametrize("command", [["info"], ["draw"], ["compile", "--no-verify"]])
def test_commands_without_param_refuse_an_unbound_input_naming_the_command_that_binds(
        ansatz, command):
    """info, draw and compile have no --param: the error must not send a user to a flag the
    command they ran lacks, and must say which command has it."""
    r = run(*command, ansatz)
    assert r.exit_code == 2, r.output
    assert "input 'theta' has no value" in r.stderr
    assert "(options of `qtool simulate`)" in r.stderr and "Traceback" not in r.stderr
    assert r.stdout == ""
