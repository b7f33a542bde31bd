"""`qtool simulate` beyond one circuit in one process: many inputs, parameter sweeps, and
noisy runs split by shots. Called by qtool/cli/simulate.py; the work is qtool.batch's."""

from __future__ import annotations

from dataclasses import dataclass

import typer

from qtool.cli.common import note, note_seed


@dataclass(frozen=True)
class Request:
    output: str  # text | json | csv
    mode: str | None
    shots: int | None
    top: int | None
    expect: tuple[str, ...]
    seed: int | None
    threads: int | None
    fusion: int
    noise: str | None
    sweeps: tuple[str, ...] = ()
    zipped: bool = False
    params: tuple[str, ...] = ()
    plot: str | None = None
    workers: int | None = None
    cluster: str | None = None
    engine: str = "auto"


def needs_batch(batch, req: Request) -> bool:
    """Whether this run goes through qtool.batch rather than the one-circuit path."""
    from qtool.batch.shots import SHOTS_PER_TASK

    return (batch.is_batch or bool(req.sweeps) or bool(req.params)
            or (req.noise is not None and req.mode is None and (req.shots or 0) > SHOTS_PER_TASK))


def _spec(req: Request, seed: int, threads):
    from qtool.batch.tasks import SimSpec
    from qtool.sim.report import DEFAULT_TOP

    return SimSpec(mode=req.mode, shots=req.shots, top=DEFAULT_TOP if req.top is None else req.top,
                   observables=req.expect, noise=req.noise, seed=seed, threads=threads,
                   fusion=req.fusion, engine=req.engine)


def simulate_many(batch, req: Request) -> None:
    from qtool.cli.common import resolve_seed
    from qtool.errors import QtoolError

    seed = resolve_seed(req.seed, announce=False)
    if req.sweeps or req.params:
        if batch.is_batch and req.plot:
            raise QtoolError("--plot draws the sweep of one input: give one circuit (or "
                             "plot each input's --json document yourself)")
        return _sweep(batch, req, seed)
    if not batch.is_batch:
        return _split_shots(batch, req, seed)
    return _many(batch, req, seed)


def _announce(req: Request, seed: int, reports) -> None:
    if req.seed is None and any(r.mode == "counts" or any(e.trajectories is not None
                                                          for _, e in r.expectations)
                                for r in reports):
        note_seed(seed)


def _print_report(report, output: str, one_line: bool) -> None:
    from qtool.cli.batching import json_line
    from qtool.cli.common import print_json

    if output == "json":
        (json_line if one_line else print_json)(report.to_json())
    elif output == "csv":
        from qtool.render.simulation import report_csv

        if one_line:
            typer.echo(f"# source: {report.source}")
        typer.echo(report_csv(report), nl=False)
    else:
        from qtool.cli.common import stdout_console
        from qtool.render.simulation import render_report

        stdout_console().print(render_report(report))


def _many(batch, req: Request, seed: int) -> None:
    """One report per input, in input order; each input alone is `qtool simulate FILE`."""
    from qtool.batch import Failure
    from qtool.batch.tasks import simulate_task
    from qtool.cli.batching import Outcome, executor, run

    outcome = Outcome(json_lines=req.output == "json")
    done = []
    with executor(req.workers, req.cluster, req.threads) as ex:
        spec = _spec(req, seed, ex.task_threads(len(batch.entries)))
        for result in run(ex, simulate_task, batch.tasks(spec), len(batch.entries), "simulate"):
            if isinstance(result, Failure):
                outcome.failed(result)
                continue
            done.append(result)
            _print_report(result, req.output, one_line=True)
    _announce(req, seed, done)
    outcome.finish(len(batch.entries))


def _one_item(batch):
    from qtool.batch import Failure, load
    from qtool.batch.inputs import FileRef
    from qtool.errors import QtoolError

    entry = batch.entries[0] if batch.entries else FileRef(batch.single, batch.single)
    item = load(entry)
    if isinstance(item, Failure):
        err = QtoolError(item.message)
        err.exit_code = item.exit_code
        raise err
    return item


def _first_failure(results) -> None:
    from qtool.batch import Failure
    from qtool.errors import QtoolError

    for r in results:
        if isinstance(r, Failure):
            err = QtoolError(r.message)
            err.exit_code = r.exit_code
            raise err


def _split_shots(batch, req: Request, seed: int) -> None:
    """A noisy run of many shots: chunks of trajectories as tasks, counts summed."""
    from qtool.batch import shots
    from qtool.batch.tasks import simulate_task
    from qtool.cli.batching import executor, run

    item = _one_item(batch)
    plan = shots.chunks(req.shots, seed)
    with executor(req.workers, req.cluster, req.threads) as ex:
        spec = _spec(req, seed, ex.task_threads(len(plan)))
        tasks = [(item.name, (item, s)) for s in shots.specs(spec, req.shots, seed)]
        results = list(run(ex, simulate_task, tasks, len(tasks), "trajectories"))
    _first_failure(results)
    report = shots.merge(results, seed)
    _announce(req, seed, [report])
    note(f"engine: {report.engine}")
    _print_report(report, req.output, one_line=False)


def _sweep(batch, req: Request, seed: int) -> None:
    from dataclasses import replace

    from qtool.batch import Failure, sweep
    from qtool.seeds import task_seeds
    from qtool.batch.tasks import simulate_task
    from qtool.cli.batching import SWEEP_FLAGS, executor, flag_names, run
    from qtool.errors import QtoolError

    with flag_names(**SWEEP_FLAGS):
        sweeps = [sweep.parse_sweep(s) for s in req.sweeps]
        fixed = dict(sweep.parse_param(p) for p in req.params)
        pts = sweep.points(sweeps, req.zipped, fixed)
        if req.plot and not req.sweeps:
            raise QtoolError("--plot draws a sweep: give --sweep NAME=START:STOP:N")
        if req.plot:
            from qtool.figures import figure_format

            figure_format(req.plot)  # before the sweep runs, not after
    if req.noise is not None and req.mode is not None:
        raise QtoolError("--noise runs trajectories: it samples counts and cannot give exact "
                         "--probs or --state")
    # Each input's points get the seeds that input swept alone would: its result does not
    # depend on the other inputs, nor on the workers.
    seeds = task_seeds(seed, len(pts)) if len(pts) > 1 else [seed]
    if not batch.is_batch:
        items = [_one_item(batch)]
    else:
        from qtool.batch import load

        items = [load(e) for e in batch.entries]
    good = [it for it in items if not isinstance(it, Failure)]
    with executor(req.workers, req.cluster, req.threads) as ex:
        base = _spec(req, seed, ex.task_threads(len(pts) * len(good)))
        if req.sweeps:  # --param alone is one circuit: reported as `qtool simulate` does
            base = replace(base, mode=sweep.point_mode(req.mode, req.shots, req.noise,
                                                       req.expect))
        tasks = sweep.point_tasks(good, base, pts, seeds)
        results = list(run(ex, simulate_task, tasks, len(tasks), "sweep"))
    if not batch.is_batch:
        _first_failure(results)
        _announce(req, seed, results)
        return _report_sweep(req, sweeps, pts, fixed, seed, items[0], results, one_line=False)
    from qtool.cli.batching import Outcome

    # Several inputs: each swept, one document (JSON Lines) or table per input, in input
    # order; a bad input is reported and the others still run, as for many inputs.
    outcome = Outcome(json_lines=req.output == "json")
    done = []
    by_item = iter(results)
    for it in items:
        if isinstance(it, Failure):
            outcome.failed(it)
            continue
        mine = [next(by_item) for _ in pts]
        failed = next((r for r in mine if isinstance(r, Failure)), None)
        if failed is not None:
            outcome.failed(failed)
            continue
        done.extend(mine)
        _report_sweep(req, sweeps, pts, fixed, seed, it, mine, one_line=True)
    _announce(req, seed, done)
    outcome.finish(len(items))


def _report_sweep(req: Request, sweeps, pts, fixed, seed, item, results, one_line: bool) -> None:
    """One input's sweep: its table (text, CSV) or its qtool.sweep/2 document."""
    from qtool.batch import sweep

    if not sweeps:  # --param alone: one circuit, reported as `qtool simulate` does
        note(f"engine: {results[0].engine}")
        return _print_report(results[0], req.output, one_line=one_line)
    names = [s.name for s in sweeps]
    t = sweep.table(names, pts, results, req.top)
    if req.plot:
        from qtool.cli.batching import SWEEP_FLAGS, flag_names

        with flag_names(**SWEEP_FLAGS):
            sweep.save_plot(t, req.plot, names[0])
    if req.output == "json":
        from qtool.cli.batching import json_line
        from qtool.cli.common import print_json

        doc = sweep.to_json(t, results, item.name, req.zipped, fixed)
        doc["seed"] = seed
        (json_line if one_line else print_json)(doc)
    elif req.output == "csv":
        if one_line:
            typer.echo(f"# source: {item.name}")
        typer.echo(sweep.to_csv(t), nl=False)
    else:
        _print_sweep(t, item.name, fixed)


def _print_sweep(t, source: str, fixed: dict) -> None:
    from rich.table import Table

    from qtool.batch.sweep import text_plot
    from qtool.cli.common import stdout_console

    kind = {"expectation": "expectation values", "probability": "probabilities",
            "count": "counts"}[t.kind]
    extra = "".join(f", {k}={v:g}" for k, v in fixed.items())
    table = Table(title=f"{source}: {kind} over {len(t.rows)} points{extra}")
    for name in t.parameters + t.columns:
        table.add_column(name, justify="right")
    for p, vals in t.rows:
        fmt = "{:d}" if t.kind == "count" else "{:.6g}"
        table.add_row(*[f"{p[n]:.6g}" for n in t.parameters],
                      *[fmt.format(int(v)) if t.kind == "count" else fmt.format(v) for v in vals])
    console = stdout_console()
    console.print(table)
    if t.kind == "expectation" and t.parameters and len(t.rows) > 1:
        xs = [p[t.parameters[0]] for p, _ in t.rows]
        ys = [vals[0] for _, vals in t.rows]
        console.print(text_plot(xs, ys, title=f"<{t.columns[0]}>", xlabel=t.parameters[0]),
                      markup=False, highlight=False)
