"""Amplitude table of the inspected state: bitstring, amplitude, magnitude, phase, with a
top-K filter the user sets."""

from __future__ import annotations

import cmath
import math
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import DataTable, Input, Label


class AmplitudeTable(Vertical):
    DEFAULT_CSS = """
    AmplitudeTable > Horizontal { height: 1; }
    AmplitudeTable Input { width: 10; height: 1; border: none; padding: 0; }
    AmplitudeTable DataTable { height: 1fr; }
    """

    @dataclass
    class LimitChanged(Message):
        top_k: int

    def __init__(self, top_k: int = 16, **kw):
        super().__init__(**kw)
        self.top_k = top_k

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Label("top K: ")
            yield Input(str(self.top_k), id="top-k", type="integer", compact=True)
        yield DataTable(id="amplitudes", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns("state", "amplitude", "|a|", "phase/pi", "prob")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            value = int(event.value)
        except ValueError:
            value = 0
        if value < 1:
            self.notify("top K must be a whole number of at least 1", severity="error")
            return
        self.top_k = value
        self.post_message(self.LimitChanged(value))

    def show(self, amplitudes: list[tuple[str, complex]]) -> None:
        table = self.query_one(DataTable)
        table.clear()
        for bits, amp in amplitudes:
            mag = abs(amp)
            phase = cmath.phase(amp) / math.pi if mag > 1e-12 else 0.0
            table.add_row(f"|{bits}>", f"{amp.real:+.4f}{amp.imag:+.4f}i", f"{mag:.4f}",
                          f"{phase:+.3f}", f"{mag * mag:.4f}")
