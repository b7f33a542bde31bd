"""The status line: what the last action did, or what the current mode expects next."""

from __future__ import annotations

from textual.widgets import Static


class StatusLine(Static):
    DEFAULT_CSS = """
    StatusLine { height: 1; padding: 0 1; color: $text-muted; }
    StatusLine.-error { color: $error; text-style: bold; }
    """

    message = ""  # the text shown (tests read it)

    def __init__(self, content: str = "", **kw):
        super().__init__(content, markup=False, **kw)  # messages quote user text: q[0], [SEED]

    def say(self, message: str, error: bool = False) -> None:
        self.set_class(error, "-error")
        self.update(message, layout=False)  # one fixed line: no relayout
        self.message = message
