"""Layering: the core the TUI edits (qtool.editor, qtool.inspect) imports no UI library."""

import subprocess
import sys

PY = sys.executable


def test_core_does_not_import_ui_libraries():
    code = ("import sys, qtool.editor, qtool.inspect, qtool.editor.session;"
            "bad = [m for m in ('textual', 'rich', 'typer') if m in sys.modules];"
            "print(bad); sys.exit(1 if bad else 0)")
    proc = subprocess.run([PY, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr
