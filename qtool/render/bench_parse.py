"""Rendering of `qtool bench parse` results."""

from __future__ import annotations

from pathlib import Path

from rich.console import Group
from rich.table import Table
from rich.text import Text


def render_parse_bench(result) -> Group:
    table = Table(box=None)
    for col, just in (("file", "left"), ("ops", "right"), ("qtool ms", "right"),
                      ("qiskit ms", "right"), ("ratio", "right")):
        table.add_column(col, justify=just)
    for f in sorted(result.files, key=lambda f: -(f.operations or 0))[:25]:
        name = Path(f.path).name
        if f.seconds is None:
            table.add_row(name, "-", "rejected", "", "")
            continue
        q = f.qiskit_seconds
        table.add_row(name, str(f.operations), f"{f.seconds * 1e3:.2f}",
                      f"{q * 1e3:.2f}" if q else "-", f"{f.seconds / q:.2f}x" if q else "-")
    ratio = result.ratio_to_qiskit()
    summary = Text.assemble(
        ("files read ", "bold"), f"{len(result.read)}", ("  rejected ", "bold"),
        f"{len(result.files) - len(result.read)}", ("  operations ", "bold"), f"{result.operations}",
        ("  qtool ", "bold"), f"{result.gates_per_second:,.0f} gates/s",
    )
    if ratio is not None:
        summary.append(f"  time vs qiskit.qasm2 {result.qiskit_version}: {ratio:.2f}x", style="bold yellow")
    rejected = [Text(f"rejected: {f.error}", style="dim") for f in result.files if f.seconds is None]
    return Group(Text("largest 25 files", style="dim"), table, Text(""), summary, *rejected)
