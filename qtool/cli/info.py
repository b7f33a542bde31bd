"""`qtool info`: what is in a circuit (sizes, depth, gate counts, interaction graph)."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from qtool.cli.batching import InputsArg
from qtool.cli.common import ClusterOpt, JsonOpt, cli_command, print_json

from qtool.render.schemas import SCHEMA_INFO as SCHEMA


def register(app: typer.Typer) -> None:
    app.command("info", epilog="Example:  qtool info samples/qft.qasm --json")(info)


@cli_command
def info(paths: InputsArg = None, json_out: JsonOpt = False, workers: Annotated[Optional[int], typer.Option(
        "--workers", min=1, help="Worker processes for many inputs (default 1: info is quick, "
                                 "a cluster's start-up would cost more than it saves).")] = 1,
         cluster: ClusterOpt = None) -> None:
    """Statistics of a circuit: sizes, depth, gate counts, T-count, interaction graph.

    The interaction graph has an edge between two qubits for every gate they share;
    a qubit's degree is how many other qubits it interacts with.

    With several inputs (files, folders, a stream on stdin): one result per input; with
    --json one JSON document per line, each naming its file.
    """
    from qtool.cli.batching import Batch

    batch = Batch(paths)
    if batch.is_batch:
        return _info_batch(batch, json_out, workers, cluster)
    with batch.single_input() as path:
        _info_one(path, json_out)


def _info_batch(batch, json_out: bool, workers, cluster) -> None:
    from qtool.batch import Failure
    from qtool.batch.tasks import info_task
    from qtool.cli.batching import Outcome, executor, json_line, run

    outcome = Outcome(json_lines=json_out)
    console = None
    with executor(workers, cluster) as ex:
        for result in run(ex, info_task, batch.tasks(), len(batch.entries), "info"):
            if isinstance(result, Failure):
                outcome.failed(result)
            elif json_out:
                json_line({"schema": SCHEMA, **result.to_json()})
            else:
                from qtool.cli.common import stdout_console
                from qtool.render.info import render_metrics

                console = console or stdout_console()
                console.print(render_metrics(result.metrics, result.qubit_names, result.source))
    outcome.finish(len(batch.entries))


def _info_one(path: str, json_out: bool) -> None:
    from qtool import qasm
    from qtool.analysis import circuit_metrics

    program = qasm.load_program(path)
    m = circuit_metrics(program.circuit, program.qubits, len(program.clbits))
    names = [str(q) for q in program.qubits]
    if json_out:
        doc = {"schema": SCHEMA, "source": "<stdin>" if path == "-" else path, "qubit_names": names}
        doc.update(m.to_dict())
        print_json(doc)
        return
    from qtool.cli.common import stdout_console
    from qtool.render.info import render_metrics

    stdout_console().print(render_metrics(m, names, "<stdin>" if path == "-" else path))
