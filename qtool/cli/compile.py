"""`qtool compile`: optimise, retarget and route a circuit, with a proof of equivalence."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from qtool.cli.batching import InputsArg
from qtool.cli.common import (CircuitFormatOpt, ClusterOpt, OutOpt, QasmVersionOpt,
                              SeedOpt, WorkersOpt, circuit_version, cli_command, resolve_seed)

EXAMPLES = """Examples:

  qtool compile circuit.qasm --target cz -O3 > out.qasm

  qtool gen qft --qubits 5 | qtool compile --device heavy-hex:3 --report json

  qtool compile big.qasm --device grid:4x4 --verify -o routed.qasm

  qtool compile circuits/ -o compiled/ --json    one JSON line per file
"""


def register(app: typer.Typer) -> None:
    app.command("compile", epilog=EXAMPLES)(compile_command)


@cli_command
def compile_command(
    paths: InputsArg = None,
    target: Annotated[str, typer.Option(
        "--target", "-t", help="Gate set: native, cz, sqrt-iswap, ibm (rz sx x cx), clifford-t.")] = "native",
    device: Annotated[str, typer.Option(
        "--device", "-d", help="all, line:N, ring:N, grid:RxC, heavy-hex:D, or a JSON coupling file.")] = "all",
    level: Annotated[int, typer.Option(
        "-O", "--level", help="Optimisation level 0..3 (0 translates only).")] = 2,
    verify: Annotated[Optional[bool], typer.Option(
        "--verify/--no-verify",
        help="Prove output == input: exact unitaries up to 12 qubits, random states above. "
             "Default: a check up to 12 qubits, exact where cheap (about 7 qubits at 100 "
             "gates), else random states (not a proof; the summary says which).")] = None,
    report: Annotated[str, typer.Option(
        "--report", help="What goes to stderr: text (a summary), json (schema qtool.compile/1) or none.")] = "text",
    report_out: Annotated[Optional[Path], typer.Option(
        "--report-out", help="Also write the JSON report to this file (atomically).")] = None,
    permute_qubits: Annotated[bool, typer.Option(
        "--permute-qubits",
        help="Without a device, let -O2/-O3 remove SWAPs by relabelling qubits: the output's "
             "qubit order may then differ from the input's (a note on stderr gives it).")] = False,
    out: OutOpt = None,
    fmt: CircuitFormatOpt = None,
    qasm_version: QasmVersionOpt = None,
    seed: SeedOpt = None,
    json_out: Annotated[bool, typer.Option("--json", help="One JSON line per input on stdout: its report with the circuit (\"qasm\") or, with -o DIR, its \"output\" file.")] = False,
    workers: WorkersOpt = None,
    cluster: ClusterOpt = None,
) -> None:
    """Compile a circuit: optimise it, translate it to a gate set, route it onto a device.

    Writes OpenQASM to stdout (or -o) and a summary to stderr.

    Routed output declares one register q over the device's qubits, numbered as the device defines them.

    The report gives the initial and final logical -> physical mapping; routed or relabelled
    output also states them in comments after the OpenQASM header.

    A failed verification is exit code 1.

    Several inputs (files, folders, '-' with a stream): each compiled as its own task (on
    local workers or --cluster), written to `-o DIR` under its input's name, or to stdout
    as a stream of programs; a bad input is reported and the others still run.
    """
    import json
    import sys

    import cirq

    from qtool import qasm
    from qtool.compile import compile_circuit, parse_device
    from qtool.compile.report import layout_comments, summary, to_json, with_header
    from qtool.errors import QtoolError
    from qtool.io import atomic_write, write_output

    # Target and level are checked once, by compile_circuit (QtoolError, exit 2), for CLI
    # and API callers alike.
    if report not in ("text", "json", "none"):
        raise QtoolError(f"unknown report format {report!r}: expected text, json or none")
    dev = parse_device(device)
    version = circuit_version(fmt, qasm_version)
    from qtool.cli.batching import Batch

    batch = Batch(paths)
    if batch.is_batch or json_out:
        batch.as_batch()
        from qtool.batch.tasks import CompileSpec
        from qtool.cli.compile_batch import compile_many

        spec = CompileSpec(target, device, level, verify, permute_qubits,
                           resolve_seed(seed, announce=report != "json" and not json_out), version)
        return compile_many(batch, spec, out=out, report=report, report_out=report_out,
                            json_out=json_out, workers=workers, cluster=cluster)
    path = batch.replay_stdin()
    program = qasm.load_program(path)
    seed = resolve_seed(seed, announce=report != "json")  # the JSON report records it
    source = "<stdin>" if path == "-" else path
    result = compile_circuit(program.circuit, target=target, device=dev, level=level,
                             seed=seed, verify=verify, permute_qubits=permute_qubits)
    # Routed output: one register q over every device qubit, numbered as the device does.
    declared = program.qubits if dev.fully_connected else [cirq.LineQubit(i) for i in range(dev.n)]
    text = qasm.dumps(result.circuit, version, qubits=declared, cregs=program.cregs)
    text = with_header(text, layout_comments(result))
    write_output(text, out)
    doc = to_json(result, source)
    doc["seed"] = seed
    if report_out is not None:
        atomic_write(report_out, json.dumps(doc, indent=2) + "\n")
    if report == "json":
        sys.stderr.write(json.dumps(doc, indent=2) + "\n")
    elif report == "text":
        typer.echo(f"qtool: {summary(result, source)}", err=True)
    if result.permuted and report != "json":
        from qtool.compile.report import qubit_name

        moves = ", ".join(f"{qubit_name(q)} -> {qubit_name(p)}"
                          for q, p in sorted(result.permuted.items()))
        typer.echo("qtool: NOTE: --permute-qubits: the output's qubit order differs from the "
                   f"input's; at the end, logical qubit -> output qubit: {moves} "
                   "(also in the JSON report's final_mapping)", err=True)
