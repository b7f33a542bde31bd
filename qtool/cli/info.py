"""`qtool info`: what is in a circuit (sizes, depth, gate counts, interaction graph)."""

from __future__ import annotations

import typer

from qtool.cli.common import InputArg, JsonOpt, cli_command, print_json

from qtool.render.schemas import SCHEMA_INFO as SCHEMA


def register(app: typer.Typer) -> None:
    app.command("info", epilog="Example:  qtool info samples/qft.qasm --json")(info)


@cli_command
def info(path: InputArg = "-", json_out: JsonOpt = False) -> None:
    """Statistics of a circuit: sizes, depth, gate counts, T-count, interaction graph.

    The interaction graph has an edge between two qubits for every gate they share;
    a qubit's degree is how many other qubits it interacts with.
    """
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
