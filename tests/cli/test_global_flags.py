"""--debug and --quiet anywhere on the command line; progress lines when stderr is a file."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BELL = ROOT / "samples" / "bell.qasm"
GHZ = ROOT / "samples" / "ghz.qasm"


def qtool(*args, env=None):
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    for name in ("QTOOL_DEBUG", "QTOOL_QUIET", "QTOOL_PROGRESS_SECONDS"):
        if name not in (env or {}):
            full_env.pop(name, None)
    return subprocess.run([sys.executable, "-m", "qtool", *map(str, args)], capture_output=True,
                          text=True, env=full_env, timeout=120)


@pytest.mark.parametrize("args", [
    ["--debug", "info", "missing.qasm"],
    ["info", "missing.qasm", "--debug"],
    ["info", "--debug", "missing.qasm"],
])
def test_debug_anywhere_shows_the_traceback(args):
    r = qtool(*args)
    assert r.returncode == 2
    assert "Traceback (most recent call last)" in r.stderr
    assert r.stderr.endswith("qtool: error: missing.qasm: no such file\n")


def test_without_debug_no_traceback():
    r = qtool("info", "missing.qasm")
    assert r.returncode == 2
    assert r.stderr == "qtool: error: missing.qasm: no such file\n"


def test_debug_after_double_dash_is_an_argument():
    r = qtool("info", "--", "--debug")
    assert r.returncode == 2
    assert r.stderr == "qtool: error: --debug: no such file\n"


@pytest.mark.parametrize("position", ["before", "after"])
def test_quiet_anywhere_silences_notes_but_not_output(position):
    args = ["simulate", BELL, "--seed", "1"]
    args = ["--quiet", *args] if position == "before" else [*args, "--quiet"]
    loud = qtool("simulate", BELL, "--seed", "1")
    assert "qtool: engine: stim" in loud.stderr  # bell is Clifford: auto picks stim
    r = qtool(*args)
    assert r.returncode == 0
    assert r.stderr == ""
    assert r.stdout == loud.stdout


def test_quiet_keeps_errors():
    r = qtool("info", "missing.qasm", "--quiet")
    assert r.returncode == 2
    assert r.stderr == "qtool: error: missing.qasm: no such file\n"


def test_progress_lines_when_stderr_is_not_a_terminal():
    r = qtool("bench", "parse", BELL, GHZ, "--no-qiskit", "--json",
              env={"QTOOL_PROGRESS_SECONDS": "0"})
    assert r.returncode == 0, r.stderr
    lines = r.stderr.splitlines()
    assert len(lines) == 2
    assert re.fullmatch(r"qtool: parsing: 1/2 \(50\.0%\), \d+s elapsed", lines[0])
    assert re.fullmatch(r"qtool: parsing: 2/2 \(100\.0%\), \d+s elapsed", lines[1])
    assert r.stdout.startswith("{")  # progress never goes to stdout


def test_quiet_silences_progress():
    r = qtool("bench", "parse", BELL, GHZ, "--no-qiskit", "--json", "--quiet",
              env={"QTOOL_PROGRESS_SECONDS": "0"})
    assert r.returncode == 0
    assert r.stderr == ""


def test_progress_prints_periodically_during_one_long_step(monkeypatch):
    """A step of minutes (ketgpt verify's classifier) still shows the run is alive."""
    from qtool.cli import common

    fake = io.StringIO()
    monkeypatch.setattr(sys, "stderr", fake)
    monkeypatch.setenv("QTOOL_PROGRESS_SECONDS", "0.05")
    monkeypatch.delenv("QTOOL_QUIET", raising=False)
    with common.progress(4, "verifying") as advance:
        advance(1, "classifier")
        time.sleep(0.4)
    lines = fake.getvalue().splitlines()
    assert len(lines) >= 3
    assert all(re.fullmatch(r"qtool: classifier: 1/4 \(25\.0%\), 0s elapsed", x) for x in lines)
    n = len(lines)
    time.sleep(0.2)
    assert len(fake.getvalue().splitlines()) == n  # the ticker stopped with the work


def test_progress_interval_default_and_bad_values(monkeypatch):
    from qtool.cli import common

    monkeypatch.delenv("QTOOL_PROGRESS_SECONDS", raising=False)
    assert common.progress_interval() == 30.0
    for bad in ("soon", "-1", "nan"):
        monkeypatch.setenv("QTOOL_PROGRESS_SECONDS", bad)
        assert common.progress_interval() == 30.0
    monkeypatch.setenv("QTOOL_PROGRESS_SECONDS", "2.5")
    assert common.progress_interval() == 2.5
