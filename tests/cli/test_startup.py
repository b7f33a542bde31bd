"""`qtool --help` must stay instant: no heavy library is imported at start-up. (Which package
may import which, the core never importing typer/textual/rich included, is tests/test_layering.py.)"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ["cirq", "torch", "openfermion", "textual", "qsimcirq", "numpy", "scipy", "matplotlib"]
ROOT = Path(__file__).resolve().parents[2]


def modules_after(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys, json; print(json.dumps(sorted(sys.modules)))"],
                         capture_output=True, text=True, check=True, timeout=120)
    return set(json.loads(out.stdout.splitlines()[-1]))


def test_cli_import_is_light():
    loaded = modules_after("import qtool.cli.main")
    assert not [m for m in HEAVY if m in loaded]


@pytest.mark.parametrize("args", [["--help"], ["simulate", "--help"], ["bench", "--help"]])
def test_help_runs_without_heavy_imports(args):
    code = ("import sys\nfrom qtool.cli.main import app\n"
            f"sys.argv = ['qtool'] + {args!r}\n"
            "try:\n    app()\nexcept SystemExit:\n    pass\n")
    loaded = modules_after(code)
    assert not [m for m in HEAVY if m in loaded]


def imported_by(args: list[str]) -> tuple[subprocess.CompletedProcess, set[str]]:
    """Run the real command as a user does, `python -m qtool ...`, and list every module it
    imported (from `python -X importtime`, which names each one on stderr)."""
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "qtool", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    names = {line.rsplit("|", 1)[1].strip() for line in proc.stderr.splitlines()
             if line.startswith("import time:") and "self [us]" not in line}
    return proc, names


NOT_FOR_CIRCUIT_COMMANDS = ["torch", "openfermion", "textual", "tui"]


def test_help_in_a_fresh_process_imports_no_heavy_library():
    proc, names = imported_by(["--help"])
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "Usage:" in proc.stdout
    assert "typer" in names  # the module list is real: the CLI library shows up in it
    assert [m for m in ["cirq", "torch", "openfermion", "textual", "qsimcirq"] if m in names] == []


@pytest.mark.parametrize("args", [
    ["info", "samples/bell.qasm"],
    ["convert", "samples/bell.qasm", "--to", "qasm3"],
    ["draw", "samples/bell.qasm"],
    ["gen", "ghz", "--qubits", "3"],
    ["simulate", "samples/bell.qasm", "--shots", "10", "--seed", "1"],
], ids=lambda a: a[0])
def test_circuit_commands_skip_torch_openfermion_textual(args):
    proc, names = imported_by(args)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip()
    assert "cirq" in names  # they do need cirq: the module list covers the whole command
    assert [m for m in NOT_FOR_CIRCUIT_COMMANDS if m in names] == []
