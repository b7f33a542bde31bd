"""The QASM pane: the circuit's OpenQASM, editable. Text the user types is parsed after a
short pause; a parse error is shown under the text with its line and column, and the grid
keeps the last good circuit."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.geometry import Size
from textual.widgets import Static, TextArea

from tui.widgets.quiet import set_virtual_size

DEBOUNCE = 0.25  # seconds of quiet typing before the text is parsed


class QasmText(TextArea):
    """The pane's TextArea: a grid edit that adds a line repaints it without relayouting
    the screen (TextArea sets its virtual size through the layout reactive)."""

    def _refresh_size(self) -> None:
        if self.soft_wrap:
            super()._refresh_size()
            return
        width, height = self.document.get_size(self.indent_width)
        set_virtual_size(self, Size(width + self.gutter_width + 1, height))
        self._refresh_scrollbars()


class QasmPane(Vertical):
    DEFAULT_CSS = """
    QasmPane TextArea { height: 1fr; }
    QasmPane #qasm-error { height: auto; max-height: 4; color: $error; padding: 0 1; }
    QasmPane #qasm-error.-ok { color: $success; }
    """

    @dataclass
    class Edited(Message):
        """The user changed the text (after the debounce)."""

        text: str

    def __init__(self, **kw):
        super().__init__(**kw)
        self._synced = ""
        self._timer = None
        self.error_message = ""

    def compose(self) -> ComposeResult:
        yield QasmText("", id="qasm-text", show_line_numbers=True, tab_behavior="focus",
                       soft_wrap=False)
        yield Static("", id="qasm-error", classes="-ok", markup=False)

    @property
    def text_area(self) -> TextArea:
        return self.query_one(TextArea)

    @property
    def text(self) -> str:
        return self.text_area.text

    @property
    def typed(self) -> bool:
        """The user changed the text since it was last synced or parsed."""
        return self._timer is not None or self.text_area.text != self._synced

    def set_text(self, text: str) -> None:
        """Show the circuit's QASM (from a grid edit); does not count as a user edit."""
        if text == self.text_area.text:
            self._synced = text
            return
        self._synced = text
        area = self.text_area
        # Replace only the span that differs: a grid edit usually changes one line, and
        # re-loading a long document on every edit is slow.
        old = area.text
        row, column = area.cursor_location
        start, old_end, new_end = changed_span(old, text)
        area.replace(text[start:new_end], _location(old, start), _location(old, old_end),
                     maintain_selection_offset=False)
        if area.text != text:  # never expected; keep the pane right regardless
            area.load_text(text)
        row = min(row, area.document.line_count - 1)  # the cursor stays where it was
        area.cursor_location = (row, min(column, len(area.document.get_line(row))))
        self.show_error(None)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        if event.text_area.text == self._synced:
            return
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DEBOUNCE, self._emit)

    def _emit(self) -> None:
        self._timer = None
        text = self.text_area.text
        if text != self._synced:
            self._synced = text
            self.post_message(self.Edited(text))

    def flush(self) -> None:
        """Parse pending typing now (before save, for example)."""
        if self._timer is not None:
            self._timer.stop()
            self._emit()

    def show_error(self, error) -> None:
        """`error`: a QasmError (line, column, message) or None when the text parsed."""
        label = self.query_one("#qasm-error", Static)
        if error is None:
            if not self.error_message and label.has_class("-ok"):
                return  # already clear: updating the Static would relayout the screen
            self.error_message = ""
            label.set_class(True, "-ok")
            label.update("")
            return
        label.set_class(False, "-ok")
        line = getattr(error, "line", None)
        column = getattr(error, "column", None)
        message = getattr(error, "message", str(error))
        where = f"line {line}, column {column}: " if line is not None else ""
        self.error_message = f"✗ {where}{message} (the grid keeps the last good circuit)"
        label.update(self.error_message)


def changed_span(old: str, new: str) -> tuple[int, int, int]:
    """(start, end in old, end in new) of the one span where `old` and `new` differ."""
    limit = min(len(old), len(new))
    start = 0
    while start < limit and old[start] == new[start]:
        start += 1
    tail = 0
    while tail < limit - start and old[len(old) - 1 - tail] == new[len(new) - 1 - tail]:
        tail += 1
    return start, len(old) - tail, len(new) - tail


def _location(text: str, offset: int) -> tuple[int, int]:
    """(row, column) of a character offset, as TextArea counts them."""
    row = text.count("\n", 0, offset)
    return row, offset - (text.rfind("\n", 0, offset) + 1)
