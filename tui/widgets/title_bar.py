"""The editor's header: Textual's Header, whose title updates repaint instead of relayouting
the screen (the title line is one row whatever it says; the file name gains and loses its
` *` on every edit that changes whether it is modified)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Header
from textual.widgets._header import HeaderClockSpace, HeaderIcon, HeaderTitle


class _Title(HeaderTitle):
    def update(self, content="", *, layout: bool = True) -> None:
        super().update(content, layout=False)


class TitleBar(Header):
    def compose(self) -> ComposeResult:
        yield HeaderIcon().data_bind(Header.icon)
        yield _Title()
        yield HeaderClockSpace()
