"""`qtool tui` and `python -m tui` as a user runs them (no terminal in CI: they must say so)."""

import subprocess
import sys

from typer.testing import CliRunner

from qtool.cli.main import app

PY = sys.executable


def test_help_lists_the_command():
    result = CliRunner().invoke(app, ["tui", "--help"])
    assert result.exit_code == 0 and "Edit and inspect a circuit live" in result.output


def test_without_a_terminal_it_says_so_with_exit_2():
    proc = subprocess.run([PY, "-m", "qtool", "tui"], capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=60)
    assert proc.returncode == 2 and "needs a terminal" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_python_m_tui_reports_a_bad_file_in_one_line(tmp_path):
    bad = tmp_path / "bad.qasm"
    bad.write_text('OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[1];\nfoo q[0];\n')
    proc = subprocess.run([PY, "-m", "tui", str(bad)], capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=60)
    assert proc.returncode == 2 and "bad.qasm:4:" in proc.stderr and "Traceback" not in proc.stderr


def test_qtool_help_does_not_import_textual():
    code = ("import sys; from qtool.cli import tui;"
            "sys.exit(1 if 'textual' in sys.modules else 0)")
    assert subprocess.run([PY, "-c", code], timeout=60).returncode == 0
