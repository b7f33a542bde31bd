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
