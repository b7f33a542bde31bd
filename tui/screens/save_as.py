"""Save as: a file name and the OpenQASM version; dismisses with (path, version) or None."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static


class SaveAsScreen(ModalScreen[tuple[str, int] | None]):
    DEFAULT_CSS = """
    SaveAsScreen { align: center middle; }
    SaveAsScreen > Vertical { width: 72; height: auto; border: thick $accent; background: $surface; padding: 1 2; }
    SaveAsScreen RadioSet { layout: horizontal; height: auto; }
    SaveAsScreen Horizontal { height: auto; align-horizontal: right; }
    SaveAsScreen #save-error { color: $error; height: auto; }
    """
    BINDINGS = [Binding("escape", "dismiss(None)", "cancel")]

    def __init__(self, path: str = "", version: int = 2):
        super().__init__()
        self.path, self.version = path, version

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Save as (OpenQASM file):")
            yield Input(self.path, id="save-path", placeholder="circuit.qasm")
            with RadioSet(id="save-version"):
                yield RadioButton("OpenQASM 2.0", value=self.version == 2, id="v2")
                yield RadioButton("OpenQASM 3.0", value=self.version == 3, id="v3")
            yield Static("", id="save-error", markup=False)
            with Horizontal():
                yield Button("Save", id="save-ok", variant="primary")
                yield Button("Cancel", id="save-cancel")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def _submit(self) -> None:
        path = self.query_one(Input).value.strip()
        error = self.query_one("#save-error", Static)
        if not path:
            error.update("type a file name")
            return
        folder = Path(path).expanduser().parent
        if not folder.is_dir():
            error.update(f"folder {folder} does not exist")
            return
        version = 3 if self.query_one("#v3", RadioButton).value else 2
        self.dismiss((str(Path(path).expanduser()), version))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save-ok":
            self._submit()
        else:
            self.dismiss(None)
