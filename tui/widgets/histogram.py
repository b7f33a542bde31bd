"""Probability histogram of the inspected state: one bar per outcome, most probable first
(F7 toggles index order, |00..0> first), outcomes of probability 0 left out (a line says how
many are not shown). It scrolls, so every listed outcome can be read in a small terminal.

A line-API widget: it draws only the rows in view, and a new result repaints it without
relayouting the screen (a Static of 256 wrapped lines cost most of an edit's latency).
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.widgets.quiet import set_virtual_size

BAR = 40
TITLE = Style(bold=True)
BITS = Style(color="cyan")
FILL = Style(color="green")
DIM = Style(dim=True)


def bar(p: float) -> str:
    """A bar of BAR cells for probability p, in eighths of a cell."""
    full, eighths = divmod(min(BAR * 8, round(p * BAR * 8)), 8)  # 0.49999997 -> 20 cells
    return "█" * full + " ▏▎▍▌▋▊▉"[eighths].strip()


def number(p: float) -> str:
    return f"{p:7.4f}" if p >= 1e-3 else f"{p:7.1e}"  # never a bare 0.0000


class Histogram(ScrollView, can_focus=True):
    DEFAULT_CSS = "Histogram { height: 1fr; padding: 0 1; }"

    def __init__(self, **kw):
        super().__init__(**kw)
        self.rows: list[tuple[str, float]] = []
        self.order = "probability"  # or "index"
        self._last = None           # the arguments of the last show(), redrawn on a toggle
        self._lines: list[list[Segment]] = []
        self._set_lines([[Segment("waiting for the first simulation...")]])

    @property
    def plain(self) -> str:
        """The text shown, one line per row (tests read it)."""
        return "\n".join("".join(s.text for s in line) for line in self._lines)

    def _set_lines(self, lines: list[list[Segment]]) -> None:
        self._lines = lines
        width = max((sum(len(s.text) for s in line) for line in lines), default=0)
        set_virtual_size(self, Size(width, len(lines)))
        self.refresh()

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = y + scroll_y
        width = self.size.width
        if index >= len(self._lines):
            return Strip.blank(width, self.rich_style)
        strip = Strip(self._lines[index])
        return strip.crop_extend(scroll_x, scroll_x + width, self.rich_style).apply_style(self.rich_style)

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
        self._set_lines([[Segment(line)] for line in str(message).splitlines() or [""]])

    def show(self, rows: list[tuple[str, float]], title: str, total: int, support: int) -> None:
        """`rows`: (bitstring, p) by decreasing p; `total` outcomes (2**n), `support` of
        them with probability above 0."""
        self._last = (rows, title, total, support)
        if self.order == "index":
            rows = sorted(rows)  # equal-length bitstrings: lexicographic is index order
        self.rows = rows
        other = "index" if self.order == "probability" else "probability"
        lines = [[Segment(f"{title} (by {self.order}; F7: by {other})", TITLE)]]
        width = max(4, max((len(b) for b, _ in rows), default=0))
        for bits, p in rows:
            lines.append([Segment(f"{bits:>{width}} ", BITS), Segment(number(p) + " "),
                          Segment(bar(p), FILL)])
        hidden = total - len(rows)
        if hidden:
            why = [f"{total - support} with probability 0"] if total > support else []
            if support > len(rows):
                why.append(f"{support - len(rows)} below the top {len(rows)}")
            lines.append([Segment(f"{hidden} of {total} outcomes not shown: {', '.join(why)}", DIM)])
        self._set_lines(lines)
