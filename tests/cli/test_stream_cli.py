"""A stream of several OpenQASM programs on a real pipe: commands say they read one."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def shell(cmd: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    py = sys.executable
    return subprocess.run(["bash", "-o", "pipefail", "-c", cmd.replace("PY", f"'{py}'")],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


def test_ketgpt_stream_piped_into_simulate_and_info(tmp_path):
    """simulate and info read a stream of programs as a batch: one JSON line per program."""
    import json

    stream = tmp_path / "stream.qasm"
    r = shell(f"PY -m qtool ketgpt generate --count 2 --seed 0 | tee '{stream}' | "
              f"PY -m qtool simulate - --shots 10 --seed 1 --workers 1 --json; echo rc=$? >&2; "
              f"PY -m qtool info - --json < '{stream}'; echo rc=$? >&2")
    assert [line for line in r.stderr.splitlines() if line.startswith("rc=")] == ["rc=0", "rc=0"]
    assert "already declared" not in r.stderr and "Traceback" not in r.stderr
    docs = [json.loads(line) for line in r.stdout.splitlines()]
    assert [(d["schema"], d["source"]) for d in docs] == [
        ("qtool.simulate/1", "<stdin>#1"), ("qtool.simulate/1", "<stdin>#2"),
        ("qtool.info/1", "<stdin>#1"), ("qtool.info/1", "<stdin>#2")]
    assert all(sum(d["counts"].values()) == 10 for d in docs[:2])
    assert stream.read_text().count("OPENQASM 2.0;") == 2


@pytest.mark.parametrize("command", ["draw -", "convert -"])
def test_two_sample_files_concatenated(command):
    r = shell(f"cat samples/bell.qasm samples/ghz.qasm | PY -m qtool {command}")
    assert r.returncode == 2
    assert r.stderr == (
        "qtool: error: <stdin>: input holds 2 OpenQASM programs (OPENQASM headers at lines 2, 10); "
        "this command reads one program: write one per file (for example `qtool ketgpt generate "
        "--count N --out DIR`) and run the command on each file\n")
    assert r.stdout == ""


def test_one_program_on_a_pipe_still_works():
    r = shell("cat samples/bell.qasm | PY -m qtool simulate - --shots 10 --seed 1 --csv")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("bitstring,count\n")
