"""`qtool simulate`: run a circuit on qsim and print counts, probabilities or amplitudes."""

from __future__ import annotations

from enum import Enum
from typing import Annotated, List, Optional

import typer

from qtool.cli.common import (InputArg, JsonOpt, SeedOpt, ThreadsOpt, cli_command, note,
                              note_seed, pick_format, print_json, resolve_seed)


class SimFormat(str, Enum):
    text = "text"
    json = "json"
    csv = "csv"

EXAMPLES = """
Examples:

  qtool simulate samples/bell.qasm                 counts over 1024 shots
  qtool simulate samples/qft.qasm --probs --top 8  the 8 likeliest outcomes
  qtool simulate samples/ghz.qasm --state --json   amplitudes as JSON
  qtool simulate samples/bell.qasm --expect "Z0*Z1 + 0.5*X1"
  qtool gen qft --qubits 5 | qtool simulate - --shots 100 --seed 7 --csv
"""


def register(app: typer.Typer) -> None:
    app.command("simulate", epilog=EXAMPLES)(simulate)


@cli_command
def simulate(
    path: InputArg = "-",
    shots: Annotated[Optional[int], typer.Option("--shots", "-s", help="Shots to sample (default 1024 when the circuit measures).")] = None,
    probs: Annotated[bool, typer.Option("--probs", help="Exact outcome probabilities of the final state.")] = False,
    state: Annotated[bool, typer.Option("--state", help="Amplitudes of the final state.")] = False,
    top: Annotated[Optional[int], typer.Option("--top", "-k", help="List at most K outcomes, likeliest first kept (0: all). Default 1024.")] = None,
    expect: Annotated[Optional[List[str]], typer.Option("--expect", "-e", help="Pauli-sum observable such as \"Z0*Z1 + 0.5*X2\" (repeatable).")] = None,
    seed: SeedOpt = None,
    threads: ThreadsOpt = None,
    fusion: Annotated[int, typer.Option("--fusion", min=1, max=6, help="qsim's max fused gate size.")] = 4,
    noise: Annotated[Optional[str], typer.Option("--noise", help="Noise on every qubit after every moment: depolarizing:P, bitflip:P, phaseflip:P, amplitude-damping:G (qsim trajectories).")] = None,
    fmt: Annotated[Optional[SimFormat], typer.Option(
        "--format", help="What to print on stdout: text (tables), json (schema qtool.simulate/1) "
                         "or csv (bitstring,count or bitstring,probability rows).")] = None,
    json_out: JsonOpt = False,
    csv_out: Annotated[bool, typer.Option("--csv", help="Same as --format csv.")] = False,
    engine: Annotated[str, typer.Option(
        "--engine", help="auto (stim for Clifford circuits, else qsim), qsim, stim or cirq.")] = "auto",
    from_fmt: Annotated[Optional[str], typer.Option(
        "--from", help="Input format: qasm, stim or cirq-json (default: told by the content).",
        show_default=False)] = None,
) -> None:
    """Simulate a circuit on qsim, or on stim when it is Clifford: counts when it measures, else
    the probability distribution.

    Bitstrings list qubits (or classical bits, for counts) in declaration order: the first
    declared is the leftmost character.
    """
    from qtool import qasm
    from qtool.errors import QtoolError
    from qtool.sim import SimOptions
    from qtool.sim import NoFinalStateError
    from qtool.sim.report import DEFAULT_TOP, NoiseNeedsCountsError, simulate_program

    if top is not None and top < 0:
        raise QtoolError(f"--top must be 0 (all outcomes) or positive, not {top}")
    if shots is not None and shots < 1:
        raise QtoolError(f"--shots must be at least 1, not {shots}")
    if probs and state:
        raise QtoolError("choose one of --probs and --state")
    output = pick_format(fmt.value if fmt else None, "text", json=json_out, csv=csv_out)
    program = qasm.load_program(path, from_fmt)
    used_seed = resolve_seed(seed, announce=False)  # announced once the run has succeeded
    source = "<stdin>" if path == "-" else path
    mode = "probabilities" if probs else "state" if state else None
    try:
        report = simulate_program(
            program, source, mode=mode, shots=shots, top=DEFAULT_TOP if top is None else top,
            observables=expect, options=SimOptions(threads=threads, fusion=fusion, seed=used_seed),
            noise=noise, engine_name=engine,
        )
    except NoFinalStateError as err:
        if err.reason == "classically controlled operations" and expect:
            raise QtoolError(f"{source}: --expect needs qsim, and this circuit has classically "
                             "controlled operations, which only cirq's simulator runs; sample "
                             "it without --expect") from None
        raise QtoolError(f"{source}: {err}: sample it (drop --probs/--state, or give --shots) "
                         "instead") from None
    except NoiseNeedsCountsError:
        raise QtoolError("--noise runs trajectories: it samples counts and cannot give exact "
                         "--probs or --state") from None
    if seed is None and (report.mode == "counts"
                         or any(est.trajectories is not None for _, est in report.expectations)):
        note_seed(used_seed)  # only a run that drew random numbers has a seed worth repeating
    note(f"engine: {report.engine}" + (f" ({report.engine_reason})" if report.engine_reason else ""))
    if output == "json":
        print_json(report.to_json())
    elif output == "csv":
        from qtool.render.simulation import report_csv

        typer.echo(report_csv(report), nl=False)
    else:
        from qtool.render.simulation import render_report
        from qtool.cli.common import stdout_console

        stdout_console().print(render_report(report))
