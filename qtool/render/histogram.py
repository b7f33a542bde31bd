"""Horizontal bar histograms as rich Tables (the CLI prints them; the TUI shows them)."""

from __future__ import annotations

from typing import Iterable

from rich.table import Table
from rich.text import Text

_BLOCKS = " ▏▎▍▌▋▊▉█"


def bar(fraction: float, width: int) -> str:
    """A bar `fraction` (0..1) of `width` cells long, with eighth-cell resolution."""
    fraction = min(max(fraction, 0.0), 1.0)
    eighths = round(fraction * width * 8)
    full, part = divmod(eighths, 8)
    return "█" * full + (_BLOCKS[part] if part else "")


def histogram_table(rows: Iterable[tuple[str, float, str]], *, title: str | None = None,
                    label: str = "outcome", value: str = "probability", bar_width: int = 40,
                    marks: dict[str, str] | None = None) -> Table:
    """A table of (label, fraction for the bar, value text) rows, longest bar = full width.

    `marks` adds a note after a row's bar (the QPE command marks each estimator's pick).
    """
    rows = list(rows)
    top = max((r[1] for r in rows), default=0.0) or 1.0
    table = Table(title=title, box=None, pad_edge=False, show_edge=False)
    table.add_column(label, style="bold cyan", no_wrap=True)
    table.add_column(value, justify="right", no_wrap=True)
    table.add_column("", no_wrap=True)
    for name, fraction, text in rows:
        cell = Text(bar(fraction / top, bar_width), style="green")
        if marks and name in marks:
            cell.append(f" ◀ {marks[name]}", style="bold yellow")
        table.add_row(name, text, cell)
    return table
