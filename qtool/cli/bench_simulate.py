"""`qtool bench simulate`: simulation time of qtool, raw qsimcirq, cirq and peers, side by side."""

from __future__ import annotations

from typing import Annotated, List, Optional

import typer

from qtool.cli.common import (ClusterOpt, JsonOpt, PlotOpt, SeedOpt, ThreadsOpt, cli_command,
                              note, note_seed, print_json, resolve_seed)

EXAMPLES = """
Examples:

  qtool bench simulate --qubits 10:24:2                 random, qft, qv on every backend
  qtool bench simulate --qubits 20:26:2 -f random --repeat 5 --plot sim.png
  qtool bench simulate --qubits 12 -b qtool -b qsimcirq --fusion 2 --threads 1 --json
"""


def register(bench_app: typer.Typer) -> None:
    bench_app.command("simulate", epilog=EXAMPLES)(bench_simulate)


@cli_command
def bench_simulate(
    qubits: Annotated[str, typer.Option("--qubits", "-n", help="Qubit counts: START:STOP[:STEP] (inclusive), N, or N,M,...")] = "10:24:2",
    family: Annotated[Optional[List[str]], typer.Option("--family", "-f", help="Circuit family (repeatable; default: random, qft, qv).")] = None,
    backend: Annotated[Optional[List[str]], typer.Option("--backend", "-b", help="Backend (repeatable): qtool, qsimcirq, cirq, aer, qulacs (default: all; missing peers are skipped).")] = None,
    repeat: Annotated[int, typer.Option("--repeat", "-r", min=1, help="Timed rounds per point and backend.")] = 3,
    warmup: Annotated[bool, typer.Option("--warmup/--no-warmup", help="One untimed round first (also reads qsim's and Aer's fused gate counts).")] = True,
    threads: ThreadsOpt = None,
    fusion: Annotated[int, typer.Option("--fusion", min=1, max=6, help="Max fused gate size (qsim, Aer).")] = 4,
    precision: Annotated[str, typer.Option("--precision", help="single or double, where a backend supports it (qsim: single only).")] = "single",
    seed: SeedOpt = None,
    cirq_max_qubits: Annotated[int, typer.Option("--cirq-max-qubits", help="Skip cirq.Simulator above this size.")] = 20,
    json_out: JsonOpt = False,
    plot: PlotOpt = None,
    workers: Annotated[Optional[int], typer.Option(
        "--workers", min=1, help="Run the (family, qubits) points as tasks on N local worker "
                                 "processes, each with its share of the cores (default: in "
                                 "this process with every core: points side by side compete "
                                 "for cores and memory bandwidth, so use it to check agreement "
                                 "quickly, or on a cluster of whole machines).")] = None,
    cluster: ClusterOpt = None,
) -> None:
    """Time state-vector simulation across simulators, checking that they agree.

    Each point generates the family's circuit at level indep, runs every backend
    (conversion untimed, one warm-up, --repeat timed rounds) and compares its final state
    with the reference (cirq where it runs, else the first backend): fidelity must exceed
    1 - 1e-5. Effective bandwidth is 2 x passes x state bytes / median time, passes being
    the fused gates of qsim and Aer or the circuit's gates, shown against a numpy copy of
    the state.
    """
    from qtool.bench.simulate import DEFAULT_FAMILIES, BenchConfig, parse_qubits, run_bench, steps_per_point
    from qtool.bench.sim_backends import NAMES
    from qtool.cli.common import progress
    from qtool.errors import VerificationError

    cfg = BenchConfig(qubits=parse_qubits(qubits), families=list(family or DEFAULT_FAMILIES),
                      backends=list(backend or NAMES), repeat=repeat, warmup=warmup,
                      threads=threads, fusion=fusion, precision=precision.lower(), seed=resolve_seed(seed, announce=False),
                      cirq_max_qubits=cirq_max_qubits)
    cfg.validate()
    if plot is not None:
        from qtool.figures import figure_format

        figure_format(plot)  # before the benchmark runs, not after
    if seed is None:
        note_seed(cfg.seed)  # once the configuration is known good
    import os

    from qtool.batch.executor import ENV_CLUSTER

    if (workers or 1) > 1 or cluster or os.environ.get(ENV_CLUSTER):
        report = _spread(cfg, workers, cluster)
    else:
        total = len(cfg.families) * len(cfg.qubits) * steps_per_point(cfg)
        with progress(total, "bench simulate") as advance:
            report = run_bench(cfg, advance)
    for line in report.notes:
        note(line)
    if plot is not None:
        from qtool.bench.sim_plot import save_plot

        save_plot(report, plot)
        note(f"plot written to {plot}")
    if json_out:
        print_json(report.to_json())
    else:
        _print_report(report)
    ours = [f"{p.family} {p.qubits}q: {r.reason}" for p in report.points for r in p.results
            if r.backend == "qtool" and r.status == "error"]
    if ours:  # a peer may fail on its own; qtool failing is our bug
        raise VerificationError(f"qtool's own simulation failed ({'; '.join(ours)})")
    if not report.agree:
        bad = [f"{p.family} {p.qubits}q {r.backend}" for p in report.points for r in p.results
               if r.status == "mismatch"]
        raise VerificationError(f"backends disagree ({', '.join(bad)}): see the fidelity column")


def _spread(cfg, workers, cluster):
    """The points as tasks of qtool.batch (point_task), in run_bench's order."""
    from dataclasses import replace

    from qtool.bench.simulate import assemble, check_memory, point_task
    from qtool.cli.batching import executor, run_all

    check_memory(cfg)
    points = [(f, n) for f in cfg.families for n in cfg.qubits]
    with executor(workers, cluster, cfg.threads) as ex:
        task_cfg = replace(cfg, threads=ex.task_threads(len(points)))
        done = run_all(ex, point_task, [(f"{f} {n}q", (task_cfg, f, n)) for f, n in points],
                       "bench simulate")
    note("timings were taken on parallel workers: compare them within this run only")
    return assemble(task_cfg, done)


def _print_report(report) -> None:
    from rich import box
    from rich.console import Console
    from rich.table import Table

    from qtool.bench.sim_plot import series
    from qtool.bench.termplot import log_plot
    from qtool.cli.common import stdout_is_terminal

    # A pipe or file has no width limit: don't squeeze the table to 80 columns.
    console = Console() if stdout_is_terminal() else Console(width=160)
    cfg = report.config
    table = Table(title=f"qtool bench simulate: {report.threads} threads, fusion {cfg.fusion}, "
                        f"{cfg.precision} precision, {cfg.repeat} rounds", box=box.SIMPLE_HEAD)
    for col in ("point", "backend", "median", "min", "max", "x qtool", "passes", "GB/s",
                "% copy", "1 - fidelity"):
        table.add_column(col, justify="left" if col in ("point", "backend") else "right")
    for point in report.points:
        base = point.result("qtool")
        for i, r in enumerate(point.results):
            head = f"{point.family} {point.qubits}q {point.gates}g" if i == 0 else ""
            name = r.backend if r.precision == cfg.precision else f"{r.backend} ({r.precision})"
            if r.stats is None:
                table.add_row(head, name, f"[dim]{r.status}: {r.reason}[/dim]")
                continue
            ratio = f"{r.median / base.median:.2f}" if base and base.median else ""
            table.add_row(head, name, _seconds(r.median), _seconds(r.stats["min"]),
                          _seconds(r.stats["max"]), ratio, str(r.passes),
                          f"{r.bandwidth / 1e9:.2f}", f"{100 * r.bandwidth_fraction:.1f}",
                          _fidelity(point, r))
        table.add_section()
    console.print(table)
    console.print("passes: fused gates (qsim, Aer) or the circuit's gates; GB/s = 2 x passes x "
                  "state bytes / median; % copy: of a numpy copy of the state:")
    console.print("  " + ", ".join(f"{n}q {prec} {bw / 1e9:.1f} GB/s" for n, prec, bw in sorted(
        {(p.qubits, prec, bw) for p in report.points for prec, bw in p.copy_bandwidth.items()})))
    for family in dict.fromkeys(p.family for p in report.points):
        console.print(log_plot(series(report, family), title=f"\n{family}: median time vs qubits"),
                      highlight=False, markup=False)


def _seconds(t: float) -> str:
    if t >= 1:
        return f"{t:.2f} s"
    if t >= 1e-3:
        return f"{t * 1e3:.1f} ms"
    return f"{t * 1e6:.0f} us"


def _fidelity(point, r) -> str:
    if point.reference == r.backend:
        return "reference"
    if r.fidelity is None:
        return ""
    gap = max(0.0, 1 - r.fidelity)
    text = f"{gap:.0e}" if gap > 0 else "0"
    return f"[bold red]{text} MISMATCH[/bold red]" if r.status == "mismatch" else text
