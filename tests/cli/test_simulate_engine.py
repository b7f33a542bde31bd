"""`qtool simulate --engine`: the choice on stderr and in --json, refusals with exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def qtool(*args, input=None):
    env = dict(os.environ, PYTHONPATH=ROOT, PYTHONWARNINGS="ignore")
    return subprocess.run([sys.executable, "-m", "qtool", *map(str, args)], input=input,
                          capture_output=True, text=True, env=env, timeout=300)


def test_auto_names_stim_on_stderr_and_in_json(samples):
    r = qtool("simulate", samples / "bell.qasm", "--seed", "3", "--json")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["engine"] == "stim" and doc["engine_reason"] == "auto: every operation is Clifford"
    assert set(doc["counts"]) == {"00", "11"} and sum(doc["counts"].values()) == 1024
    assert "qtool: engine: stim (auto: every operation is Clifford)" in r.stderr


def test_each_engine_can_be_asked_for(samples):
    for name in ("qsim", "stim", "cirq"):
        r = qtool("simulate", samples / "bell.qasm", "--seed", "3", "--json", "--engine", name)
        assert r.returncode == 0, r.stderr
        assert json.loads(r.stdout)["engine"] == name
        assert f"qtool: engine: {name}" in r.stderr


def test_stim_refuses_a_t_gate_with_exit_2_and_auto_runs_it_on_qsim():
    text = 'OPENQASM 2.0; include "qelib1.inc"; qreg q[1]; h q[0]; t q[0];'
    r = qtool("simulate", "-", "--engine", "stim", input=text)
    assert r.returncode == 2 and "t on q_0: not a Clifford gate" in r.stderr, r.stderr
    assert "Traceback" not in r.stderr
    r = qtool("simulate", "-", "--json", input=text)
    assert r.returncode == 0 and json.loads(r.stdout)["engine"] == "qsim"
    assert "engine: qsim (auto: t on q_0 is not something stim runs)" in r.stderr


def test_unknown_engine_is_a_usage_error(samples):
    r = qtool("simulate", samples / "bell.qasm", "--engine", "fast")
    assert r.returncode == 2 and "unknown engine 'fast'" in r.stderr


def test_wide_clifford_probabilities_are_refused_with_exit_3_and_a_hint():
    n = 300
    text = f'OPENQASM 2.0; include "qelib1.inc"; qreg q[{n}]; h q;'
    r = qtool("simulate", "-", "--probs", input=text)
    assert r.returncode == 3
    assert f"a {n}-qubit state vector needs" in r.stderr and "pass --shots N" in r.stderr
    r = qtool("simulate", "-", "--shots", "5", "--seed", "1", "--json", input=text)
    assert r.returncode == 0 and sum(json.loads(r.stdout)["counts"].values()) == 5
