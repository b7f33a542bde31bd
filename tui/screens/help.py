"""The help screen: every key binding, read from the bindings themselves so it never drifts."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

INTRO = """[b]qtool tui[/b]: edit a circuit on the grid, watch the state update (computed on qsim).
The displays show the state [b]after the cursor's column[/b] (Quirk's inline displays).
Multi-qubit gates: press the gate key on the first qubit, move to the next and press Enter.
Click a cell to move the cursor there; click a palette button to place that gate.
ctrl+p opens the command palette (open, save, export state, insert algorithm, compile, KetGPT)."""


MOUSE = [("mouse", "click a cell", "move the cursor there (or choose that qubit while placing)"),
         ("mouse", "drag a gate", "move it to the cell where the button is released"),
         ("mouse", "click a palette button", "place that gate at the cursor"),
         ("mouse", "scroll", "scroll the grid; qubit names and column numbers stay put")]
KEY_NAMES = {"question_mark": "?"}


def binding_rows(groups: list[tuple[str, list]]) -> list[tuple[str, str, str]]:
    """(where, keys, what) for every binding with a description, then the mouse actions."""
    rows = []
    for where, bindings in groups:
        for b in bindings:
            if isinstance(b, Binding) and b.description:
                keys = ", ".join(KEY_NAMES.get(k.strip(), k.strip()) for k in b.key.split(","))
                rows.append((where, keys, b.description))
    return rows + MOUSE


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 100; max-width: 100%; height: 90%; border: thick $accent; background: $surface; }
    HelpScreen DataTable { height: auto; max-height: 1000; }  /* all rows: the container scrolls */
    """
    BINDINGS = [Binding("escape,q,f1,question_mark", "dismiss", "close help")]

    def __init__(self, groups: list[tuple[str, list]]):
        super().__init__()
        self.rows = binding_rows(groups)

    def compose(self) -> ComposeResult:
        # The scroll container has the focus (arrows, page keys, home/end scroll it); the
        # table has no cursor of its own, which would scroll the view to itself on focus.
        with VerticalScroll(id="help-scroll"):
            yield Static(INTRO, id="help-intro")
            table = DataTable(id="help-keys", cursor_type="none", zebra_stripes=True)
            table.can_focus = False
            yield table

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("where", "keys", "action")
        for row in self.rows:
            table.add_row(*row)
        scroll = self.query_one(VerticalScroll)
        scroll.focus()
        scroll.scroll_home(animate=False)
