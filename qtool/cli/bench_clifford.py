"""`qtool bench clifford`: qtool's stim path against stim's own sampler, in one run."""

from __future__ import annotations

from typing import Annotated

import typer

from qtool.cli.common import JsonOpt, SeedOpt, cli_command, print_json, resolve_seed

EXAMPLES = """
Examples:

  qtool bench clifford          d=25 r=25 surface code, GHZ 1,000/10,000/24,
                                a 1M-gate reader
  qtool bench clifford --distance 9 --shots 10000 --reader-gates 100000 --json
"""


def register(bench_app: typer.Typer) -> None:
    bench_app.command("clifford", epilog=EXAMPLES)(bench_clifford)


@cli_command
def bench_clifford(
    distance: Annotated[int, typer.Option("--distance", help="Surface code distance (rounds = distance).")] = 25,
    shots: Annotated[int, typer.Option("--shots", help="Shots of the stim-format surface code.")] = 100_000,
    qasm_shots: Annotated[int, typer.Option("--qasm-shots", help="Shots of its OpenQASM form.")] = 10_000,
    ghz_shots: Annotated[int, typer.Option("--ghz-shots", help="Shots per GHZ case.")] = 10_000,
    reader_gates: Annotated[int, typer.Option("--reader-gates", help="Gates of the random Clifford file the reader is timed on (0: skip).")] = 1_000_000,
    seed: SeedOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Time Clifford simulation: qtool vs stim's sampler on a surface code, GHZ states at
    1,000 and 10,000 qubits (and at 24 against qsim), and the OpenQASM reader on a large file."""
    from qtool.bench.clifford import Report, ghz, reader_profile, surface_code
    from qtool.cli.common import progress

    seed = resolve_seed(seed)
    report = Report(seed=seed)
    with progress(5, "bench clifford") as advance:
        surface_code(report, distance, distance, shots, 0.001, seed, qasm_shots)
        advance()
        for n in (1000, 10_000):
            ghz(report, n, ghz_shots, seed)
            advance()
        ghz(report, 24, ghz_shots, seed, with_qsim=True)
        advance()
        if reader_gates:
            reader_profile(report, reader_gates, 100, seed)
        advance()
    if json_out:
        print_json(report.to_json())
        return
    from rich.table import Table

    from qtool.cli.common import stdout_console

    table = Table(title="qtool bench clifford (seconds, one run each)")
    for col in ("case", "step", "seconds", "note"):
        table.add_column(col, justify="right" if col == "seconds" else "left")
    last = None
    for r in report.rows:
        table.add_row(r.case if r.case != last else "", r.step, f"{r.seconds:.3f}", r.note)
        last = r.case
    console = stdout_console()
    console.print(table)
    for name, value in report.ratios.items():
        console.print(f"{name}: {value:.2f}x")
