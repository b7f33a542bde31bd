"""The circuit grid: draws a GridView, turns keys and clicks into Edit messages.

It owns no circuit: the screen hands a GridView down (`show`) and routes the `Edit`
messages this widget posts up to the editing session ("attributes down, messages up").
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.widgets.quiet import set_virtual_size
from tui.widgets.grid_lines import (GUTTER, HEADER, GridView, build_window, cell_at,
                                    gutter_strips, layout_of, size_of)


def _gate(key: str, name: str, description: str) -> Binding:
    return Binding(key, f"edit('place', '{name}')", description, show=False)


class CircuitGrid(ScrollView, can_focus=True):
    """One row per qubit, one column per moment; the cursor picks cells and the inspected column."""

    DEFAULT_CSS = """
    CircuitGrid { background: $surface; }
    CircuitGrid:focus { background: $surface-lighten-1; }
    """

    BINDINGS = [
        Binding("up,k", "edit('move', -1, 0)", "cursor up", show=False),
        Binding("down,j", "edit('move', 1, 0)", "cursor down", show=False),
        Binding("left,h", "edit('move', 0, -1)", "cursor left", show=False),
        Binding("right,l", "edit('move', 0, 1)", "cursor right", show=False),
        Binding("home", "edit('move', 0, -100000)", "first column", show=False),
        Binding("end", "edit('move', 0, 100000)", "last column", show=False),
        Binding("shift+up", "edit('extend', -1, 0)", "grow selection up", show=False),
        Binding("shift+down", "edit('extend', 1, 0)", "grow selection down", show=False),
        Binding("shift+left", "edit('extend', 0, -1)", "grow selection left", show=False),
        Binding("shift+right", "edit('extend', 0, 1)", "grow selection right", show=False),
        _gate("H", "H", "Hadamard"), _gate("X", "X", "Pauli X"), _gate("Y", "Y", "Pauli Y"),
        _gate("Z", "Z", "Pauli Z"), _gate("S", "S", "S"), _gate("D", "Sdg", "S dagger"),
        _gate("T", "T", "T"), _gate("F", "Tdg", "T dagger"), _gate("V", "SX", "sqrt(X)"),
        _gate("1", "Rx", "Rx (angle prompt)"), _gate("2", "Ry", "Ry (angle prompt)"),
        _gate("3", "Rz", "Rz (angle prompt)"), _gate("P", "P", "phase P (angle prompt)"),
        _gate("C", "CX", "CX: then choose the target"), _gate("K", "CZ", "CZ: then choose the 2nd qubit"),
        _gate("W", "SWAP", "SWAP: then choose the 2nd qubit"),
        _gate("O", "CCX", "Toffoli: then choose 2 more qubits"),
        _gate("M", "measure", "measure"), _gate("0", "reset", "reset"),
        _gate("B", "barrier", "barrier (all qubits or the selection)"),
        Binding("N", "edit('make_gate')", "name the selection as one custom gate", show=False),
        Binding("g", "edit('display')", "place a display (probability, amplitude, bloch, density, chance)", show=False),
        Binding("c", "edit('control')", "add a control to the gate", show=False),
        Binding("exclamation_mark", "edit('postselect')", "post-select the qubit on |1> (again: |0>)", show=False),
        Binding("a", "edit('anti')", "control on |0> (anti-control) / on |1>", show=False),
        Binding("enter,space", "edit('confirm')", "choose qubit / drop / edit angle", show=False),
        Binding("escape", "edit('cancel')", "cancel pick, move or selection", show=False),
        Binding("x,delete,backspace", "edit('delete')", "delete gate or selection", show=False),
        Binding("m", "edit('move_mode')", "move the gate (arrows, Enter)", show=False),
        Binding("v", "edit('select')", "start/stop block selection", show=False),
        Binding("y,ctrl+c", "edit('copy')", "copy", show=False),
        Binding("ctrl+x", "edit('cut')", "cut", show=False),
        Binding("p,ctrl+v", "edit('paste')", "paste", show=False),
        Binding("i", "edit('insert_column')", "insert a column (moment)", show=False),
        Binding("d", "edit('delete_column')", "delete the column", show=False),
        Binding("o", "edit('insert_qubit')", "insert a qubit", show=False),
        Binding("A", "edit('append_qubit')", "add a qubit at the bottom", show=False),
        Binding("e", "edit('delete_qubit')", "delete the qubit (erase row)", show=False),
        Binding("u,ctrl+z", "edit('undo')", "undo", show=False),
        Binding("ctrl+r,ctrl+y", "edit('redo')", "redo", show=False),
    ]

    @dataclass
    class Edit(Message):
        """A key asked for an edit or a cursor move: `command` is a Session method name."""

        command: str
        args: tuple

    @dataclass
    class Clicked(Message):
        row: int
        column: int

    @dataclass
    class Dragged(Message):
        """A gate dragged with the mouse from one cell to another."""

        source: tuple[int, int]
        target: tuple[int, int]

    def __init__(self, *, id: str | None = None):
        super().__init__(id=id)
        self._view: GridView | None = None
        self._gutter: list[Strip] = []
        self._window: tuple[tuple[int, int], list[Strip]] | None = None  # (first, last) columns
        self._press: tuple[int, int] | None = None  # a gate under a mouse button
        self._lines: dict[tuple, Strip] = {}  # (row, scroll x, width, style) -> strip

    def show(self, view: GridView) -> None:
        """Draw `view` and keep the cursor visible."""
        self._view = view
        self._gutter = gutter_strips(view)
        self._window = None
        self._lines.clear()
        width, height = size_of(view.grid)
        set_virtual_size(self, Size(width, height))  # no relayout of the whole screen
        self.refresh()
        row, col = view.cursor
        # Body coordinates, widened by the fixed gutter and header so the cell lands in the
        # part of the viewport they do not cover.
        layout = layout_of(view.grid)
        col = min(col, len(layout.widths) - 1)
        # On the last qubit the bit row under it comes into view too: a condition's register
        # would otherwise sit one line below the viewport at 80x24 with a few qubits.
        below = layout.classical if row == view.grid.num_qubits - 1 else 0
        region = Region(layout.offsets[col], 2 * row, layout.widths[col] + GUTTER, 2 + HEADER + below)
        self.scroll_to_region(region, animate=False, spacing=None, force=True)

    @property
    def view(self) -> GridView | None:
        return self._view

    def _window_for(self, scroll_x: int, width: int) -> tuple[int, list[Strip]]:
        """Body lines of the columns in view (built once per view and scroll position)."""
        layout = layout_of(self._view.grid)
        first = min(layout.column_at(scroll_x), len(layout.widths) - 1)
        last = layout.column_at(scroll_x + max(0, width - GUTTER)) + 1
        if self._window is None or self._window[0] != (first, last):
            self._window = ((first, last), build_window(self._view, first, last))
        return first, self._window[1]

    def render_line(self, y: int) -> Strip:
        """The qubit gutter and the column header stay fixed; the body scrolls under them."""
        scroll_x, scroll_y = self.scroll_offset
        width = self.size.width
        style = self.rich_style  # changes with focus, so it is part of the key
        index = y if y < HEADER else y + scroll_y
        key = (index, scroll_x, width, style)
        line = self._lines.get(key)
        if line is None:
            if self._view is None or index >= len(self._gutter):
                line = Strip.blank(width, style)
            else:
                first, window = self._window_for(scroll_x, width)
                offset = scroll_x - layout_of(self._view.grid).offsets[first]
                body = window[index].crop_extend(offset, offset + max(0, width - GUTTER), style)
                line = Strip.join([self._gutter[index].crop_extend(0, GUTTER, style), body])
                line = line.crop_extend(0, width, style).apply_style(style)
            self._lines[key] = line
        return line

    def action_edit(self, command: str, first=None, second=None) -> None:
        # Textual passes action arguments by position and drops a *args tail, hence two slots.
        args = tuple(a for a in (first, second) if a is not None)
        self.post_message(self.Edit(command, args))

    def _cell(self, event) -> tuple[int, int] | None:
        """The (row, column) under a mouse event; columns past the end mean the end one."""
        offset = event.get_content_offset(self)
        if offset is None or self._view is None:
            return None
        scroll_x, scroll_y = self.scroll_offset
        cell = cell_at(offset.x, offset.y, scroll_x, scroll_y, layout_of(self._view.grid))
        if cell is None or cell[0] >= self._view.grid.num_qubits:
            return None
        return cell[0], min(cell[1], self._view.grid.width)

    def on_mouse_down(self, event) -> None:
        cell = self._cell(event)
        view = self._view
        self._press = cell if cell and view and view.grid.op_at(*cell) is not None else None

    def on_mouse_up(self, event) -> None:
        source, self._press = self._press, None
        target = self._cell(event)
        if source is not None and target is not None and target != source:
            self.post_message(self.Dragged(source, target))

    def on_click(self, event) -> None:
        cell = self._cell(event)
        if cell is not None:
            self.focus()
            self.post_message(self.Clicked(*cell))
