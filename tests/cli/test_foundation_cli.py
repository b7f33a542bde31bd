"""The foundation commands as a user runs them: simulate, info, draw, convert, bench parse."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from qtool.cli.main import app

runner = CliRunner()


def run(*args, input=None):
    return runner.invoke(app, [str(a) for a in args], input=input)


def test_simulate_bell_table(samples):
    r = run("simulate", samples / "bell.qasm", "--seed", "1")
    assert r.exit_code == 0, r.stderr
    assert "00" in r.stdout and "11" in r.stdout and "1024 shots" in r.stdout
    assert "engine: stim (auto: every operation is Clifford)" in r.stderr


def test_simulate_json_schema(samples):
    r = run("simulate", samples / "bell.qasm", "--json", "--shots", "200", "--seed", "3")
    doc = json.loads(r.stdout)
    assert doc["schema"] == "qtool.simulate/1"
    assert doc["qubits"] == ["q_0", "q_1"] and doc["bits"] == ["c_0", "c_1"]
    assert "leftmost" in doc["bit_order"]
    assert set(doc["counts"]) <= {"00", "11"} and sum(doc["counts"].values()) == 200


def test_simulate_probs_csv_and_expect(samples):
    r = run("simulate", samples / "grover.qasm", "--probs", "--csv", "--expect", "Z0*Z2")
    assert r.exit_code == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0] == "bitstring,probability"
    probs = dict(line.split(",") for line in lines[1:9])
    assert float(probs["101"]) == pytest.approx(0.9453, abs=1e-3)
    assert lines[-1].startswith("# <Z0*Z2> = ")


def test_simulate_state_top(samples):
    r = run("simulate", samples / "ghz.qasm", "--state", "--json", "--top", "1")
    doc = json.loads(r.stdout)
    assert doc["mode"] == "state" and len(doc["amplitudes"]) == 1 and doc["truncated"]


def test_simulate_teleportation_says_which_engine(samples):
    r = run("simulate", samples / "teleportation.qasm", "--seed", "2", "--json")
    assert r.exit_code == 0
    assert "cirq.Simulator" in r.stderr and "classically controlled" in r.stderr
    assert json.loads(r.stdout)["bits"] == ["m0_0", "m1_0", "c2_0"]


def test_simulate_from_stdin(samples):
    r = run("simulate", "-", "--json", "--probs", input=(samples / "ghz.qasm").read_text())
    doc = json.loads(r.stdout)
    assert doc["source"] == "<stdin>" and set(doc["probabilities"]) == {"00000", "11111"}


def test_info_json(samples):
    r = run("info", samples / "qft.qasm", "--json")
    doc = json.loads(r.stdout)
    assert doc["schema"] == "qtool.info/1"
    assert doc["qubits"] == 4 and doc["gate_counts"]["cp"] == 6 and doc["gate_counts"]["swap"] == 2
    assert doc["two_qubit"] == 8 and doc["degree"] == [3, 3, 3, 3]


def test_draw_respects_width(corpus):
    (path,) = corpus.rglob("qft_n4.qasm")
    r = run("draw", path, "--width", "60")
    assert r.exit_code == 0
    assert max(len(line) for line in r.stdout.splitlines()) <= 60
    assert "q_0" in r.stdout


def test_convert_writes_atomically_and_round_trips(samples, tmp_path):
    out = tmp_path / "bell3.qasm"
    r = run("convert", samples / "bell.qasm", "--to", "qasm3", "-o", out)
    assert r.exit_code == 0 and r.stdout == ""
    text = out.read_text()
    assert text.startswith("OPENQASM 3.0;") and "c[0] = measure q[0];" in text
    assert [p.name for p in tmp_path.iterdir()] == ["bell3.qasm"]  # no temporary left behind
    r = run("convert", samples / "teleportation.qasm", "--to", "cirq-json")
    import cirq

    back = cirq.read_json(json_text=r.stdout)
    assert isinstance(back, cirq.Circuit)
    assert sorted(str(q) for q in back.all_qubits()) == ["q_0", "q_1", "q_2"]


def test_bench_parse_reports_ratio(corpus):
    r = run("bench", "parse", corpus / "small" / "qft_n4", "--repeat", "1", "--json")
    doc = json.loads(r.stdout)
    assert doc["schema"] == "qtool.bench.parse/1"
    assert doc["files_read"] == 2 and doc["gates_per_second"] > 0


BAD = [
    # (file content or None for a missing file, expected exit, words in stderr)
    (None, 2, "no such file"),
    (b"", 2, "empty input"),
    (b"\x00\x01\x02\xff\xfe", 2, "binary data"),
    (b'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[1];\nfrob q[0];\n', 2, "bad.qasm:4:1: unknown gate 'frob'"),
    (b'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[2];\ncx q[0];\n', 2, "bad.qasm:4:1: gate 'cx' acts on 2 qubits, got 1"),
    (b'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[2];\nh r[0];\n', 2, "bad.qasm:4:3: 'r' is undeclared"),
    (b'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[40];\nh q;\n', 3, "40-qubit state vector needs"),
]


@pytest.mark.parametrize("content, code, words", BAD)
def test_bad_input(tmp_path, content, code, words):
    path = tmp_path / "bad.qasm"
    if content is not None:
        path.write_bytes(content)
    r = run("simulate", path)
    assert r.exit_code == code
    assert words in r.stderr
    assert "Traceback" not in r.stderr and r.stdout == ""


def test_usage_errors_exit_2(samples):
    assert run("simulate", samples / "bell.qasm", "--probs", "--state").exit_code == 2
    assert run("simulate", samples / "bell.qasm", "--bogus").exit_code == 2
    assert run("convert", samples / "bell.qasm", "--to", "quil").exit_code == 2
    r = run("simulate", samples / "bell.qasm", "--noise", "depolarizing:2")
    assert r.exit_code == 2 and "between 0 and 1" in r.stderr


def _qtool(*args, input=None):
    env = dict(os.environ, PYTHONWARNINGS="ignore")
    return subprocess.run([sys.executable, "-m", "qtool", *map(str, args)], input=input,
                          capture_output=True, text=True, env=env, timeout=300)


def test_real_pipeline_convert_to_simulate(samples):
    """`qtool convert samples/ghz.qasm --to qasm3 | qtool simulate - --json` in real processes."""
    first = subprocess.Popen([sys.executable, "-m", "qtool", "convert", str(samples / "ghz.qasm"),
                              "--to", "qasm3"], stdout=subprocess.PIPE)
    second = subprocess.run([sys.executable, "-m", "qtool", "simulate", "-", "--json", "--seed", "1"],
                            stdin=first.stdout, capture_output=True, text=True, timeout=300)
    first.stdout.close()
    assert first.wait() == 0 and second.returncode == 0, second.stderr
    doc = json.loads(second.stdout)
    assert set(doc["counts"]) == {"00000", "11111"}


def test_subprocess_error_has_no_traceback(tmp_path):
    bad = tmp_path / "x.qasm"
    bad.write_text("qreg q[1];\nh q[3];\n")
    r = _qtool("info", bad)
    assert r.returncode == 2
    assert f"{bad}:2:3: index 3 is out of range" in r.stderr and "Traceback" not in r.stderr
