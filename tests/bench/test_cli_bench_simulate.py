"""`qtool bench simulate` from the command line: table, plot, JSON, and refusals."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from qtool.cli.main import app

runner = CliRunner()
TINY = ["bench", "simulate", "--qubits", "3:4", "-f", "ghz", "--repeat", "1",
        "-b", "qtool", "-b", "qsimcirq", "-b", "cirq", "--threads", "1"]
ONE = ["bench", "simulate", "--qubits", "3", "-f", "ghz", "--repeat", "1", "--no-warmup",
       "-b", "qtool", "-b", "cirq", "--threads", "1"]


def test_table_and_terminal_plot():
    result = runner.invoke(app, TINY)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "qtool bench simulate" in out and "ghz 3q" in out and "ghz 4q" in out
    assert "reference" in out and "GB/s" in out
    assert "ghz: median time vs qubits" in out and "* qtool" in out


def test_json_schema_and_plot_files(tmp_path):
    png, svg = tmp_path / "t.png", tmp_path / "t.svg"
    result = runner.invoke(app, ONE + ["--json", "--plot", str(png)])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["schema"] == "qtool.bench/1" and doc["agree"] is True
    assert [p["qubits"] for p in doc["points"]] == [3]
    assert doc["config"]["warmup"] is False
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert runner.invoke(app, ONE + ["--plot", str(svg)]).exit_code == 0
    assert "<svg" in svg.read_text()


@pytest.mark.parametrize("extra, message", [
    (["--qubits", "ten"], "--qubits"),
    (["--precision", "quad"], "precision"),
    (["-b", "nosuch"], "unknown backend"),
    (["-f", "grover", "--qubits", "30"], "out of range"),
    (["--plot", "out.pdf"], ".png or .svg"),
])
def test_bad_input_exits_2(extra, message, tmp_path):
    args = ["bench", "simulate", "--qubits", "3", "-f", "ghz", "--repeat", "1", "-b", "qtool"]
    if extra[0] == "--plot":
        extra = ["--plot", str(tmp_path / extra[1])]
    result = runner.invoke(app, args + extra)
    assert result.exit_code == 2, result.output
    assert message in result.output and "Traceback" not in result.output


def test_too_large_a_sweep_is_refused_with_exit_3():
    result = runner.invoke(app, ["bench", "simulate", "--qubits", "40", "-f", "ghz", "-b", "qtool"])
    assert result.exit_code == 3
    assert "40-qubit point" in result.output


def test_a_disagreement_fails_the_command(monkeypatch):
    from qtool.bench import simulate
    from qtool.bench.sim_backends import base

    real = simulate.make_backends

    class Liar(base.Backend):
        name = "aer"

        def prepare(self, circuit, n, spec):
            import numpy as np

            return lambda: np.eye(1, 2 ** n, 1, dtype=np.complex64)[0]

    monkeypatch.setattr(simulate, "make_backends",
                        lambda names, m: real(["cirq"], m) + [Liar()])
    result = runner.invoke(app, ["bench", "simulate", "--qubits", "3", "-f", "ghz", "--repeat",
                                 "1", "-b", "cirq", "-b", "aer"])
    assert result.exit_code == 1
    assert "MISMATCH" in result.stdout and "backends disagree" in result.output


def test_runs_as_a_real_command():
    proc = subprocess.run([sys.executable, "-m", "qtool", *ONE, "--json"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["points"][0]["results"][0]["backend"] == "qtool"
    assert "Traceback" not in proc.stderr


def test_a_failing_qtool_backend_fails_the_command_but_a_failing_peer_does_not(monkeypatch):
    from qtool.bench import simulate
    from qtool.bench.sim_backends import base

    real = simulate.make_backends

    class Broken(base.Backend):
        def __init__(self, name):
            self.name = name

        def prepare(self, circuit, n, spec):
            raise RuntimeError("boom")

    args = ["bench", "simulate", "--qubits", "3", "-f", "ghz", "--repeat", "1", "-b", "cirq"]
    monkeypatch.setattr(simulate, "make_backends",
                        lambda names, m: real(["cirq"], m) + [Broken("aer")])
    peer = runner.invoke(app, args + ["-b", "aer"])
    assert peer.exit_code == 0 and "RuntimeError: boom" in peer.stdout
    monkeypatch.setattr(simulate, "make_backends",
                        lambda names, m: real(["cirq"], m) + [Broken("qtool")])
    ours = runner.invoke(app, args + ["-b", "qtool"])
    assert ours.exit_code == 1 and "qtool's own simulation failed" in ours.output
