"""`qtool synth` as a user runs it: targets from files, errors (exit 2), exit 4, --json."""

from __future__ import annotations

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from qtool.cli.main import app

runner = CliRunner()

BELL = """OPENQASM 2.0;
include "qelib1.inc";
qreg q[2];
h q[0];
cx q[0],q[1];
"""


def run(*args):
    return runner.invoke(app, list(map(str, args)))


@pytest.mark.parametrize("content, suffix, message", [
    (np.array([[1, 1], [0, 1]], dtype=complex), ".npy", "not unitary"),
    (np.eye(3), ".npy", "power-of-two"),
    (np.eye(2)[:, :1].T.repeat(2, 0), ".npy", "not unitary"),
    ("[[1, 0], [0", ".json", "not valid JSON"),
    ('[[1, "x"], [0, 1]]', ".json", "not a complex number"),
    ("this is not a matrix", ".npy", "not a numpy"),
])
def test_bad_unitary_files_exit_2(tmp_path, content, suffix, message):
    path = tmp_path / f"u{suffix}"
    if isinstance(content, str):
        path.write_text(content)
    else:
        np.save(path, content)
    r = run("synth", "--unitary", path, "--no-generic", "--seed", 0)
    assert r.exit_code == 2, r.output
    assert message in r.output
    assert "Traceback" not in r.output


def test_usage_errors_exit_2(tmp_path):
    path = tmp_path / "s.json"
    path.write_text(json.dumps([1, 1]))
    assert "not normalised" in run("synth", "--state", path, "--seed", 0).output
    assert run("synth", "--state", path, "--unitary", path).exit_code == 2
    r = run("synth", "--unitary", tmp_path / "missing.npy")
    assert r.exit_code == 2 and "no such file" in r.output
    r = run("synth", "--unitary", path, "--gates", "foo")
    assert r.exit_code == 2 and "unknown gate set" in r.output
    big = tmp_path / "big.npy"
    np.save(big, np.eye(32))
    r = run("synth", "--unitary", big)
    assert r.exit_code == 2 and "up to 4" in r.output


def test_json_matrix_formats_agree(tmp_path):
    """[re, im] pairs, strings and {"real", "imag"} read as the same matrix (an S gate)."""
    from qtool.synth.target import read_target

    docs = [[[1, 0], [0, [0, 1]]], [["1", "0"], ["0", "1j"]],
            {"real": [[1, 0], [0, 0]], "imag": [[0, 0], [0, 1]]}]
    arrays = []
    for i, doc in enumerate(docs):
        p = tmp_path / f"s{i}.json"
        p.write_text(json.dumps(doc))
        arrays.append(read_target("unitary", str(p)).array)
    for a in arrays:
        assert np.allclose(a, np.diag([1, 1j]))


def test_circuit_target_is_qubit_0_leftmost(tmp_path):
    """x on q[0] of 2 qubits flips the most significant bit of the index."""
    from qtool.synth.target import read_target

    p = tmp_path / "x.qasm"
    p.write_text('OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[2];\nx q[0];\n')
    t = read_target("state", str(p))
    assert np.allclose(t.array, [0, 0, 1, 0])


def test_discrete_exact_bell_and_json(tmp_path):
    p = tmp_path / "bell.qasm"
    p.write_text(BELL)
    r = run("synth", "--circuit", p, "--gates", "genqc", "--seed", 0, "--json")
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    assert doc["schema"] == "qtool.synth/1"
    assert doc["exact"] is True and doc["fidelity"] > 1 - 1e-9
    assert doc["gate_count"] == 2 and doc["two_qubit_count"] == 1
    assert {g["method"] for g in doc["generic"]} >= {"cirq two_qubit_matrix_to_cz_operations"}
    assert "qubit 0" in doc["bit_order"] and doc["seed"] == 0
    # The QASM in the document is the circuit: read back, it has the target's unitary.
    from qtool.synth.target import read_target

    out = tmp_path / "out.qasm"
    out.write_text(doc["qasm"])
    a, b = read_target("unitary", str(p)).array, read_target("unitary", str(out)).array
    assert abs(abs(np.vdot(a, b)) / 4 - 1) < 1e-9


def test_continuous_state_to_file(tmp_path):
    p = tmp_path / "bell.qasm"
    p.write_text(BELL)
    out = tmp_path / "prep.qasm"
    r = run("synth", "--state", p, "--gates", "rz,sx,cx", "--seed", 1, "--no-generic",
            "-o", out)
    assert r.exit_code == 0, r.output
    text = out.read_text()
    assert text.count("cx ") == 1 and "u3" not in text
    assert r.stdout == ""


def test_exit_4_reports_the_best_found(tmp_path):
    p = tmp_path / "t.qasm"
    p.write_text('OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[3];\nh q[0];\nccx q[0],q[1],q[2];\n'
                 "h q[2];\ncx q[2],q[1];\nswap q[0],q[2];\nh q[1];\nccx q[2],q[1],q[0];\n")
    r = run("synth", "--circuit", p, "--gates", "genqc", "--seed", 0, "--samples", 4,
            "--beam", 0, "--max-gates", 3, "--no-generic", "--json")
    assert r.exit_code == 4, r.output
    doc = json.loads(r.stdout)
    assert doc["exact"] is False and 0 <= doc["fidelity"] < 1 - 1e-9
    r = run("synth", "--circuit", p, "--gates", "genqc", "--seed", 0, "--samples", 4,
            "--beam", 0, "--max-gates", 3, "--no-generic")
    assert r.exit_code == 4
    assert "budget" in r.output and "OPENQASM" in r.stdout


def test_bench_synth_runs_and_reports():
    r = run("bench", "synth", "--suite", "genqc", "--count", 1, "--samples", 8, "--beam", 4,
            "--timeout", 2, "--no-baselines", "--json")
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    assert doc["schema"] == "qtool.bench.synth/1"
    methods = [row["method"] for row in doc["rows"]]
    assert methods[0].startswith("model") and "generating circuit" in methods
    assert all(row["targets"] == 1 for row in doc["rows"])
    assert run("bench", "synth", "--suite", "nope").exit_code == 2
