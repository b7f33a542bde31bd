"""A question with a few answers (Save / Discard / Cancel); dismisses with the answer's id."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label


class ConfirmScreen(ModalScreen[str]):
    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    ConfirmScreen > Vertical { width: 64; height: auto; border: thick $warning; background: $surface; padding: 1 2; }
    ConfirmScreen Horizontal { height: auto; margin-top: 1; align-horizontal: right; }
    ConfirmScreen Button { margin-left: 1; }
    """
    BINDINGS = [Binding("escape", "dismiss('cancel')", "cancel")]

    def __init__(self, question: str, answers: list[tuple[str, str]], default: str | None = None):
        """`answers`: (id, label) pairs; the screen dismisses with the id chosen."""
        super().__init__()
        self.question, self.answers = question, answers
        self.default = default or answers[0][0]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.question, id="question")
            with Horizontal():
                for key, label in self.answers:
                    variant = "primary" if key == self.default else "default"
                    yield Button(label, id=f"answer-{key}", variant=variant)

    def on_mount(self) -> None:
        self.query_one(f"#answer-{self.default}", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id.removeprefix("answer-"))
