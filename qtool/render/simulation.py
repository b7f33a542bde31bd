"""Rendering of a simulation report: a title, a bar histogram, expectation values."""

from __future__ import annotations

import cmath
import math

from rich.console import Group
from rich.table import Table
from rich.text import Text

from qtool.render.histogram import histogram_table

MAX_ROWS = 64  # a terminal shows the likeliest outcomes; --json/--csv give them all


def render_report(report) -> Group:
    parts = []
    bits = ", ".join(report.bits) if len(report.bits) <= 12 else \
        f"{report.bits[0]} ... {report.bits[-1]} ({len(report.bits)})"
    head = Text.assemble((report.source, "bold"), f"  {len(report.qubits)} qubits  ",
                         ("bits (left to right): ", "dim"), bits)
    parts.append(head)
    if report.mode == "counts":
        rows = sorted(report.counts.items(), key=lambda kv: (-kv[1], kv[0]))
        shown = rows[:MAX_ROWS]
        table = histogram_table(
            ((k, v, f"{v}  {v / report.shots:6.1%}") for k, v in sorted(shown)),
            title=f"{report.shots} shots" + (f", noise {report.noise}" if report.noise else ""),
            value="count")
        parts.append(table)
        if len(rows) > len(shown):
            parts.append(Text(f"... {len(rows) - len(shown)} more outcomes (use --json or --csv)", style="dim"))
    elif report.mode == "probabilities":
        rows = sorted(report.probabilities.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_ROWS]
        parts.append(histogram_table(((k, v, f"{v:.6f}") for k, v in sorted(rows)),
                                     title="probabilities"))
        _more(parts, report, len(rows), len(report.probabilities))
    else:
        table = Table(title="amplitudes", box=None)
        for col in ("outcome", "amplitude", "|a|^2", "phase/pi"):
            table.add_column(col, justify="right" if col != "outcome" else "left")
        rows = sorted(report.amplitudes.items(), key=lambda kv: (-abs(kv[1]), kv[0]))[:MAX_ROWS]
        for k, a in sorted(rows):
            table.add_row(k, f"{a.real:+.6f}{a.imag:+.6f}j", f"{abs(a) ** 2:.6f}",
                          f"{cmath.phase(a) / math.pi:+.4f}")
        parts.append(table)
        _more(parts, report, len(rows), len(report.amplitudes))
    for obs, value in report.expectations:
        parts.append(Text.assemble(("<", "dim"), (obs, "bold"), ("> = ", "dim"), f"{value:.10g}"))
    return Group(*parts)


def _more(parts, report, shown, listed):
    if listed > shown or report.truncated:
        parts.append(Text(f"showing {shown} likeliest outcomes, holding "
                          f"{report.listed_probability:.4%} of the probability"
                          + (" of those listed" if listed > shown else ""), style="dim"))
