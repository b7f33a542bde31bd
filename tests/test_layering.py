"""Layering is checked by a tool: import-linter's contracts in pyproject.toml.

The repository must keep every contract, and each contract must be able to fail: a copy of
the sources with one planted import is reported broken, naming the contract and the import.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT = Path(sys.executable).with_name("lint-imports")


def lint(cwd: Path) -> subprocess.CompletedProcess:
    # lint-imports reads pyproject.toml in cwd and puts cwd first on the path, so a copy is
    # analysed instead of the checked-out package; PYTHONPATH makes that explicit.
    env = dict(os.environ, PYTHONPATH=str(cwd), NO_COLOR="1", COLUMNS="400")
    return subprocess.run([str(LINT), "--no-cache"], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=120)


def contract_names() -> dict[str, str]:
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    return {c["id"]: c["name"] for c in config["contracts"]}


def test_import_linter_is_installed():
    assert LINT.exists(), "install the dev extra: pip install -e '.[dev]' (import-linter)"


def test_the_repository_keeps_every_contract():
    proc = lint(ROOT)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out
    assert f"Contracts: {len(contract_names())} kept, 0 broken." in out


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    for package in ("qtool", "tui"):
        shutil.copytree(ROOT / package, tmp_path / package,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pt", "checkpoints"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def plant(root: Path, relpath: str, line: str) -> None:
    path = root / relpath
    path.write_text(path.read_text() + f"\n{line}\n")


def test_an_unmodified_copy_keeps_every_contract(copy):
    # The control for the cases below: copying alone breaks nothing.
    proc = lint(copy)
    assert proc.returncode == 0, proc.stdout + proc.stderr


# (file to plant the import in, the import, the contracts that must break, text of the report)
PLANTED = [
    # Imports are followed through: tui reaches typer through qtool.qasm.
    ("qtool/qasm/expr.py", "import typer", {"core-no-ui", "tui-uses-the-core"},
     "qtool.qasm.expr -> typer"),
    ("qtool/render/diagram.py", "import textual", {"core-no-ui"},
     "qtool.render.diagram -> textual"),
    ("qtool/sim/__init__.py", "import rich", {"rich-only-in-render-and-cli"}, "qtool.sim -> rich"),
    # Through tui, qtool.editor would reach textual, rich and qtool.inspect (a layer above).
    ("qtool/editor/model.py", "import tui.app",
     {"tui-on-top", "core-no-ui", "rich-only-in-render-and-cli", "layers"},
     "qtool.editor.model -> tui.app"),
    ("tui/parts.py", "import qtool.cli.common", {"tui-uses-the-core"},
     "tui.parts -> qtool.cli.common"),
    ("qtool/qasm/writer.py", "import torch", {"qasm-at-the-bottom"}, "qtool.qasm.writer -> torch"),
    # An upward import from qtool.qasm breaks its own contract and the layers.
    ("qtool/qasm/writer.py", "import qtool.circuits", {"qasm-at-the-bottom", "layers"},
     "qtool.qasm.writer -> qtool.circuits"),
    ("qtool/compile/pipeline.py", "import qtool.bench", {"layers"},
     "qtool.compile.pipeline -> qtool.bench"),
    ("qtool/errors.py", "import qtool.io", {"layers"}, "qtool.errors -> qtool.io"),
    # Siblings in one layer are independent.
    ("qtool/qpe/run.py", "import qtool.ketgpt", {"layers"}, "qtool.qpe.run -> qtool.ketgpt"),
]


@pytest.mark.parametrize("relpath, line, contracts, report", PLANTED,
                         ids=[r.replace(" ", "") for _, _, _, r in PLANTED])
def test_a_planted_import_breaks_its_contract(copy, relpath, line, contracts, report):
    plant(copy, relpath, line)
    proc = lint(copy)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    names = contract_names()
    lines = out.splitlines()
    broken = {cid for cid, name in names.items()
              if any(ln == f"{name} BROKEN" or ln.startswith(f"{name} BROKEN (") for ln in lines)}
    assert broken == contracts, out
    assert f"Contracts: {len(names) - len(contracts)} kept, {len(contracts)} broken." in out
    assert report in out, out
