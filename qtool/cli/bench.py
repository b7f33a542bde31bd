"""`qtool bench ...`: the benchmark commands, one module each (bench_parse, bench_simulate,
bench_compile, and KetGPT's generation speed), gathered into one Typer group here."""

from __future__ import annotations

import typer

from qtool.cli import bench_clifford, bench_compile, bench_parse, bench_simulate, ketgpt
from qtool.cli import bench_synth

bench_app = typer.Typer(
    name="bench",
    help="Benchmarks: parsing, simulation and compilation, against peers measured in the same run.",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    # Benchmark modules register here, one line each.
    bench_parse.register(bench_app)
    bench_simulate.register(bench_app)
    bench_compile.register(bench_app)
    ketgpt.register_bench(bench_app)
    bench_clifford.register(bench_app)
    bench_synth.register(bench_app)
    app.add_typer(bench_app, name="bench")
