"""A question with a few answers (Save / Discard / Cancel); dismisses with the answer's id.

The focused button is the default, and it is always the safe answer (the one that neither
writes nor throws away anything) unless the caller names another: a stray Enter never
overwrites a file. Left/right (and tab) move the focus between the buttons; the question
wraps, so all of it is visible in an 80-column terminal.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class ConfirmScreen(ModalScreen[str]):
    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    ConfirmScreen > Vertical { width: 72; max-width: 100%; height: auto; border: thick $warning; background: $surface; padding: 1 2; }
    ConfirmScreen #question { width: 100%; height: auto; }
    ConfirmScreen Horizontal { height: auto; margin-top: 1; align-horizontal: right; }
    ConfirmScreen Button { margin-left: 1; }
    """
    BINDINGS = [Binding("escape", "dismiss('cancel')", "cancel"),
                Binding("left,up", "move(-1)", "previous answer", show=False),
                Binding("right,down", "move(1)", "next answer", show=False)]

    def __init__(self, question: str, answers: list[tuple[str, str]], default: str = "cancel"):
        """`answers`: (id, label) pairs; the screen dismisses with the id chosen. `default`
        (focused first) must be an id of `answers`; "cancel", the safe one, unless named."""
        super().__init__()
        self.question, self.answers = question, answers
        ids = [key for key, _ in answers]
        if default not in ids:
            raise ValueError(f"default answer {default!r} is not one of {ids}")
        self.default = default

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.question, id="question", markup=False)
            with Horizontal():
                for key, label in self.answers:
                    variant = "primary" if key == self.default else "default"
                    yield Button(label, id=f"answer-{key}", variant=variant)

    def on_mount(self) -> None:
        self.query_one(f"#answer-{self.default}", Button).focus()

    @property
    def focused_answer(self) -> str | None:
        focused = self.focused
        return focused.id.removeprefix("answer-") if isinstance(focused, Button) else None

    def action_move(self, step: int) -> None:
        """Focus the next/previous button (it stops at the ends: no wrap to a risky one)."""
        buttons = list(self.query(Button))
        current = buttons.index(self.focused) if self.focused in buttons else 0
        buttons[max(0, min(len(buttons) - 1, current + step))].focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id.removeprefix("answer-"))
