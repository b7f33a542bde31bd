"""`qtool qec`: logical error rates of QEC memory experiments (stim + pymatching, sinter)."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from qtool.cli.common import (ClusterOpt, JsonOpt, PlotOpt, SeedOpt, cli_command, note,
                              print_json, resolve_seed)

EXAMPLES = """
Examples:

  qtool qec --code surface --distance 3 --rounds 3 --noise 0.005 --shots 100000 --seed 1 --json
  qtool qec threshold --code surface --distances 3,5,7 --noise 0.002:0.012:6 --plot t.png

Codes: repetition, surface, surface-x, unrotated, unrotated-x, color. --noise P sets all
four of stim's generated-circuit noise parameters to P (after Clifford gates, before
measurement, after reset, data qubits before each round). Intervals: 95% Wilson.

Where it runs: with --seed, each (distance, noise) point is cut into chunks of 10,000
shots, each a task with its own seed (a point of one chunk keeps SEED + its index), in
this process by default, or on N local worker processes
(--workers N) or a Dask scheduler (--cluster tcp://HOST:PORT, or $QTOOL_CLUSTER): the
numbers are the same wherever it runs. --workers or --cluster without --seed draws a
seed and reports it. With neither --seed nor --workers/--cluster, `qec threshold` lets
sinter collect on one process per core with its own entropy (not repeatable).
"""

qec_app = typer.Typer(name="qec", help="QEC memory experiments: logical error rates with stim, "
                                       "pymatching and sinter.", invoke_without_command=True,
                      epilog=EXAMPLES)

CodeOpt = Annotated[str, typer.Option("--code", help="Code: repetition, surface, surface-x, "
                                                     "unrotated, unrotated-x, color.")]
RoundsOpt = Annotated[Optional[int], typer.Option(
    "--rounds", help="Rounds of stabilizer measurement (default: the distance).", show_default=False)]
MaxErrorsOpt = Annotated[Optional[int], typer.Option(
    "--max-errors", help="Stop a point after this many logical errors.", show_default=False)]
WorkersOpt = Annotated[Optional[int], typer.Option(
    "--workers", min=1, help="Run the points' shot chunks as tasks on N local worker processes (seeded; "
                             "default: this process, or sinter's processes without --seed).",
    show_default=False)]


def register(app: typer.Typer) -> None:
    app.add_typer(qec_app, name="qec")


def _on_workers(workers: int | None, cluster: str | None) -> bool:
    """Whether the points go to qtool.batch (--workers N > 1, --cluster or $QTOOL_CLUSTER)."""
    import os

    from qtool.batch.executor import ENV_CLUSTER

    return (workers or 1) > 1 or bool(cluster) or bool(os.environ.get(ENV_CLUSTER))


def _run(points, shots, max_errors, seed, workers=None, cluster=None):
    """Fill the points: seeded tasks (here or on workers), or sinter when seed is None."""
    from qtool.cli.common import progress
    from qtool.qec.experiment import collect

    if seed is None or not _on_workers(workers, cluster):
        if seed is None:
            from qtool.batch.executor import local_cores

            workers = local_cores()
        with progress(len(points) * shots, "qec shots") as advance:
            return collect(points, shots, max_errors, seed, workers or 1, advance)
    from qtool.cli.batching import executor, run_all
    from qtool.qec.experiment import collect_seeded

    with executor(workers, cluster) as ex:
        return collect_seeded(points, shots, max_errors, seed,
                              lambda fn, tasks: run_all(ex, fn, tasks, "qec shot chunks"),
                              spread=True)


@qec_app.callback()
@cli_command
def qec(
    ctx: typer.Context,
    code: CodeOpt = "surface",
    distance: Annotated[int, typer.Option("--distance", help="Code distance.")] = 3,
    rounds: RoundsOpt = None,
    noise: Annotated[float, typer.Option("--noise", help="Circuit noise P.")] = 0.001,
    shots: Annotated[int, typer.Option("--shots", "-s",
                                       help="Shots to sample (at most).")] = 10_000,
    max_errors: MaxErrorsOpt = None,
    seed: SeedOpt = None,
    workers: WorkersOpt = None,
    cluster: ClusterOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """One point: sample the experiment, decode with pymatching, report the logical error
    rate per shot and per round with a 95% interval."""
    if ctx.invoked_subcommand is not None:
        return
    from qtool.qec.experiment import SCHEMA, Point

    from qtool.cli.batching import flag_names

    used = resolve_seed(seed)
    point = Point(code, distance, rounds or distance, noise)
    with flag_names(max_shots="--shots"):
        _run([point], shots, max_errors, used, workers, cluster)
    doc = {"schema": SCHEMA, "seed": used, "decoder": "pymatching",
           "interval_kind": "95% Wilson score", "points": [point.to_json()]}
    if json_out:
        print_json(doc)
    else:
        _table([point])


@qec_app.command("threshold")
@cli_command
def threshold(
    code: CodeOpt = "surface",
    distances: Annotated[str, typer.Option("--distances", help="Distances, e.g. 3,5,7.")] = "3,5,7",
    rounds: RoundsOpt = None,
    noise: Annotated[str, typer.Option("--noise", help="LOW:HIGH:COUNT (log-spaced) or P1,P2,...")] = "0.002:0.012:6",
    max_shots: Annotated[int, typer.Option("--max-shots", help="Shots per point, at most.")] = 20_000,
    max_errors: MaxErrorsOpt = 500,
    seed: Annotated[Optional[int], typer.Option(
        "--seed", help="Seeded run, repeatable and the same on any number of workers; without "
                       "it (and without --workers/--cluster) sinter collects in parallel with its "
                       "own entropy.")] = None,
    workers: WorkersOpt = None,
    cluster: ClusterOpt = None,
    json_out: JsonOpt = False,
    plot: PlotOpt = None,
) -> None:
    """Sweep noise and distance: logical error rate per round, and where the curves cross."""
    from qtool.cli.batching import flag_names
    from qtool.qec.experiment import SCHEMA, Point, crossings, parse_ints, parse_sweep

    with flag_names(distances="--distances", noise="--noise"):
        ds, ps = parse_ints(distances), parse_sweep(noise)
    points = [Point(code, d, rounds or d, p) for d in ds for p in ps]
    if plot is not None:
        from qtool.figures import figure_format

        figure_format(plot)  # before the points are collected, not after
    if seed is None and _on_workers(workers, cluster):
        seed = resolve_seed(None)  # tasks on workers are seeded: the run can be repeated
    elif seed is None:
        from qtool.batch.executor import local_cores

        note(f"sinter collects with {local_cores()} processes and its own entropy (pass --seed "
             "for a repeatable run)")
    with flag_names(max_shots="--max-shots"):
        _run(points, max_shots, max_errors, seed, workers, cluster)
    cross = crossings(points)
    doc = {"schema": SCHEMA, "seed": seed, "decoder": "pymatching",
           "interval_kind": "95% Wilson score", "points": [p.to_json() for p in points],
           "crossings": cross}
    if plot is not None:
        from qtool.qec.plot import save_plot

        save_plot(points, plot)
        note(f"plot written to {plot}")
    if json_out:
        print_json(doc)
        return
    _table(points)
    from qtool.bench.termplot import log_plot

    series = {}
    for p in points:
        if p.errors:
            series.setdefault(f"d={p.distance}", []).append((p.noise, p.per_round(p.rate)))
    typer.echo(log_plot(series, title="logical error rate per round vs noise", unit=""))
    for c in cross:
        typer.echo(f"d={c['distances'][0]} and d={c['distances'][1]} cross at noise {c['noise']:.4g}")


def _table(points) -> None:
    from rich.table import Table

    from qtool.cli.common import stdout_console

    table = Table(title="logical error rates (pymatching; 95% Wilson intervals)")
    for col in ("code", "d", "rounds", "noise", "shots", "errors", "per shot", "per round"):
        table.add_column(col, justify="right")
    for p in points:
        lo, hi = p.interval()
        table.add_row(p.code, str(p.distance), str(p.rounds), f"{p.noise:.4g}", str(p.shots),
                      str(p.errors), f"{p.rate:.3e} [{lo:.2e}, {hi:.2e}]",
                      f"{p.per_round(p.rate):.3e}")
    stdout_console().print(table)
