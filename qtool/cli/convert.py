"""`qtool convert`: OpenQASM 2 <-> OpenQASM 3 <-> cirq JSON."""

from __future__ import annotations

from typing import Annotated

import typer

from qtool.cli.common import InputArg, OutOpt, cli_command

FORMATS = ("qasm2", "qasm3", "cirq-json")


def register(app: typer.Typer) -> None:
    app.command("convert", epilog="Example:  qtool convert circuit.qasm --to qasm3 -o circuit3.qasm")(convert)


@cli_command
def convert(
    path: InputArg = "-",
    to: Annotated[str, typer.Option("--to", help="Output format: qasm2, qasm3 or cirq-json.")] = "qasm2",
    out: OutOpt = None,
) -> None:
    """Convert a circuit between OpenQASM 2, OpenQASM 3 and cirq's JSON (written atomically with -o)."""
    from qtool.errors import QtoolError

    if to not in FORMATS:
        raise QtoolError(f"unknown format {to!r}: expected one of {', '.join(FORMATS)}")
    from qtool import qasm
    from qtool.io import write_output

    program = qasm.load_program(path)
    if to == "cirq-json":
        from qtool.qasm.cirq_json import dumps_cirq_json

        text = dumps_cirq_json(program.circuit)
    else:
        text = qasm.dumps(program.circuit, 2 if to == "qasm2" else 3,
                          qubits=program.qubits, cregs=program.cregs)
    write_output(text, out)
