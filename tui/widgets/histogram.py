"""Probability histogram of the inspected state: one bar per outcome, most probable first
(F7 toggles index order, |00..0> first), outcomes of probability 0 left out (a line says how
many are not shown). It scrolls, so every listed outcome can be read in a small terminal."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

BAR = 40


class Histogram(VerticalScroll):
    DEFAULT_CSS = """
    Histogram { height: 1fr; padding: 0 1; }
    Histogram > #histogram-text { height: auto; }
    """

    def __init__(self, **kw):
        super().__init__(**kw)
        self.rows: list[tuple[str, float]] = []
        self.plain = "waiting for the first simulation..."
        self.order = "probability"  # or "index"
        self._last = None           # the arguments of the last show(), redrawn on a toggle

    def compose(self) -> ComposeResult:
        yield Static(self.plain, id="histogram-text", markup=False)

    def toggle_order(self) -> str:
        """Probability order <-> index order; redraws the last result. Returns the new order."""
        self.order = "index" if self.order == "probability" else "probability"
        if self._last is not None:
            self.show(*self._last)
        return self.order

    def update(self, message) -> None:
        """Show a message instead of bars (waiting, an error, 'press F5')."""
        self._last = None
        self.rows = []
        self.plain = str(message)
        self.query_one("#histogram-text", Static).update(message)

    def show(self, rows: list[tuple[str, float]], title: str, total: int, support: int) -> None:
        """`rows`: (bitstring, p) by decreasing p; `total` outcomes (2**n), `support` of
        them with probability above 0."""
        self._last = (rows, title, total, support)
        if self.order == "index":
            rows = sorted(rows)  # equal-length bitstrings: lexicographic is index order
        self.rows = rows
        text = Text(f"{title} (by {self.order}; F7: by "
                    f"{'index' if self.order == 'probability' else 'probability'})\n", style="bold")
        width = max(4, max((len(b) for b, _ in rows), default=0))
        for bits, p in rows:
            full, eighths = divmod(min(BAR * 8, round(p * BAR * 8)), 8)  # 0.49999997 -> 20 cells
            partial = " ▏▎▍▌▋▊▉"[eighths]
            text.append(f"{bits:>{width}} ", style="cyan")
            text.append(f"{p:7.4f} " if p >= 1e-3 else f"{p:7.1e} ")  # never a bare 0.0000
            text.append("█" * full + partial.strip() + "\n", style="green")
        hidden = total - len(rows)
        if hidden:
            why = [f"{total - support} with probability 0"] if total > support else []
            if support > len(rows):
                why.append(f"{support - len(rows)} below the top {len(rows)}")
            text.append(f"{hidden} of {total} outcomes not shown: {', '.join(why)}", style="dim")
        self.plain = text.plain
        self.query_one("#histogram-text", Static).update(text)
