"""Lays the circuit grid out as terminal lines (presentation only, no widget state).

Each qubit takes two lines: its wire, and the gap below it where vertical lines of
multi-qubit gates pass. A column is CELL characters wide, or wider when a box in it says
more (`Ry π/4`, `X if c==1`: qtool.editor.describe.box_label); a gutter on the left names
the qubits and a header line numbers the columns. One extra column past the end is where
new gates are appended.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from qtool.editor.describe import box_label, condition_bits, user_gate
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
DISPLAY = Style(color="black", bgcolor="green3", bold=True)
BITS = Style(color="grey50")
BIT_MARK = Style(color="yellow", bold=True)


@dataclass(frozen=True)
class GridView:
    """What the grid widget draws: handed down by the screen after every change."""

    grid: Grid
    cursor: tuple[int, int] = (0, 0)
    selection: Block | None = None
    picked: tuple[int, ...] = ()
    pick_column: int | None = None
    moving: bool = False
    readouts: dict = field(default_factory=dict, compare=False)  # (column, row) -> a live value in the box


@dataclass(frozen=True)
class Layout:
    """Column widths and start offsets of a grid (the extra "+" column included)."""

    widths: tuple[int, ...]
    offsets: tuple[int, ...]   # offsets[c]: where column c starts; offsets[-1]: the total
    labels: dict              # id(op) -> its box label
    classical: bool = False   # some op waits on a classical bit: the grid draws a bit row

    def column_at(self, x: int) -> int:
        """The column under body x (past the end: the "+" column, or beyond)."""
        if x >= self.offsets[-1]:
            return len(self.widths) - 1 + (x - self.offsets[-1]) // CELL + 1
        return bisect_right(self.offsets, x) - 1


_LAST: list = [None, None]  # (grid, its Layout): cursor moves reuse the layout


def layout_of(grid: Grid) -> Layout:
    if _LAST[0] is grid:
        return _LAST[1]
    cregs = dict(grid.cregs)
    # An edit changes a few ops and shares the rest with the grid before it (ops are
    # immutable), so their labels are reused: the previous grid is still alive here, so an
    # id in its labels is one of its ops, never a new op's.
    before = _LAST[1].labels if _LAST[0] is not None and _LAST[0].cregs == grid.cregs else {}
    labels, widths, classical = {}, [], False
    for column in grid.columns:
        width = CELL
        for op in column:
            classical = classical or _conditioned(op)
            if _boxed(op):
                label = before.get(id(op))
                if label is None:
                    label = box_label(op, cregs)
                labels[id(op)] = label
                width = max(width, len(label) + 4)
        widths.append(width)
    widths.append(CELL)
    offsets = [0]
    for w in widths:
        offsets.append(offsets[-1] + w)
    layout = Layout(tuple(widths), tuple(offsets), labels, classical)
    _LAST[:] = [grid, layout]
    return layout


def _conditioned(op: Op) -> bool:
    return op.raw is not None and bool(getattr(op.raw, "classical_controls", None))


def _registers(op: Op) -> str:
    """The classical registers a conditioned op reads, as the bit row names them."""
    names = []
    for key in condition_bits(op.raw):
        reg = key.rsplit("_", 1)[0] if key.rsplit("_", 1)[-1].isdigit() else key
        if reg not in names:
            names.append(reg)
    return ",".join(names)


def _boxed(op: Op) -> bool:
    spec = CATALOG.get(op.name)
    return op.name != "barrier" and not (op.raw is None and spec is not None and spec.symbols)


def _centre(mark: str, width: int, fill: str = "─") -> str:
    left = (width - 1) // 2
    return fill * left + mark + fill * (width - 1 - left)


def _cell_mark(op: Op, row: int, width: int = CELL, label: str | None = None) -> tuple[str, Style]:
    """The `width`-character drawing of `op` on `row` (a row it acts on or one its line crosses)."""
    if row not in op.rows:
        return _centre("┼", width), DOT if op.name != "barrier" else BARRIER
    if op.name == "barrier":
        return _centre("░", width), BARRIER
    if row in op.controls:
        return _centre("○" if row in op.anti else "●", width), DOT
    spec = CATALOG.get(op.name)
    if op.raw is None and spec is not None and spec.symbols:
        return _centre(spec.symbols[op.qubits.index(row)], width), DOT
    if label is None:
        label = box_label(op)
    if row != op.qubits[0] and len(op.qubits) > 1 and user_gate(op) is not None:
        label = f"#{op.qubits.index(row) + 1}"  # a named box's other qubits, by argument
    style = RAW if op.raw is not None else (MEASURE if op.name == "measure" else
                                            DISPLAY if op.name in ("display", "postselect") else GATE)
    inner = width - 4
    return f"─┤{label[:inner]:^{inner}}├─", style


def _split(text: str, style: Style) -> list[Segment]:
    """Wire characters keep the wire colour; the box in the middle takes the gate style."""
    if text.startswith("─┤"):
        return [Segment("─", WIRE), Segment(text[1:-1], style), Segment("─", WIRE)]
    mid = (len(text) - 1) // 2
    wire = WIRE if style is not BARRIER else BARRIER
    return [Segment(text[:mid], wire), Segment(text[mid], style), Segment(text[mid + 1:], wire)]


def build_window(view: GridView, first: int, last: int) -> list[Strip]:
    """The body lines (header, then wire and gap per qubit) of columns [first, last) only:
    a screen shows a few dozen columns of a circuit that may have thousands."""
    grid = view.grid
    layout = layout_of(grid)
    n = grid.num_qubits
    last = min(last, grid.width + 1)
    widths = [layout.widths[c] for c in range(first, last)]
    wires = [[[Segment("─" * w, WIRE)] for w in widths] for _ in range(n)]
    gaps = [[[Segment(" " * w, GAP)] for w in widths] for _ in range(n)]
    for c in range(first, min(last, grid.width)):
        w = layout.widths[c]
        for op in grid.columns[c]:
            low, high = op.span
            label = layout.labels.get(id(op))
            for r in range(low, high + 1):
                shown = view.readouts.get((c, r), label) if view.readouts else label
                wires[r][c - first] = _split(*_cell_mark(op, r, w, shown))
                if r < high:
                    mark = "░" if op.name == "barrier" else "│"
                    style = BARRIER if op.name == "barrier" else DOT
                    left = (w - 1) // 2
                    gaps[r][c - first] = [Segment(" " * left, GAP), Segment(mark, style),
                                          Segment(" " * (w - 1 - left), GAP)]
    bits = _classical_row(grid, layout, wires, gaps, first, last) if layout.classical else None
    _overlay(view, wires, gaps, first)
    length = sum(widths)
    strips = [_header(view, first, last, layout)]
    for r in range(n):
        strips.append(Strip([s for cell in wires[r] for s in cell], length))
        strips.append(Strip([s for cell in gaps[r] for s in cell], length))
    if bits is not None:
        strips.append(Strip(bits, length))
    return strips


def _classical_row(grid: Grid, layout: Layout, wires, gaps, first: int, last: int) -> list[Segment]:
    """The bit row under the qubits: each conditioned op's column names the register it
    waits on (`══c══`), joined to the gate by a double line where the cells below it are
    free."""
    n = grid.num_qubits
    row = []
    for c in range(first, last):
        w = layout.widths[c]
        ops = [op for op in grid.columns[c] if _conditioned(op)] if c < grid.width else []
        if not ops:
            row.append(Segment("═" * w, BITS))
            continue
        name = ",".join(dict.fromkeys(_registers(op) for op in ops))[: w - 2]
        left = (w - len(name)) // 2
        row.extend([Segment("═" * left, BITS), Segment(name, BIT_MARK),
                    Segment("═" * (w - left - len(name)), BITS)])
        low = max(op.span[1] for op in ops)
        below = [r for r in range(low + 1, n) if grid.op_covering(r, c) is not None]
        if below:
            continue  # another gate sits under it: the name on the bit row says it
        mid = (w - 1) // 2
        for r in range(low, n):
            gaps[r][c - first] = [Segment(" " * mid, GAP), Segment("║", BIT_MARK),
                                  Segment(" " * (w - 1 - mid), GAP)]
            if r > low:
                wires[r][c - first] = [Segment("─" * mid, WIRE), Segment("╫", BIT_MARK),
                                       Segment("─" * (w - 1 - mid), WIRE)]
    return row


def gutter_strips(view: GridView) -> list[Strip]:
    """The fixed left column: qubit names on wire lines, blanks elsewhere."""
    blank = Strip([Segment(" " * GUTTER, GAP)], GUTTER)
    strips = [blank]
    for r in range(view.grid.num_qubits):
        strips.append(Strip([Segment(f"{f'q{r}':<{GUTTER - 1}} ", LABEL)], GUTTER))
        strips.append(blank)
    if layout_of(view.grid).classical:
        strips.append(Strip([Segment(f"{'bits':<{GUTTER - 1}} ", NUMBER)], GUTTER))
    return strips


def build_strips(view: GridView) -> list[Strip]:
    """The whole grid, gutter included (for plain-text views and tests)."""
    body = build_window(view, 0, view.grid.width + 1)
    return [Strip.join([g, b]) for g, b in zip(gutter_strips(view), body)]


def _overlay(view: GridView, wires, gaps, first: int) -> None:
    """Selection, picked qubits and the cursor, drawn over the gates of the window."""
    def paint(cell, style):
        return [Segment(seg.text, seg.style + style) for seg in cell]

    n, span = len(wires), len(wires[0]) if wires else 0
    inside = range(first, first + span)
    b = view.selection
    if b is not None:
        for r in range(b.top, min(b.bottom, n - 1) + 1):
            for c in range(max(b.left, first), min(b.right, first + span - 1) + 1):
                wires[r][c - first] = paint(wires[r][c - first], SELECTED)
                if r < b.bottom:
                    gaps[r][c - first] = paint(gaps[r][c - first], SELECTED)
    if view.pick_column in inside:
        for r in view.picked:
            if r < n:
                wires[r][view.pick_column - first] = paint(wires[r][view.pick_column - first], PICKED)
    row, col = view.cursor
    if row < n and col in inside:
        wires[row][col - first] = paint(wires[row][col - first], CURSOR)


def _header(view: GridView, first: int, last: int, layout: Layout) -> Strip:
    end = view.grid.width  # the last column is the "+" one past the end
    segments = []
    for c in range(first, last):
        w = layout.widths[c]
        style = INSPECT if c == view.cursor[1] else NUMBER
        text = f"{c:^{w}}" if c < end else f"{'+':^{w}}"
        segments.append(Segment(text, style))
    return Strip(segments, sum(layout.widths[first:last]))


def size_of(grid: Grid) -> tuple[int, int]:
    layout = layout_of(grid)
    return GUTTER + layout.offsets[-1], HEADER + 2 * grid.num_qubits + layout.classical


def cell_at(x: int, y: int, scroll_x: int = 0, scroll_y: int = 0,
            layout: Layout | None = None) -> tuple[int, int] | None:
    """(row, column) under viewport point (x, y), or None on the gutter or the header;
    `layout` the grid's column widths (default: every column CELL wide).

    The gutter and the header stay put while the body scrolls (see CircuitGrid.render_line).
    """
    if x < GUTTER or y < HEADER:
        return None
    body_x = x - GUTTER + scroll_x
    column = layout.column_at(body_x) if layout is not None else body_x // CELL
    return (y - HEADER + scroll_y) // 2, column
