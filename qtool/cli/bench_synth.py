"""`qtool bench synth`: the synthesis benchmark (qtool.synth.bench), as a table or JSON."""

from __future__ import annotations

from typing import Annotated, List, Optional

import typer

from qtool.cli.common import (JsonOpt, SeedOpt, cli_command, note, print_json, resolve_seed,
                              stdout_console)


def register(app: typer.Typer) -> None:
    app.command("synth")(bench_synth_cmd)


@cli_command
def bench_synth_cmd(
    suite: Annotated[Optional[List[str]], typer.Option("--suite",
                     help="genqc, cont3, cont4, state (repeatable; default all).")] = None,
    count: Annotated[int, typer.Option("--count", "-c", min=1, help="Targets per suite.")] = 20,
    samples: Annotated[int, typer.Option("--samples", min=0, help="Samples per target.")] = 128,
    timeout: Annotated[float, typer.Option("--timeout", min=0.0,
                       help="Search seconds per target.")] = 10.0,
    beam: Annotated[int, typer.Option("--beam", min=1,
                    help="Residual beam width (discrete suite).")] = 16,
    baselines: Annotated[bool, typer.Option("--baselines/--no-baselines",
                         help="Also run the untrained model and BFS.")] = True,
    seed: SeedOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Synthesis on held-out targets: the trained model, an untrained one with the same
    budget, BFS, and generic synthesis, in one table.

    Example: qtool bench synth --suite genqc --count 50
    """
    from qtool.errors import QtoolError
    from qtool.synth import bench

    suites = suite or list(bench.SUITES)
    bad = [s for s in suites if s not in bench.SUITES]
    if bad:
        raise QtoolError(f"unknown suite(s) {', '.join(bad)}; known: {', '.join(bench.SUITES)}")
    seed = resolve_seed(seed, announce=not json_out)
    doc = bench.run(suites, count, samples, timeout, beam_width=beam, seed=seed,
                    baselines=baselines,
                    progress=lambda s: note(f"bench synth: {s} done"))
    if json_out:
        print_json(doc)
        return
    from rich.table import Table

    t = Table(title=f"qtool bench synth ({count} targets per suite)")
    for col in ("suite", "method", "exact", "<= generator", "mean gates", "mean 2q",
                "wall s/target", "CPU s/target"):
        t.add_column(col)
    for r in doc["rows"]:
        N = r["targets"]
        t.add_row(r["suite"], r["method"], f"{r['exact']}/{N}", f"{r['within']}/{N}",
                  str(r["mean_gates"]), str(r["mean_two_qubit"]), f"{r['wall_s']:.3f}",
                  f"{r['cpu_s']:.3f}")
    stdout_console(120).print(t)
    for line in doc["notes"]:
        note(line)
