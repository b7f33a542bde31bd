"""Resizing a scrolling widget's content without relayouting the whole screen.

Textual's `virtual_size` is a layout reactive: setting it re-arranges every widget of the
screen and repaints all of them (about 60 ms on the editor screen, most of an edit's
latency). A line-API widget whose content grew or shrank only needs its scrollbars updated
and itself repainted, unless a scrollbar appears or goes (that still relayouts, since it
changes the widget's content region).
"""

from __future__ import annotations

from textual.geometry import Size
from textual.widget import Widget


def set_virtual_size(widget: Widget, size: Size) -> None:
    if size == widget.virtual_size:
        return
    if not widget.is_mounted or not widget.container_size:
        widget.virtual_size = size  # before the first layout: the ordinary path
        return
    widget.set_reactive(Widget.virtual_size, size)
    widget._scroll_update(size)  # scrollbar ranges; a scrollbar shown or hidden relayouts
    widget.refresh()
