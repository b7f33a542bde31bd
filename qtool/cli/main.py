"""The `qtool` entry point: wires the command modules together, nothing else.

Command modules are registered lazily: `qtool --help` lists every command from the COMMANDS
table below without importing any command module, and `qtool NAME ...` imports only the
module of NAME (tests/cli/test_lazy_commands.py checks the table against the real modules).
"""

from __future__ import annotations

import importlib
import os
from typing import Annotated, Optional

import click
import typer
from typer.core import TyperGroup

from qtool import __version__, limits

# name -> (module whose register(app) adds it, the help line `qtool --help` shows), in the
# order `qtool --help` lists them (typer lists single commands before groups).
COMMANDS: dict[str, tuple[str, str]] = {
    "simulate": ("qtool.cli.simulate", "Simulate a circuit on qsim, or on stim when it is Clifford: "
                                       "counts when it measures, else the probability distribution."),
    "compile": ("qtool.cli.compile", "Compile a circuit: optimise it, translate it to a gate set, "
                                     "route it onto a device."),
    "info": ("qtool.cli.info", "Statistics of a circuit: sizes, depth, gate counts, T-count, "
                               "interaction graph."),
    "draw": ("qtool.cli.draw", "Draw a circuit as text, one row per qubit, split into blocks no "
                               "wider than --width."),
    "convert": ("qtool.cli.convert", "Convert a circuit between OpenQASM 2, OpenQASM 3, cirq's "
                                     "JSON and stim (written atomically with -o)."),
    "gen": ("qtool.cli.gen", "Generate a benchmark circuit of an algorithm family and write it as "
                             "OpenQASM."),
    "tui": ("qtool.cli.tui", "Edit and inspect a circuit live: grid, QASM pane, histogram, "
                             "amplitudes, Bloch vectors."),
    "qpe": ("qtool.cli.qpe", "Energy levels by quantum phase estimation: majority, MPD, "
                             "inverted-MPD, ML, Bayesian and robust (RPE) estimators, each with "
                             "an error bar."),
    "ketgpt": ("qtool.cli.ketgpt", "KetGPT: a small transformer that writes realistic OpenQASM "
                                   "circuits, and its verifier."),
    "qec": ("qtool.cli.qec", "QEC memory experiments: logical error rates with stim, pymatching "
                             "and sinter."),
    "synth": ("qtool.cli.synth", "Synthesise a short verified circuit for a target unitary or "
                                 "state with a conditioned transformer (exit 4: none exact)."),
    "bench": ("qtool.cli.bench", "Benchmarks: parsing, simulation and compilation, against peers "
                                 "measured in the same run."),
}

# Flags that apply to the whole run and are accepted anywhere on the command line
# (`qtool --debug info x.qasm` and `qtool info x.qasm --debug`), up to a `--`.
GLOBAL_FLAGS = {"--debug": "QTOOL_DEBUG", "--quiet": "QTOOL_QUIET"}


def load_command(name: str) -> click.Command:
    """Import the module of command `name` and build its click command (as typer would)."""
    module = importlib.import_module(COMMANDS[name][0])
    holder = typer.Typer()
    module.register(holder)
    command = typer.main.get_group(holder).commands[name]
    from qtool.cli.helptext import reflow_command

    reflow_command(command)
    return command


class _Group(TyperGroup):
    def parse_args(self, ctx, args):
        return super().parse_args(ctx, take_global_flags(list(args)))

    def list_commands(self, ctx) -> list[str]:
        return list(self.commands) + [n for n in COMMANDS if n not in self.commands]

    def get_command(self, ctx, cmd_name):
        """The real command once loaded; before that a stand-in with the table's help line,
        which is all a help listing reads (running a command goes through resolve_command)."""
        if cmd_name in self.commands or cmd_name not in COMMANDS:
            return super().get_command(ctx, cmd_name)
        return click.Command(cmd_name, short_help=COMMANDS[cmd_name][1], help=COMMANDS[cmd_name][1])

    def resolve_command(self, ctx, args):
        if args and args[0] in COMMANDS and args[0] not in self.commands:
            self.add_command(load_command(args[0]), args[0])
        return super().resolve_command(ctx, args)


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


def main() -> None:
    app()


if __name__ == "__main__":
    main()
