"""`qtool bench parse`: reading speed on a folder of OpenQASM files, vs Qiskit when installed."""

from __future__ import annotations

from typing import Annotated, List

import typer

from qtool.cli.common import JsonOpt, cli_command, print_json, progress


def register(bench_app: typer.Typer) -> None:
    bench_app.command("parse", epilog="Example:  qtool bench parse ../shared/corpus/qasmbench --repeat 3")(bench_parse)


@cli_command
def bench_parse(
    paths: Annotated[List[str], typer.Argument(help="Files or folders of .qasm files.")],
    repeat: Annotated[int, typer.Option("--repeat", "-r", min=1, help="Runs per file; the best counts.")] = 3,
    no_qiskit: Annotated[bool, typer.Option("--no-qiskit", help="Skip the Qiskit comparison.")] = False,
    json_out: JsonOpt = False,
) -> None:
    """Time qtool's OpenQASM reader on real files: gates/second, and the ratio to Qiskit's
    qasm2 reader measured in the same run (when qiskit is installed)."""
    from qtool.bench.parse import bench_parse as run, find_qasm_files

    total = len(find_qasm_files(paths))
    with progress(total, "parsing") as advance:
        result = run(paths, repeat=repeat, with_qiskit=not no_qiskit, on_file=lambda p: advance())
    if json_out:
        print_json(result.to_json())
        return
    from qtool.cli.common import stdout_console
    from qtool.render.bench_parse import render_parse_bench

    stdout_console().print(render_parse_bench(result))
