"""Commands are registered lazily: `qtool --help` lists them all from qtool.cli.main.COMMANDS
without importing a command module, and each command still loads and runs on first use."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import typer
import typer.main

from qtool.cli import main

ROOT = Path(__file__).resolve().parents[2]


def run(*args, **kw):
    return subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, **kw)


def test_the_help_table_matches_the_real_commands():
    eager = typer.Typer()
    for module, _ in main.COMMANDS.values():
        importlib.import_module(module).register(eager)
    real = typer.main.get_group(eager).commands
    assert sorted(real) == sorted(main.COMMANDS)  # no command missing from the table, none extra
    for name, (_, line) in main.COMMANDS.items():
        first = " ".join((real[name].help or "").split("\n\n")[0].split())
        assert line == first, name


def test_help_lists_every_command_without_importing_command_modules():
    code = ("import sys\nfrom qtool.cli.main import app\nsys.argv = ['qtool', '--help']\n"
            "try:\n    app()\nexcept SystemExit as e:\n    assert e.code == 0, e.code\n"
            "print('LOADED', sorted(m for m in sys.modules if m.startswith('qtool.cli.')))\n")
    proc = run("-c", code)
    assert proc.returncode == 0, proc.stderr
    listed = [line.split()[1] for line in proc.stdout.splitlines()
              if line.startswith("│ ") and len(line.split()) > 2]
    assert [n for n in listed if n in main.COMMANDS] == list(main.COMMANDS)
    for _, line in main.COMMANDS.values():
        assert line.split()[0] in proc.stdout
    loaded = eval(proc.stdout.split("LOADED", 1)[1])
    assert loaded == ["qtool.cli.main"]


def test_a_lazily_registered_command_runs_and_loads_only_its_module(tmp_path):
    out = tmp_path / "ghz.qasm"
    code = ("import sys\nfrom qtool.cli.main import app\n"
            f"sys.argv = ['qtool', 'gen', 'ghz', '-n', '3', '-o', {str(out)!r}]\n"
            "try:\n    app()\nexcept SystemExit as e:\n    assert not e.code, e.code\n"
            "print('LOADED', sorted(m for m in sys.modules if m.startswith('qtool.cli.')"
            " and m != 'qtool.cli.common'))\n")
    proc = run("-c", code)
    assert proc.returncode == 0, proc.stderr
    assert out.read_text().startswith("OPENQASM 2.0;") and "qreg q[3];" in out.read_text()
    loaded = eval(proc.stdout.split("LOADED", 1)[1])
    assert "qtool.cli.gen" in loaded and "qtool.cli.ketgpt" not in loaded
    assert "qtool.cli.bench" not in loaded and "qtool.cli.qpe" not in loaded


def test_group_subcommand_and_unknown_command():
    proc = run("-m", "qtool", "bench", "parse", "samples/bell.qasm", "--repeat", "1",
               "--no-qiskit", "--json")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.lstrip().startswith(("{", "["))
    proc = run("-m", "qtool", "nosuch")
    assert proc.returncode == 2 and "No such command 'nosuch'" in proc.stderr
