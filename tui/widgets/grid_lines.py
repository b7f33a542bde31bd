"""Lays the circuit grid out as terminal lines (presentation only, no widget state).

Each qubit takes two lines: its wire, and the gap below it where vertical lines of
multi-qubit gates pass. Each column is CELL characters wide; a gutter on the left names the
qubits and a header line numbers the columns. One extra column past the end is where new
gates are appended.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from qtool.editor.gates import CATALOG
from qtool.editor.model import Grid, Op
from qtool.editor.selection import Block

GUTTER = 5
CELL = 7
HEADER = 1

WIRE = Style(color="grey62")
GAP = Style()
GATE = Style(color="white", bgcolor="dark_blue", bold=True)
DOT = Style(color="bright_white", bold=True)
MEASURE = Style(color="black", bgcolor="yellow", bold=True)
RAW = Style(color="white", bgcolor="purple4", bold=True)
BARRIER = Style(color="grey50")
LABEL = Style(color="cyan", bold=True)
NUMBER = Style(color="grey50")
CURSOR = Style(reverse=True, bold=True)
SELECTED = Style(bgcolor="dark_green")
PICKED = Style(bgcolor="dark_orange3")
INSPECT = Style(color="bright_yellow", bold=True)


@dataclass(frozen=True)
class GridView:
    """What the grid widget draws: handed down by the screen after every change."""

    grid: Grid
    cursor: tuple[int, int] = (0, 0)
    selection: Block | None = None
    picked: tuple[int, ...] = ()
    pick_column: int | None = None
    moving: bool = False


def _cell_mark(op: Op, row: int) -> tuple[str, Style]:
    """The 7-character drawing of `op` on `row` (a row it acts on or one its line crosses)."""
    if row not in op.rows:
        return "───┼───", DOT if op.name != "barrier" else BARRIER
    if op.name == "barrier":
        return "───░───", BARRIER
    if row in op.controls:
        return "───●───", DOT
    spec = CATALOG.get(op.name)
    if op.raw is None and spec is not None and spec.symbols:
        return f"───{spec.symbols[op.qubits.index(row)]}───", DOT
    label = op.label if op.raw is not None else (spec.label if spec else op.name)
    style = RAW if op.raw is not None else (MEASURE if op.name == "measure" else GATE)
    return f"─┤{label[:3]:^3}├─", style


def _split(text: str, style: Style) -> list[Segment]:
    """Wire characters keep the wire colour; the box in the middle takes the gate style."""
    if text.startswith("─┤"):
        return [Segment("─", WIRE), Segment(text[1:-1], style), Segment("─", WIRE)]
    return [Segment(text[:3], WIRE if style is not BARRIER else BARRIER),
            Segment(text[3], style), Segment(text[4:], WIRE if style is not BARRIER else BARRIER)]


def build_strips(view: GridView) -> list[Strip]:
    grid = view.grid
    n, width = grid.num_qubits, grid.width + 1
    wires: list[list[list[Segment]]] = [[[Segment("───────", WIRE)] for _ in range(width)] for _ in range(n)]
    gaps: list[list[list[Segment]]] = [[[Segment(" " * CELL, GAP)] for _ in range(width)] for _ in range(n)]
    for c, column in enumerate(grid.columns):
        for op in column:
            low, high = op.span
            for r in range(low, high + 1):
                wires[r][c] = _split(*_cell_mark(op, r))
                if r < high:
                    mark = "░" if op.name == "barrier" else "│"
                    style = BARRIER if op.name == "barrier" else DOT
                    gaps[r][c] = [Segment("   ", GAP), Segment(mark, style), Segment("   ", GAP)]
    _overlay(view, wires, gaps)
    strips = [_header(width, view)]
    length = GUTTER + CELL * width
    for r in range(n):
        label = f"q{r}"
        strips.append(Strip([Segment(f"{label:<{GUTTER - 1}} ", LABEL)] +
                            [s for cell in wires[r] for s in cell], length))
        strips.append(Strip([Segment(" " * GUTTER, GAP)] + [s for cell in gaps[r] for s in cell],
                            length))
    return strips


def _overlay(view: GridView, wires, gaps) -> None:
    """Selection, picked qubits and the cursor, drawn over the gates."""
    def paint(cell, style):
        return [Segment(seg.text, seg.style + style) for seg in cell]

    n, width = len(wires), len(wires[0]) if wires else 0
    b = view.selection
    if b is not None:
        for r in range(b.top, min(b.bottom, n - 1) + 1):
            for c in range(b.left, min(b.right, width - 1) + 1):
                wires[r][c] = paint(wires[r][c], SELECTED)
                if r < b.bottom:
                    gaps[r][c] = paint(gaps[r][c], SELECTED)
    if view.pick_column is not None and view.pick_column < width:
        for r in view.picked:
            if r < n:
                wires[r][view.pick_column] = paint(wires[r][view.pick_column], PICKED)
    row, col = view.cursor
    if row < n and col < width:
        wires[row][col] = paint(wires[row][col], CURSOR)


def _header(width: int, view: GridView) -> Strip:
    segments = [Segment(" " * GUTTER, GAP)]
    for c in range(width):
        style = INSPECT if c == view.cursor[1] else NUMBER
        text = f"{c:^{CELL}}" if c < width - 1 else f"{'+':^{CELL}}"
        segments.append(Segment(text, style))
    return Strip(segments, GUTTER + CELL * width)


def size_of(grid: Grid) -> tuple[int, int]:
    return GUTTER + CELL * (grid.width + 1), HEADER + 2 * grid.num_qubits


def cell_at(x: int, y: int, scroll_x: int = 0, scroll_y: int = 0) -> tuple[int, int] | None:
    """(row, column) under viewport point (x, y), or None on the gutter or the header.

    The gutter and the header stay put while the body scrolls (see CircuitGrid.render_line).
    """
    if x < GUTTER or y < HEADER:
        return None
    return (y - HEADER + scroll_y) // 2, (x - GUTTER + scroll_x) // CELL
