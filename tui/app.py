"""The qtool TUI application: a small shell around the editor screen.

`make_app` is the one factory, used by `qtool tui`, `python -m tui`, the tests and the
latency benchmark.
"""

from __future__ import annotations

from pathlib import Path
from textual.app import App
from textual.binding import Binding

from qtool.editor.document import Document
from tui.screens.editor import EditorScreen


class QtoolApp(App):
    CSS_PATH = "app.tcss"
    TITLE = "qtool"
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", priority=True)]

    def __init__(self, document: Document):
        super().__init__()
        self.document = document

    def on_mount(self) -> None:
        self.push_screen(EditorScreen(self.document))

    @property
    def editor(self) -> EditorScreen:
        return next(s for s in self.screen_stack if isinstance(s, EditorScreen))

    async def action_quit(self) -> None:
        """Quit, asking first when there are unsaved changes (from any screen)."""
        from tui.screens.confirm import ConfirmScreen

        editors = [s for s in self.screen_stack if isinstance(s, EditorScreen)]
        if not editors:
            self.exit()
        elif not isinstance(self.screen, ConfirmScreen):  # not while a question is open
            editors[0].request_quit()


def make_app(path: str | Path | None = None, qubits: int = 3,
             recovery_folder: Path | None = None) -> QtoolApp:
    """The app on `path` (an OpenQASM file; a new one is created on save if it does not
    exist yet) or on an empty circuit of `qubits` qubits.

    Raises QtoolError (QasmError with line and column) for a file that does not parse.
    """
    if path is not None and Path(path).exists():
        document = Document.open(path, recovery_folder=recovery_folder)
    else:
        document = Document.new(qubits, recovery_folder=recovery_folder)
        if path is not None:
            document.path = Path(path)
    return QtoolApp(document)
