"""The editor's header: Textual's Header, whose title updates repaint instead of relayouting
the screen (the title line is one row whatever it says; the file name gains and loses its
` *` on every edit that changes whether it is modified), and whose sub-title is set without
repainting the whole screen."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Header
from textual.widgets._header import HeaderClockSpace, HeaderIcon, HeaderTitle


class _Title(HeaderTitle):
    def update(self, content="", *, layout: bool = True) -> None:
        super().update(content, layout=False)


class TitleBar(Header):
    def set_sub_title(self, text: str) -> None:
        """The app's sub-title, repainting this line only: App.sub_title is a repaint
        reactive of the app, which repaints the whole screen (a full update per edit)."""
        from textual.app import App

        if self.app.sub_title == text:
            return
        self.app.set_reactive(App.sub_title, text)  # no watchers, no screen refresh
        self.query_one(HeaderTitle).update(self.format_title())

    def compose(self) -> ComposeResult:
        yield HeaderIcon().data_bind(Header.icon)
        yield _Title()
        yield HeaderClockSpace()
