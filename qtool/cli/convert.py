"""`qtool convert`: OpenQASM 2 <-> OpenQASM 3 <-> cirq JSON <-> stim."""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Optional

import typer

from qtool.cli.common import InputArg, OutOpt, cli_command, pick_format


class ConvertFormat(str, Enum):
    qasm2 = "qasm2"
    qasm3 = "qasm3"
    cirq_json = "cirq-json"
    stim = "stim"
    quirk = "quirk"


FORMATS = tuple(f.value for f in ConvertFormat)


def register(app: typer.Typer) -> None:
    app.command("convert", epilog="Example:  qtool convert circuit.qasm --to qasm3 -o circuit3.qasm")(convert)


@cli_command
def convert(
    path: InputArg = "-",
    fmt: Annotated[Optional[ConvertFormat], typer.Option(
        "--format", help="Output format: qasm2 (the default), qasm3, cirq-json, stim or quirk (a "
        "Quirk link; Quirk URLs and JSON are read too).",
        show_default=False)] = None,
    to: Annotated[Optional[ConvertFormat], typer.Option(
        "--to", help="Same as --format.", show_default=False)] = None,
    out: OutOpt = None,
    from_fmt: Annotated[Optional[str], typer.Option(
        "--from", help="Input format: qasm, stim or cirq-json (default: told by the content).",
        show_default=False)] = None,
) -> None:
    """Convert a circuit between OpenQASM 2, OpenQASM 3, cirq's JSON and stim (written atomically with -o).

    Stim has no arbitrary rotations; OpenQASM has no DETECTOR, OBSERVABLE_INCLUDE or noise:
    what the target cannot say is an error naming it, never a silent drop.
    """
    to = pick_format(fmt.value if fmt else None, "qasm2",
                     *([(f"--to {to.value}", to.value)] if to else []))
    from qtool import qasm
    from qtool.io import read_text, write_output
    from qtool.quirk import looks_like_quirk, parse_quirk, quirk_url

    source, name = read_text(path)
    program = (parse_quirk(source, name) if from_fmt is None and looks_like_quirk(source)
               else qasm.parse_any(source, name, from_fmt))
    if to == "stim":
        from qtool.stimfmt.convert import convert_program_to_stim

        write_output(convert_program_to_stim(program), out)
        return
    read = getattr(program, "stim", None)
    if read is not None:
        from qtool.errors import QtoolError

        lost = read.inexpressible(noise=to != "cirq-json")
        if lost:
            raise QtoolError(f"{program.filename}: {', '.join(lost)}: {to} has no way to say "
                             "this (OpenQASM has no detectors, observables or noise channels)")
    if to == "quirk":
        text = quirk_url(program.circuit) + "\n"
    elif to == "cirq-json":
        from qtool.qasm.cirq_json import dumps_cirq_json

        text = dumps_cirq_json(program.circuit)
    else:
        text = qasm.dumps(program.circuit, 2 if to == "qasm2" else 3,
                          qubits=program.qubits, cregs=program.cregs)
    write_output(text, out)
