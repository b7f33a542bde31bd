"""`qtool gen`: write a circuit of the algorithm library as OpenQASM."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from qtool.cli.common import (CircuitFormatOpt, JsonOpt, OutOpt, QasmVersionOpt, SeedOpt,
                              circuit_version, cli_command, print_json, resolve_seed)

from qtool.render.schemas import SCHEMA_GEN_FAMILIES as SCHEMA_LIST

EXAMPLES = """
Examples:

  qtool gen --list                                  the families and their qubit ranges
  qtool gen ghz --qubits 5                          OpenQASM 2.0 on stdout
  qtool gen grover --qubits 6 --seed 3 --qasm 3     seeded, as OpenQASM 3
  qtool gen qft --qubits 4 --level alg -o qft.qasm  high-level gates, to a file
  qtool gen bv --qubits 8 --seed 1 --measure | qtool simulate - --shots 100
"""


def register(app: typer.Typer) -> None:
    app.command("gen", epilog=EXAMPLES)(gen)


@cli_command
def gen(
    algorithm: Annotated[Optional[str], typer.Argument(
        help="Algorithm family (see --list).", show_default=False)] = None,
    qubits: Annotated[Optional[int], typer.Option(
        "--qubits", "-n", help="Number of qubits.", show_default=False)] = None,
    seed: SeedOpt = None,
    level: Annotated[str, typer.Option(
        "--level", help="alg: keep high-level gates; indep: decompose to the basic gate set "
                        "(h x y z s sdg t tdg rx ry rz cx cz swap ccx p cp u3).")] = "indep",
    fmt: CircuitFormatOpt = None,
    qasm_version: QasmVersionOpt = None,
    measure: Annotated[bool, typer.Option(
        "--measure", help="Measure the qubits holding the answer at the end (bits c_0, c_1, ... in "
                     "qubit order): every qubit, but only the inputs for bv/dj, the counting "
                     "register for qpe*/ae/shor, the sum for adder, the product for multiplier.")] = False,
    out: OutOpt = None,
    list_families: Annotated[bool, typer.Option(
        "--list", help="List the families with their qubit ranges and exit.")] = False,
    json_out: JsonOpt = False,
) -> None:
    """Generate a benchmark circuit of an algorithm family and write it as OpenQASM.

    Without --seed, seeded families (random graphs, secrets, angles) draw fresh randomness;
    with it the output is reproducible.
    """
    from qtool.errors import QtoolError

    if list_families:
        _list(json_out)
        return
    if json_out:
        raise QtoolError("--json goes with --list; circuits are written as OpenQASM")
    if algorithm is None:
        raise QtoolError("name an algorithm family (`qtool gen --list` shows them)")
    if qubits is None:
        raise QtoolError("missing --qubits N")

    version = circuit_version(fmt, qasm_version)
    from qtool import circuits, qasm
    from qtool.io import write_output

    from qtool.circuits.registry import get_family

    if get_family(algorithm).seeded:
        seed = resolve_seed(seed)
    circuit = circuits.generate(algorithm, qubits, seed=seed, level=level, measure=measure)
    write_output(qasm.dumps(circuit, version=version), out)


def _list(json_out: bool) -> None:
    from qtool.circuits import FAMILIES
    from qtool.cli.common import stdout_console, stdout_is_terminal

    fams = [FAMILIES[name] for name in sorted(FAMILIES)]
    if json_out:
        print_json({"schema": SCHEMA_LIST, "families": [
            {"name": f.name, "description": f.description, "min_qubits": f.min_qubits,
             "max_qubits": f.max_qubits, "seeded": f.seeded} for f in fams]})
        return
    if not stdout_is_terminal():
        width = max(len(f.name) for f in fams)
        for f in fams:
            typer.echo(f"{f.name:<{width}}  {f.min_qubits:>3}-{f.max_qubits:<3}  {f.description}")
        return
    from rich.table import Table

    table = Table(title=f"{len(fams)} algorithm families (qtool gen NAME --qubits N)")
    for col, kw in (("family", {"style": "bold"}), ("qubits", {"justify": "right"}),
                    ("seeded", {"justify": "center"}), ("description", {})):
        table.add_column(col, **kw)
    for f in fams:
        table.add_row(f.name, f"{f.min_qubits}-{f.max_qubits}", "yes" if f.seeded else "",
                      f.description)
    stdout_console().print(table)
