"""`qtool gen`: write a circuit of the algorithm library as OpenQASM."""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Optional

import typer

from qtool.cli.common import (CircuitFormat, JsonOpt, OutOpt, QasmVersionOpt, SeedOpt,
                              circuit_version, cli_command, print_json, resolve_seed)

from qtool.render.schemas import SCHEMA_GEN_FAMILIES as SCHEMA_LIST

EXAMPLES = """
Examples:

  qtool gen --list                       the families and their qubit ranges
  qtool gen ghz --qubits 5               OpenQASM 2.0 on stdout
  qtool gen grover --qubits 6 --seed 3 --qasm 3     seeded, as OpenQASM 3
  qtool gen qft --qubits 4 --level alg -o qft.qasm  high-level gates, a file
  qtool gen bv --qubits 8 --seed 1 --measure | qtool simulate - --shots 100
  qtool gen surface --distance 5 --noise 0.001 --format stim -o s.stim
  qtool gen ghz --qubits 10000 --format stim   Clifford families as stim

QEC families (--distance, --rounds, --noise): repetition, surface, surface-x, unrotated,
unrotated-x, color. --noise P sets all four of stim's generated-circuit noise parameters to
P: DEPOLARIZE1/2(P) after each Clifford gate, a flip before each measurement and after each
reset, DEPOLARIZE1(P) on data qubits before each round. OpenQASM output is noise-free and
leaves out the DETECTOR/OBSERVABLE_INCLUDE annotations (use --format stim to keep them).
"""


class GenFormat(str, Enum):
    qasm2 = "qasm2"
    qasm3 = "qasm3"
    stim = "stim"


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
    fmt: Annotated[Optional[GenFormat], typer.Option(
        "--format", help="Circuit output: qasm2 (OpenQASM 2.0, the default), qasm3 or stim.",
        show_default=False)] = None,
    qasm_version: QasmVersionOpt = None,
    measure: Annotated[bool, typer.Option(
        "--measure", help="Measure the qubits holding the answer at the end (bits c_0, c_1, ... in "
                     "qubit order): every qubit, but only the inputs for bv/dj, the counting "
                     "register for qpe*/ae/shor, the sum for adder, the product for multiplier.")] = False,
    out: OutOpt = None,
    list_families: Annotated[bool, typer.Option(
        "--list", help="List the families with their qubit ranges and exit.")] = False,
    json_out: JsonOpt = False,
    distance: Annotated[Optional[int], typer.Option(
        "--distance", help="QEC families: the code distance.", show_default=False)] = None,
    rounds: Annotated[Optional[int], typer.Option(
        "--rounds", help="QEC families: rounds of stabilizer measurement (default: the distance).",
        show_default=False)] = None,
    qec_noise: Annotated[float, typer.Option(
        "--noise", help="QEC families: circuit noise P (see below); stim output only.")] = 0.0,
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
    fmt = fmt.value if fmt is not None else None
    from qtool.circuits.qec import is_qec_family

    if is_qec_family(algorithm):
        _gen_qec(algorithm, distance, rounds, qec_noise, fmt, qasm_version, out)
        return
    if distance is not None or rounds is not None or qec_noise:
        raise QtoolError("--distance, --rounds and --noise go with the QEC families "
                         "(repetition, surface, surface-x, unrotated, unrotated-x, color)")
    if qubits is None:
        raise QtoolError("missing --qubits N")

    from qtool import circuits, qasm
    from qtool.io import write_output

    if fmt == "stim":
        if qasm_version:
            raise QtoolError(f"choose one of --format stim and --qasm {qasm_version}")
        from qtool.circuits.registry import get_family
        from qtool.stimfmt.convert import NotStimError, dumps_stim, to_stim

        if get_family(algorithm).seeded:
            seed = resolve_seed(seed)
        circuit = circuits.generate(algorithm, qubits, seed=seed, level=level, measure=measure)
        try:
            form = to_stim(circuit, ticks=True)
        except NotStimError as err:
            raise QtoolError(f"{algorithm} is not a Clifford circuit, so stim cannot say it: "
                             f"{err}") from None
        write_output(dumps_stim(form, {"q": qubits}), out)
        return
    version = circuit_version(CircuitFormat(fmt) if fmt else None, qasm_version)

    from qtool.circuits.registry import get_family

    if get_family(algorithm).seeded:
        seed = resolve_seed(seed)
    circuit = circuits.generate(algorithm, qubits, seed=seed, level=level, measure=measure)
    write_output(qasm.dumps(circuit, version=version), out)


def _gen_qec(name, distance, rounds, noise, fmt, qasm_version, out) -> None:
    from qtool.errors import QtoolError
    from qtool.io import write_output

    if distance is None:
        raise QtoolError(f"{name}: missing --distance D")
    rounds = distance if rounds is None else rounds
    if fmt == "stim":
        if qasm_version:
            raise QtoolError(f"choose one of --format stim and --qasm {qasm_version}")
        from qtool.circuits.qec import qec_stim

        write_output(str(qec_stim(name, distance, rounds, noise)) + "\n", out)
        return
    from qtool import qasm
    from qtool.circuits.qec import qec_cirq

    version = circuit_version(CircuitFormat(fmt) if fmt else None, qasm_version)
    circuit, m = qec_cirq(name, distance, rounds, noise)
    write_output(qasm.dumps(circuit, version=version, cregs={"c": m}), out)


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
