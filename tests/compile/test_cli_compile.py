"""`qtool compile` and `qtool bench compile` as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys

import cirq
import pytest
from typer.testing import CliRunner

from qtool import qasm
from qtool.cli.main import app

from .helpers import SAMPLES

runner = CliRunner()


def run(*args, input=None):
    return runner.invoke(app, [str(a) for a in args], input=input)


def test_compile_writes_qasm_and_summary():
    r = run("compile", SAMPLES / "qft.qasm", "--target", "cz", "-O3")
    assert r.exit_code == 0, r.stderr
    out = qasm.parse(r.stdout)
    two = [op for op in out.all_operations() if len(op.qubits) == 2]
    assert two and all(op.gate == cirq.CZ for op in two)
    assert all(len(op.qubits) <= 2 for op in out.all_operations() if not cirq.is_measurement(op))
    assert "2q gates" in r.stderr and "verified (unitary" in r.stderr


def test_compile_routed_output_and_json_report(tmp_path):
    out = tmp_path / "out.qasm"
    rep = tmp_path / "report.json"
    r = run("compile", SAMPLES / "ghz.qasm", "-t", "ibm", "-d", "heavy-hex:3", "-o", out,
            "--report", "json", "--report-out", rep)
    assert r.exit_code == 0, r.stderr
    doc = json.loads(r.stderr)
    assert doc == json.loads(rep.read_text())
    assert doc["schema"] == "qtool.compile/1" and doc["routed"] is True
    assert doc["device"] == {"name": "heavy-hex:3", "qubits": 19}
    assert set(doc["initial_mapping"]) == {f"q[{i}]" for i in range(5)}
    assert doc["verification"]["ok"] is True
    text = out.read_text()
    assert "qreg q[19];" in text  # one register over the device's qubits
    routed = qasm.parse(text)
    from qtool.compile.devices import heavy_hex

    dev = heavy_hex(3)
    for op in routed.all_operations():
        if len(op.qubits) == 2:
            a, b = (q.index for q in op.qubits)
            assert dev.coupled(a, b)
    used = {q.index for q in routed.all_qubits()}
    assert set(doc["initial_mapping"].values()) <= used | set(range(19))


def test_compile_qasm3_and_stdin():
    text = (SAMPLES / "bell.qasm").read_text()
    r = run("compile", "-", "--qasm", "3", "-t", "cz", input=text)
    assert r.exit_code == 0, r.stderr
    assert r.stdout.startswith("OPENQASM 3")


@pytest.mark.parametrize("args,needle", [
    (["--target", "tket"], "unknown target"),
    (["--device", "torus:4"], "unknown device"),
    (["-O", "7"], "optimisation level"),
    (["--report", "xml"], "unknown report format"),
])
def test_bad_options_exit_2(args, needle):
    r = run("compile", SAMPLES / "bell.qasm", *args)
    assert r.exit_code == 2 and needle in r.stderr
    assert "Traceback" not in r.stderr


def test_malformed_device_file_exit_2(tmp_path):
    f = tmp_path / "dev.json"
    f.write_text('{"coupling": [[0, 1], [1]]}')
    r = run("compile", SAMPLES / "bell.qasm", "--device", f)
    assert r.exit_code == 2 and "dev.json" in r.stderr and "pairs" in r.stderr


def test_thirty_qubits_on_five_qubit_device_exit_2(tmp_path):
    f = tmp_path / "wide.qasm"
    f.write_text('OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[30];\n'
                 + "".join(f"h q[{i}];\n" for i in range(30)) + "cx q[0],q[29];\n")
    r = run("compile", f, "--device", "line:5")
    assert r.exit_code == 2 and "30 qubits" in r.stderr and "only 5" in r.stderr


def test_clifford_t_refusal_exit_2():
    r = run("compile", SAMPLES / "qft.qasm", "--target", "clifford-t")
    assert r.exit_code == 2 and "Clifford+T" in r.stderr


def test_real_pipe_compile_to_simulate():
    """`qtool compile ghz.qasm -t cz -d line:5 | qtool simulate - --json` in processes."""
    first = subprocess.Popen([sys.executable, "-m", "qtool", "compile", str(SAMPLES / "ghz.qasm"),
                              "-t", "cz", "-d", "line:5", "--report", "none"],
                             stdout=subprocess.PIPE)
    second = subprocess.run([sys.executable, "-m", "qtool", "simulate", "-", "--json",
                             "--seed", "1"], stdin=first.stdout, capture_output=True, text=True,
                            timeout=300)
    first.stdout.close()
    assert first.wait() == 0 and second.returncode == 0, second.stderr
    counts = json.loads(second.stdout)["counts"]
    assert set(counts) <= {"00000", "11111"} and len(counts) == 2


def test_bad_qasm_exit_2_no_traceback(tmp_path):
    bad = tmp_path / "bad.qasm"
    bad.write_text("OPENQASM 2.0;\nqreg q[2];\nfoo q[0];\n")
    r = run("compile", bad)
    assert r.exit_code == 2 and "bad.qasm:3" in r.stderr and "Traceback" not in r.stderr


def test_bench_compile_json(tmp_path):
    for name in ("bell.qasm", "ghz.qasm"):
        (tmp_path / name).write_text((SAMPLES / name).read_text())
    r = run("bench", "compile", tmp_path, "-t", "cz", "-d", "all", "-d", "line:5", "--json")
    assert r.exit_code == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["schema"] == "qtool.bench.compile/1"
    assert [(s["device"], s["circuits"]) for s in doc["summaries"]] == [("all", 2), ("line:5", 2)]
    rows = {(row["circuit"], row["device"]): row for row in doc["rows"]}
    assert rows[("ghz.qasm", "all")]["two_qubit"] == 4
    if doc["qiskit_version"]:
        assert doc["summaries"][0]["compared"] == 2
        assert doc["summaries"][0]["two_qubit_ratio"] == pytest.approx(1.0)


def test_bench_compile_table_without_qiskit(tmp_path):
    (tmp_path / "bell.qasm").write_text((SAMPLES / "bell.qasm").read_text())
    r = run("bench", "compile", tmp_path, "--no-qiskit")
    assert r.exit_code == 0, r.stderr
    assert "bell.qasm" in r.stdout and "totals" in r.stdout and "qiskit" not in r.stdout.lower()


def test_bench_compile_bad_suite():
    r = run("bench", "compile", "/no/such/folder")
    assert r.exit_code == 2 and "no such folder" in r.stderr


def test_sqrt_iswap_output_reads_back_equal():
    r = run("compile", SAMPLES / "ghz.qasm", "-t", "sqrt-iswap", "--report", "none")
    assert r.exit_code == 0, r.stderr
    assert "rxx(-pi/4)" in r.stdout and "ryy(-pi/4)" in r.stdout
    back = qasm.parse(r.stdout)
    orig = qasm.load(str(SAMPLES / "ghz.qasm"))
    strip = lambda c: cirq.Circuit(op for op in c.all_operations() if not cirq.is_measurement(op))
    assert cirq.allclose_up_to_global_phase(strip(orig).unitary(), strip(back).unitary(), atol=1e-6)


def test_default_check_at_12_qubits_says_it_is_not_a_proof(tmp_path):
    lines = ["OPENQASM 2.0;", 'include "qelib1.inc";', "qreg q[12];"]
    lines += [f"h q[{i}];" for i in range(12)] + [f"cx q[{i}],q[{i + 1}];" for i in range(11)]
    f = tmp_path / "wide.qasm"
    f.write_text("\n".join(lines) + "\n")
    r = runner.invoke(app, ["compile", str(f), "-t", "cz", "--seed", "0"])
    assert r.exit_code == 0, r.output
    assert "verified (random-states, 12 qubits; not a proof; --verify proves it)" in r.stderr
