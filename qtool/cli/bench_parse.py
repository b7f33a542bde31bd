"""`qtool bench parse`: reading speed on a folder of OpenQASM files, vs Qiskit when installed."""

from __future__ import annotations

from typing import Annotated, List, Optional

import typer

from qtool.cli.common import ClusterOpt, JsonOpt, cli_command, note, print_json, progress


def register(bench_app: typer.Typer) -> None:
    bench_app.command("parse", epilog="Example:  qtool bench parse ../shared/corpus/qasmbench --repeat 3")(bench_parse)


@cli_command
def bench_parse(
    paths: Annotated[List[str], typer.Argument(help="Files or folders of .qasm files.")],
    repeat: Annotated[int, typer.Option("--repeat", "-r", min=1, help="Runs per file; the best counts.")] = 3,
    no_qiskit: Annotated[bool, typer.Option("--no-qiskit", help="Skip the Qiskit comparison.")] = False,
    json_out: JsonOpt = False,
    workers: Annotated[Optional[int], typer.Option(
        "--workers", min=1, help="Time the files on N local worker processes, one task per "
                                 "file (default: in this process, so timings do not compete "
                                 "for cores; each file's qtool and Qiskit times are taken in "
                                 "the same task, so their ratio still holds).")] = None,
    cluster: ClusterOpt = None,
) -> None:
    """Time qtool's OpenQASM reader on real files: gates/second, and the ratio to Qiskit's
    qasm2 reader measured in the same run (when qiskit is installed)."""
    import os

    from qtool.batch.executor import ENV_CLUSTER
    from qtool.bench.parse import bench_parse as run, find_qasm_files

    files = find_qasm_files(paths)
    if (workers or 1) > 1 or cluster or os.environ.get(ENV_CLUSTER):
        result = _spread(files, repeat, not no_qiskit, workers, cluster)
    else:
        with progress(len(files), "parsing") as advance:
            result = run(paths, repeat=repeat, with_qiskit=not no_qiskit,
                         on_file=lambda p: advance())
    if json_out:
        print_json(result.to_json())
        return
    from qtool.cli.common import stdout_console
    from qtool.render.bench_parse import render_parse_bench

    stdout_console().print(render_parse_bench(result))


def _spread(files, repeat: int, with_qiskit: bool, workers, cluster):
    """One task per file (its text travels: a cluster's workers need not see these files)."""
    from qtool.bench.parse import ParseBench, qiskit_version, time_file
    from qtool.cli.batching import executor, run_all

    version = qiskit_version(with_qiskit)
    tasks = [(str(f), (str(f), f.read_text(), repeat, version is not None)) for f in files]
    with executor(workers, cluster) as ex:
        timings = run_all(ex, time_file, tasks, "parsing")
    note("timings were taken on parallel workers: compare them within this run only")
    return ParseBench(files=timings, qiskit_version=version)
