"""`qtool bench compile`: 2q-gate counts, depth and time on a suite, vs Qiskit level 3."""

from __future__ import annotations

from typing import Annotated, List, Optional

import typer

from qtool.cli.common import JsonOpt, cli_command, print_json, progress

EXAMPLE = ("Example:  qtool bench compile corpus --target cz --device all --device heavy-hex:5 "
           "--device grid:4x4")


def register(bench_app: typer.Typer) -> None:
    bench_app.command("compile", epilog=EXAMPLE)(bench_compile)


@cli_command
def bench_compile(
    suite: Annotated[str, typer.Argument(
        help="samples, corpus (the shared QASMBench corpus), a folder or a .qasm file.")] = "samples",
    target: Annotated[Optional[List[str]], typer.Option(
        "--target", "-t", help="Target gate set (repeatable; default cz).")] = None,
    device: Annotated[Optional[List[str]], typer.Option(
        "--device", "-d", help="Device (repeatable; default all).")] = None,
    level: Annotated[Optional[List[int]], typer.Option(
        "-O", "--level", help="Optimisation level (repeatable; default 3).")] = None,
    max_qubits: Annotated[int, typer.Option("--max-qubits", min=1, help="Skip larger circuits.")] = 16,
    verify: Annotated[bool, typer.Option("--verify", help="Also verify every result (slower).")] = False,
    no_qiskit: Annotated[bool, typer.Option("--no-qiskit", help="Skip the Qiskit comparison.")] = False,
    per_circuit: Annotated[bool, typer.Option("--per-circuit/--totals", help="Print a row per circuit.")] = True,
    json_out: JsonOpt = False,
) -> None:
    """Compile a suite at each target, device and level; print per circuit and in total the
    2q-gate count, depth and time, and the geometric means of ours/Qiskit-O3 when Qiskit is
    installed (measured in the same run)."""
    from qtool.bench.compile import load_suite, resolve_suite, run_bench
    from qtool.compile import TARGET_NAMES, parse_device
    from qtool.errors import QtoolError

    targets = target or ["cz"]
    devices = device or ["all"]
    levels = level or [3]
    for t in targets:
        if t not in TARGET_NAMES:
            raise QtoolError(f"unknown target {t!r}: expected one of {', '.join(TARGET_NAMES)}")
    for lv in levels:
        if lv not in (0, 1, 2, 3):
            raise QtoolError(f"unknown optimisation level -O{lv}: expected 0, 1, 2 or 3")
    for d in devices:
        parse_device(d)
    n = len(load_suite(resolve_suite(suite), max_qubits)) * len(targets) * len(devices) * len(levels)
    with progress(n, "compiling") as advance:
        result = run_bench(suite, targets=targets, devices=devices, levels=levels,
                           max_qubits=max_qubits, with_qiskit=not no_qiskit, verify=verify,
                           on_step=lambda: advance())
    if json_out:
        print_json(result.to_json())
        return
    _render(result, per_circuit)


def _fmt(x, spec="d"):
    return "-" if x is None else format(x, spec)


def _render(result, per_circuit: bool) -> None:
    from rich.table import Table

    from qtool.cli.common import stdout_console

    console = stdout_console()
    if not console.is_terminal:
        console.width = 200  # piped to a file: do not squeeze the columns into 80
    peer = result.qiskit_version
    if per_circuit:
        t = Table(title=f"qtool bench compile {result.suite}", show_lines=False)
        for col in ("circuit", "qubits", "target", "device", "O", "2q in", "2q", "depth", "s"):
            t.add_column(col, justify="left" if col in ("circuit", "target", "device") else "right")
        if peer:
            for col in ("qiskit 2q", "qiskit depth", "qiskit s"):
                t.add_column(col, justify="right")
        for r in result.rows:
            cells = [r.circuit, str(r.qubits), r.target, r.device, str(r.level),
                     str(r.two_qubit_before),
                     _fmt(r.two_qubit) if r.error is None else f"error: {r.error}",
                     _fmt(r.depth), _fmt(r.seconds, ".3f")]
            if peer:
                cells += [_fmt(r.qiskit_two_qubit), _fmt(r.qiskit_depth), _fmt(r.qiskit_seconds, ".3f")]
            t.add_row(*cells)
        console.print(t)
    s = Table(title="totals" + (f" (vs Qiskit {peer} optimization_level=3, same run)" if peer else ""))
    for col in ("target", "device", "O", "circuits", "2q", "seconds"):
        s.add_column(col, justify="right")
    if peer:
        for col in ("compared", "qiskit 2q", "qiskit s", "2q ours/qiskit (geomean)", "time ours/qiskit (geomean)"):
            s.add_column(col, justify="right")
    for m in result.summaries:
        cells = [m.target, m.device, str(m.level), str(m.circuits), str(m.two_qubit), f"{m.seconds:.2f}"]
        if peer:
            cells += [str(m.compared), _fmt(m.qiskit_two_qubit), _fmt(m.qiskit_seconds, ".2f"),
                      _fmt(m.two_qubit_ratio, ".3f"), _fmt(m.time_ratio, ".2f")]
        s.add_row(*cells)
    console.print(s)
