"""`qtool bench ...`: the benchmark commands, one module each (bench_parse, bench_simulate,
bench_compile), gathered into one Typer group here."""

from __future__ import annotations

import typer

from qtool.cli import bench_parse

bench_app = typer.Typer(
    name="bench",
    help="Benchmarks: parsing, simulation and compilation, against peers measured in the same run.",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    # Benchmark modules register here, one line each.
    bench_parse.register(bench_app)
    __import__("qtool.cli.bench_simulate", fromlist=["register"]).register(bench_app)
    __import__("qtool.cli.bench_compile", fromlist=["register"]).register(bench_app)
    __import__("qtool.cli.ketgpt", fromlist=["register_bench"]).register_bench(bench_app)
    app.add_typer(bench_app, name="bench")
