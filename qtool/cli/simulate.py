"""`qtool simulate`: run a circuit on qsim and print counts, probabilities or amplitudes."""

from __future__ import annotations

from enum import Enum
from typing import Annotated, List, Optional

import typer

from qtool.cli.batching import InputsArg
from qtool.cli.common import (ClusterOpt, JsonOpt, PlotOpt, SeedOpt, ThreadsOpt, WorkersOpt,
                              cli_command, note, note_seed, pick_format, print_json, resolve_seed)


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
  qtool simulate samples/*.qasm --json              one JSON line per file
  qtool simulate ansatz.qasm --sweep theta=0:2*pi:64 --expect Z0 --plot e.png
  qtool simulate c.qasm --noise depolarizing:0.01 --shots 100000 --workers 2
"""


def register(app: typer.Typer) -> None:
    app.command("simulate", epilog=EXAMPLES)(simulate)


@cli_command
def simulate(
    paths: InputsArg = None,
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
    sweep: Annotated[Optional[List[str]], typer.Option("--sweep", metavar="NAME=START:STOP:N", help="Sweep a free parameter (OpenQASM 3 `input float[64] NAME;`, or a name an OpenQASM 2 file leaves free) over N points, ends included, or NAME=V1,V2,...; several: their outer product (repeatable).")] = None,
    zipped: Annotated[bool, typer.Option("--zip", help="Several --sweep of one length: take their k-th values together instead of the outer product.")] = False,
    param: Annotated[Optional[List[str]], typer.Option("--param", metavar="NAME=VALUE", help="A fixed value for a free parameter (repeatable).")] = None,
    plot: PlotOpt = None,
    workers: WorkersOpt = None,
    cluster: ClusterOpt = None,
) -> None:
    """Simulate a circuit on qsim, or on stim when it is Clifford: counts when it measures, else
    the probability distribution.

    Bitstrings list qubits (or classical bits, for counts) in declaration order: the first
    declared is the leftmost character.

    Several inputs (files, folders, a stream on stdin) give one report per input (one JSON
    document per line with --json). --sweep gives a table over the points (and a plot);
    with several inputs each is swept (a table, or a JSON line, per input; --plot takes
    one input). --noise with more than 10,000 shots splits the trajectories (counts and
    --expect averages) into seeded tasks. Batches
    run on local worker processes, or on a Dask cluster with --cluster.
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
    from qtool.cli.batching import Batch
    from qtool.cli.simulate_batch import Request, needs_batch, simulate_many

    batch = Batch(paths)
    request = Request(output, mode="probabilities" if probs else "state" if state else None,
                      shots=shots, top=top, expect=tuple(expect or ()), seed=seed, threads=threads,
                      fusion=fusion, noise=noise, sweeps=tuple(sweep or ()), zipped=zipped,
                      params=tuple(param or ()), plot=str(plot) if plot else None,
                      workers=workers, cluster=cluster, engine=engine)
    if needs_batch(batch, request):
        if from_fmt:
            raise QtoolError("--from applies to one input read from stdin; several inputs are "
                             "told apart by their content")
        return simulate_many(batch, request)
    path = batch.replay_stdin()
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
