"""Rendering of circuit statistics for `qtool info` (and the TUI's stats)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # rich is imported on first use: it costs ~0.1 s of every `qtool info`
    from rich.console import Group


def render_metrics(m, names: list[str], source: str) -> Group:
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    summary = Table(box=None, show_header=False, title=source, title_justify="left")
    summary.add_column(style="bold")
    summary.add_column(justify="right")
    for label, value in [
        ("qubits", m.qubits), ("clbits", m.clbits), ("operations", m.operations),
        ("depth", m.depth), ("2q depth", m.two_qubit_depth), ("1q gates", m.one_qubit),
        ("2q gates", m.two_qubit), ("3q+ gates", m.multi_qubit), ("T-count", m.t_count),
        ("measurements", m.measurements), ("resets", m.resets), ("conditionals", m.conditionals),
    ]:
        summary.add_row(label, str(value))
    gates = Table(box=None, title="gate counts", title_justify="left")
    gates.add_column("gate", style="cyan")
    gates.add_column("count", justify="right")
    for name, count in m.gate_counts.items():
        gates.add_row(name, str(count))
    edges = Text("interaction graph: ", style="bold")
    if m.interaction_edges:
        shown = m.interaction_edges[:40]
        edges.append(", ".join(f"{names[a]}-{names[b]} ({c})" for a, b, c in shown))
        if len(m.interaction_edges) > len(shown):
            edges.append(f", ... {len(m.interaction_edges) - len(shown)} more")
    else:
        edges.append("no multi-qubit gates")
    degree = Text("degree: ", style="bold")
    degree.append(", ".join(f"{names[i]}={d}" for i, d in enumerate(m.degree[:64])))
    return Group(summary, Text(""), gates, Text(""), edges, degree)
