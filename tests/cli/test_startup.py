"""`qtool --help` must stay instant: no heavy library is imported at start-up, and the core
never imports the CLI/TUI libraries."""

from __future__ import annotations

import ast
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


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_core_does_not_import_cli_or_tui_libraries():
    core = [p for p in (ROOT / "qtool").rglob("*.py")
            if "cli" not in p.relative_to(ROOT / "qtool").parts]
    offenders = {}
    for path in core:
        banned = {"typer", "textual", "tui"}
        if "render" not in path.parts:
            banned.add("rich")
        bad = _imports(path) & banned
        if bad:
            offenders[str(path.relative_to(ROOT))] = sorted(bad)
    assert offenders == {}
