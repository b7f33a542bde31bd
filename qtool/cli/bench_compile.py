"""`qtool bench compile`: 2q-gate counts, depth and time on a suite, vs Qiskit level 3."""

from __future__ import annotations

from typing import Annotated, List, Optional

import typer

from qtool.cli.common import ClusterOpt, JsonOpt, cli_command, print_json, progress

EXAMPLE = ("Example:  qtool bench compile corpus --target cz --device all --device heavy-hex:5 "
           "--device grid:4x4")


def register(bench_app: typer.Typer) -> None:
    bench_app.command("compile", epilog=EXAMPLE)(bench_compile)


@cli_command
def bench_compile(
    suite: Annotated[str, typer.Argument(
        help="samples, corpus (the shared QASMBench corpus), corpus-tune / corpus-heldout "
             "(its fixed hash split), random-clifford-t, arith (Toffoli chains and adders "
             "in Clifford+T), a folder or a .qasm file.")] = "samples",
    target: Annotated[Optional[List[str]], typer.Option(
        "--target", "-t", help="Target gate set (repeatable; default cz).")] = None,
    device: Annotated[Optional[List[str]], typer.Option(
        "--device", "-d", help="Device (repeatable; default all).")] = None,
    level: Annotated[Optional[List[int]], typer.Option(
        "-O", "--level", help="Optimisation level (repeatable; default 3).")] = None,
    max_qubits: Annotated[int, typer.Option("--max-qubits", min=1, help="Skip larger circuits.")] = 16,
    verify: Annotated[bool, typer.Option("--verify", help="Also verify every result (slower).")] = False,
    no_qiskit: Annotated[bool, typer.Option("--no-qiskit", help="Skip the Qiskit comparison.")] = False,
    no_tket: Annotated[bool, typer.Option("--no-tket", help="Skip the pytket comparison.")] = False,
    per_circuit: Annotated[bool, typer.Option("--per-circuit/--totals", help="Print a row per circuit.")] = True,
    json_out: JsonOpt = False,
    workers: Annotated[Optional[int], typer.Option(
        "--workers", min=1, help="Spread the suite's files over N local worker processes "
                                 "(default 1: timings taken side by side compete for cores).")] = None,
    cluster: ClusterOpt = None,
) -> None:
    """Compile a suite at each target, device and level; print per circuit and in total the
    2q-gate count, T-count, depth and time, and the geometric means of ours/Qiskit-O3 and
    ours/pytket (FullPeepholeOptimise) when they are installed (measured in the same run)."""
    from qtool.bench.compile import run_bench
    from qtool.bench.compile_suites import suite_circuits
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
    circuits = suite_circuits(suite, max_qubits)
    n = len(circuits) * len(targets) * len(devices) * len(levels)
    import os

    from qtool.batch.executor import ENV_CLUSTER

    options = dict(targets=targets, devices=devices, levels=levels, max_qubits=max_qubits,
                   with_qiskit=not no_qiskit, verify=verify, with_tket=not no_tket)
    if (workers or 1) > 1 or cluster or os.environ.get(ENV_CLUSTER):
        result = _spread(suite, circuits, workers, cluster, **options)
    else:
        with progress(n, "compiling") as advance:
            result = run_bench(suite, on_step=lambda: advance(), circuits=circuits, **options)
    if json_out:
        print_json(result.to_json())
        return
    _render(result, per_circuit)


def _spread(suite: str, circuits, workers, cluster, **options):
    """The bench with one task per suite circuit (run_bench on that circuit), merged in
    run_bench's order: per configuration, the circuits in suite order; totals per
    configuration."""
    from functools import partial

    from qtool.batch import Failure
    from qtool.bench.compile import CompileBench, bench_circuit, summarise
    from qtool.cli.batching import executor, run
    from qtool.cli.common import note

    task = partial(bench_circuit, suite, **options)
    with executor(workers, cluster) as ex:
        parts = list(run(ex, task, [(c[0], (c,)) for c in circuits], len(circuits), "compiling"))
    note("timings were taken on parallel workers: compare them within this run only")
    # A Failure is a circuit whose task failed (its worker died twice, say).
    benches = [b for b in parts if not isinstance(b, Failure)]
    merged = CompileBench(suite=suite, qiskit_version=next(
        (b.qiskit_version for b in benches if b.qiskit_version), None), tket_version=next(
        (b.tket_version for b in benches if b.tket_version), None))
    configs = [(t, d, lv) for t in options["targets"] for d in options["devices"]
               for lv in options["levels"]]
    for k, (target, _, level) in enumerate(configs):
        rows = [b.rows[k] for b in benches]
        merged.rows.extend(rows)
        device_name = benches[0].summaries[k].device if benches else ""
        merged.summaries.append(summarise(rows, target, device_name, level))
    return merged


def _fmt(x, spec="d"):
    return "-" if x is None else format(x, spec)


def _render(result, per_circuit: bool) -> None:
    from rich.table import Table

    from qtool.cli.common import stdout_console

    console = stdout_console()
    if not console.is_terminal:
        console.width = 220  # piped to a file: do not squeeze the columns into 80
    qk, tk = result.qiskit_version, result.tket_version
    if per_circuit:
        t = Table(title=f"qtool bench compile {result.suite}", show_lines=False)
        for col in ("circuit", "qubits", "target", "device", "O", "2q in", "2q", "T", "depth", "s"):
            t.add_column(col, justify="left" if col in ("circuit", "target", "device") else "right")
        for peer, name in ((qk, "qiskit"), (tk, "tket")):
            if peer:
                for col in ("2q", "T", "depth", "s"):
                    t.add_column(f"{name} {col}", justify="right")
        for r in result.rows:
            cells = [r.circuit, str(r.qubits), r.target, r.device, str(r.level),
                     str(r.two_qubit_before),
                     _fmt(r.two_qubit) if r.error is None else f"error: {r.error}",
                     _fmt(r.t_count), _fmt(r.depth), _fmt(r.seconds, ".3f")]
            if qk:
                cells += [_fmt(r.qiskit_two_qubit), _fmt(r.qiskit_t_count),
                          _fmt(r.qiskit_depth), _fmt(r.qiskit_seconds, ".3f")]
            if tk:
                cells += [_fmt(r.tket_two_qubit), _fmt(r.tket_t_count), _fmt(r.tket_depth),
                          _fmt(r.tket_seconds, ".3f")]
            t.add_row(*cells)
        console.print(t)
    peers = ", ".join(p for p in (f"Qiskit {qk} optimization_level=3" if qk else "",
                                  f"pytket {tk} FullPeepholeOptimise" if tk else "") if p)
    s = Table(title="totals" + (f" (vs {peers}, same run; ratios are geometric means "
                                "of ours/theirs)" if peers else ""))
    for col in ("target", "device", "O", "circuits", "2q", "T", "depth", "seconds"):
        s.add_column(col, justify="right")
    if qk:
        for col in ("qiskit 2q", "qiskit T", "qiskit s", "2q /qiskit", "T /qiskit",
                    "depth /qiskit", "time /qiskit"):
            s.add_column(col, justify="right")
    if tk:
        for col in ("tket 2q", "tket T", "tket s", "2q /tket", "T /tket", "depth /tket",
                    "time /tket"):
            s.add_column(col, justify="right")
    for m in result.summaries:
        cells = [m.target, m.device, str(m.level), str(m.circuits), str(m.two_qubit),
                 str(m.t_count), str(m.depth), f"{m.seconds:.2f}"]
        if qk:
            cells += [_fmt(m.qiskit_two_qubit), _fmt(m.qiskit_t_count),
                      _fmt(m.qiskit_seconds, ".2f"), _fmt(m.two_qubit_ratio, ".3f"),
                      _fmt(m.t_count_ratio, ".3f"), _fmt(m.depth_ratio, ".3f"),
                      _fmt(m.time_ratio, ".2f")]
        if tk:
            cells += [_fmt(m.tket_two_qubit), _fmt(m.tket_t_count), _fmt(m.tket_seconds, ".2f"),
                      _fmt(m.tket_two_qubit_ratio, ".3f"), _fmt(m.tket_t_count_ratio, ".3f"),
                      _fmt(m.tket_depth_ratio, ".3f"), _fmt(m.tket_time_ratio, ".2f")]
        s.add_row(*cells)
    console.print(s)
