"""Pure helpers of the TUI widgets."""

from hypothesis import given, strategies as st

from tui.widgets.grid_lines import CELL, GUTTER, HEADER, GridView, build_strips, cell_at
from tui.widgets.qasm_pane import _location, changed_span
from qtool.editor.model import Grid, Op

TEXT = st.text(alphabet="ab\n;", max_size=40)


@given(TEXT, TEXT)
def test_changed_span_rebuilds_the_new_text(old, new):
    start, old_end, new_end = changed_span(old, new)
    assert old[:start] + new[start:new_end] + old[old_end:] == new


@given(TEXT, st.data())
def test_location_counts_rows_and_columns(text, data):
    offset = data.draw(st.integers(0, len(text)))
    row, col = _location(text, offset)
    lines = text.split("\n")
    assert sum(len(l) + 1 for l in lines[:row]) + col == offset and col <= len(lines[row])


def test_grid_drawing_of_gates_controls_and_lines():
    grid = (Grid(3).place(Op("H", (0,)), 0).place(Op("CX", (0, 2)), 1)
            .place(Op("Z", (1,), controls=(0,)), 2).place(Op("measure", (2,), key="c_2"), 3))
    lines = [s.text for s in build_strips(GridView(grid, cursor=(0, 4)))]
    assert lines[1].startswith("q0") and "┤ H ├" in lines[1]
    assert lines[1][GUTTER + CELL + 3] == "●" and lines[5][GUTTER + CELL + 3] == "⊕"
    assert lines[3][GUTTER + CELL + 3] == "┼"  # the CX line crosses q1
    assert lines[2][GUTTER + CELL + 3] == "│" and lines[4][GUTTER + CELL + 3] == "│"
    assert lines[3][GUTTER + 2 * CELL:GUTTER + 3 * CELL] == "─┤ Z ├─"
    assert lines[5][GUTTER + 3 * CELL:GUTTER + 4 * CELL] == "─┤ M ├─"
    assert len(lines) == HEADER + 2 * 3


def test_cell_at_accounts_for_scroll_gutter_and_header():
    assert cell_at(2, 5) is None and cell_at(GUTTER + 1, 0) is None
    assert cell_at(GUTTER, HEADER) == (0, 0)
    assert cell_at(GUTTER + CELL, HEADER + 3, scroll_x=2 * CELL, scroll_y=2) == (2, 3)
