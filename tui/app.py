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

    def on_ready(self) -> None:
        """After the first frame, move every object alive now (cirq, qsim, textual, numpy:
        most of the heap) out of the collector's reach. Full collections scanning them took
        150-230 ms at 16 qubits, the outliers of edit latency; afterwards they scan only
        what editing creates (about 10 ms). Once per process: a test session starts many
        apps, and freezing each one's objects would keep them alive for good."""
        freeze_startup_heap()

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


_FROZEN = False


def freeze_startup_heap() -> None:
    import gc

    global _FROZEN
    if not _FROZEN:
        gc.collect()  # what start-up left as garbage goes first, not into the frozen set
        gc.freeze()
        _FROZEN = True


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
