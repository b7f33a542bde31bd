"""The `qtool` entry point: wires the command modules together, nothing else.

Each command module imports only typer at module level, so `qtool --help` stays instant.
"""

from __future__ import annotations

import os
from typing import Annotated, Optional

import typer
from typer.core import TyperGroup

from qtool import __version__, limits
from qtool.cli import bench, convert, draw, gen, info, ketgpt, qpe, simulate, tui
from qtool.cli import compile as compile_cmd  # `compile` would shadow the builtin

# Flags that apply to the whole run and are accepted anywhere on the command line
# (`qtool --debug info x.qasm` and `qtool info x.qasm --debug`), up to a `--`.
GLOBAL_FLAGS = {"--debug": "QTOOL_DEBUG", "--quiet": "QTOOL_QUIET"}


class _Group(TyperGroup):
    def parse_args(self, ctx, args):
        return super().parse_args(ctx, take_global_flags(list(args)))


def take_global_flags(args: list[str]) -> list[str]:
    """Remove --debug/--quiet from anywhere before `--`, recording each in the environment.

    The environment carries them to every module and to child processes (the TUI, workers).
    """
    rest: list[str] = []
    for i, arg in enumerate(args):
        if arg == "--":
            rest.extend(args[i:])
            break
        if arg in GLOBAL_FLAGS:
            os.environ[GLOBAL_FLAGS[arg]] = "1"
        else:
            rest.append(arg)
    return rest


app = typer.Typer(
    name="qtool",
    cls=_Group,
    help="A terminal toolkit for quantum circuits: simulate, compile, benchmark, QPE, KetGPT.",
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"qtool {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    debug: Annotated[
        bool, typer.Option("--debug", help="Show tracebacks for errors (accepted anywhere).")
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", help="No notes or progress on stderr; errors still show "
                                           "(accepted anywhere).")
    ] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
    limit: Annotated[
        Optional[list[str]],
        typer.Option("--limit", metavar="NAME=N",
                     help=f"Raise an input limit: {', '.join(limits.DEFAULTS)} (repeatable)."),
    ] = None,
) -> None:
    """qtool: simulate, compile, benchmark and generate quantum circuits from the shell."""
    if debug:
        os.environ["QTOOL_DEBUG"] = "1"
    if quiet:
        os.environ["QTOOL_QUIET"] = "1"
    if limit:
        from qtool.cli.common import fail
        from qtool.errors import QtoolError

        try:
            for spec in limit:
                limits.set_limit(spec)
        except QtoolError as exc:
            fail(str(exc))


# One line per command or group, in the order `qtool --help` lists them.
simulate.register(app)
compile_cmd.register(app)
info.register(app)
draw.register(app)
convert.register(app)
gen.register(app)
qpe.register(app)
ketgpt.register(app)
tui.register(app)
bench.register(app)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
