"""`qtool tui [FILE]`: the full-screen circuit editor (Textual), imported only when run."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from qtool.cli.common import cli_command

EXAMPLES = """
Examples:

  qtool tui                          a new 3-qubit circuit
  qtool tui samples/bell.qasm        edit a file (created on save if new)
  qtool tui --qubits 5 new.qasm      a new 5-qubit circuit, saved to new.qasm

Keys: F1 lists every binding; ctrl+p opens the command palette; ctrl+q quits.
"""


def register(app: typer.Typer) -> None:
    app.command("tui", epilog=EXAMPLES)(tui)


@cli_command
def tui(
    path: Annotated[Optional[str], typer.Argument(help="OpenQASM file to edit (created on save if new).")] = None,
    qubits: Annotated[int, typer.Option("--qubits", "-n", min=1, max=32, help="Qubits of a new circuit.")] = 3,
) -> None:
    """Edit and inspect a circuit live: grid, QASM pane, histogram, amplitudes, Bloch vectors.

    Every edit is re-simulated on qsim in the background; put the cursor on a column to see
    the state at that point. Unsaved changes are autosaved to a recovery file.
    """
    import sys

    from qtool.errors import QtoolError

    if not sys.stdin.isatty() or not sys.stdout.isatty():
        raise QtoolError("qtool tui needs a terminal (stdin and stdout must be a TTY)")
    from tui.app import make_app

    make_app(path, qubits=qubits).run()
