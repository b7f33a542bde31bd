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
        rows = list(report.probabilities.items())[:MAX_ROWS]  # likeliest first already
        parts.append(histogram_table(((k, v, f"{v:.6f}") for k, v in rows),
                                     title="probabilities, likeliest first"))
        _more(parts, report, sum(v for _, v in rows), len(rows), len(report.probabilities))
    elif report.mode == "state":
        table = Table(title="amplitudes, likeliest first", box=None)
        for col in ("outcome", "amplitude", "|a|^2", "phase/pi"):
            table.add_column(col, justify="right" if col != "outcome" else "left")
        rows = list(report.amplitudes.items())[:MAX_ROWS]  # likeliest first already
        for k, a in rows:
            table.add_row(k, f"{a.real:+.6f}{a.imag:+.6f}j", f"{abs(a) ** 2:.6f}",
                          f"{cmath.phase(a) / math.pi:+.4f}")
        parts.append(table)
        _more(parts, report, sum(abs(a) ** 2 for _, a in rows), len(rows), len(report.amplitudes))
    for obs, est in report.expectations:
        if est.stderr is None and est.trajectories is None:
            parts.append(Text.assemble(("<", "dim"), (obs, "bold"), ("> = ", "dim"), f"{est.value:.10g}"))
        else:
            spread = f" ± {est.stderr:.2g}" if est.stderr is not None else ""
            parts.append(Text.assemble(("<", "dim"), (obs, "bold"), ("> = ", "dim"),
                                       f"{est.value:.6g}{spread}",
                                       (f"  (mean ± standard error over {est.trajectories} "
                                        "trajectories)", "dim")))
    return Group(*parts)


def _more(parts, report, shown_probability, shown, listed):
    """Say how many outcomes are not shown and how much probability they hold."""
    hidden = listed - shown + report.unlisted
    if hidden > 0:
        rest = max(0.0, 1.0 - shown_probability)
        parts.append(Text(f"{hidden} more outcome{'s' if hidden != 1 else ''} not listed, "
                          f"holding {rest:.4%} of the probability"
                          + (" (use --json or --csv for the rest of the listing)"
                             if listed > shown else ""), style="dim"))


def report_csv(report) -> str:
    """`--format csv`: one row per listed outcome, then what the rows leave out and the
    expectation values as `#` comment lines, so a CSV reader that skips comments reads
    only the table."""
    rows: list[str] = []
    if report.mode == "counts":
        rows.append("bitstring,count")
        rows += [f"{k},{v}" for k, v in report.counts.items()]
    elif report.mode == "probabilities":
        rows.append("bitstring,probability")
        rows += [f"{k},{v:.12g}" for k, v in report.probabilities.items()]
    elif report.mode == "state":
        rows.append("bitstring,re,im,probability")
        rows += [f"{k},{v.real:.9g},{v.imag:.9g},{abs(v) ** 2:.9g}"
                 for k, v in report.amplitudes.items()]
    else:  # the expectation values alone: they are the table
        rows.append("observable,value")
        rows += [f"{_csv_field(obs)},{est.value:.12g}" for obs, est in report.expectations]
        return "".join(f"{row}\n" for row in rows)
    if report.mode != "counts" and report.unlisted:
        rows.append(f"# {report.unlisted} outcomes not listed, total probability "
                    f"{max(0.0, 1.0 - report.listed_probability):.12g}")
    for obs, est in report.expectations:
        if est.trajectories is None:
            rows.append(f"# <{obs}> = {est.value:.12g}")
        else:
            err = "" if est.stderr is None else f" +- {est.stderr:.6g}"
            rows.append(f"# <{obs}> = {est.value:.12g}{err} ({est.trajectories} trajectories)")
    return "".join(f"{row}\n" for row in rows)


def _csv_field(text: str) -> str:
    return '"' + text.replace('"', '""') + '"' if any(c in text for c in ',"\n') else text
