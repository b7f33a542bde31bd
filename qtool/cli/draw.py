"""`qtool draw`: a text diagram of a circuit, split to fit the terminal or --width."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from qtool.cli.common import InputArg, cli_command


def register(app: typer.Typer) -> None:
    app.command("draw", epilog="Example:  qtool draw samples/qft.qasm --width 100")(draw)


@cli_command
def draw(
    path: InputArg = "-",
    width: Annotated[Optional[int], typer.Option("--width", "-w", min=20, help="Wrap the diagram at this many columns (default: the terminal's width, or 120 when piped).")] = None,
    pager: Annotated[bool, typer.Option("--pager", help="Show the diagram in a pager.")] = False,
    unicode: Annotated[bool, typer.Option("--unicode/--ascii", help="Box-drawing characters or plain ASCII.")] = True,
) -> None:
    """Draw a circuit as text, one row per qubit, split into blocks no wider than --width."""
    import shutil
    import sys

    from qtool import qasm
    from qtool.render.diagram import diagram_blocks

    program = qasm.load_program(path)
    if width is None:
        width = shutil.get_terminal_size((120, 24)).columns if sys.stdout.isatty() else 120
    text = "\n\n".join(diagram_blocks(program.circuit, program.qubits, width, use_unicode=unicode)) + "\n"
    if pager and sys.stdout.isatty():
        from rich.console import Console

        console = Console()
        with console.pager():
            console.out(text, highlight=False)
    else:
        sys.stdout.write(text)
