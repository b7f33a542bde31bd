"""Probability histogram of the inspected state: one bar per outcome (the top ones for
large states), drawn with block characters so it reads in any terminal."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

BAR = 40


class Histogram(Static):
    DEFAULT_CSS = "Histogram { height: auto; padding: 0 1; }"

    def __init__(self, **kw):
        super().__init__("waiting for the first simulation...", **kw)
        self.rows: list[tuple[str, float]] = []

    def show(self, rows: list[tuple[str, float]], title: str, total: int) -> None:
        self.rows = rows
        text = Text(title + "\n", style="bold")
        shown = [r for r in rows if r[1] > 1e-9] if total > len(rows) else rows
        for bits, p in shown:
            filled = p * BAR
            full = int(filled)
            partial = " ▏▎▍▌▋▊▉"[int((filled - full) * 8)] if full < BAR else ""
            text.append(f"{bits:>{max(4, len(bits))}} ", style="cyan")
            text.append(f"{p:6.4f} ")
            text.append("█" * full + partial.strip() + "\n", style="green")
        if total > len(rows):
            text.append(f"(top {len(shown)} of {total} outcomes)", style="dim")
        lines = text.plain.count("\n")
        self.update(text, layout=lines != getattr(self, "_lines", None))  # relayout only on resize
        self._lines = lines
