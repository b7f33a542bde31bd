"""The gate palette: one compact button per gate, labelled with its key; a click places it."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import HorizontalScroll
from textual.message import Message
from textual.widgets import Button

# (gate, key shown on the button), in palette order; the keys are CircuitGrid's bindings.
PALETTE = [("H", "H"), ("X", "X"), ("Y", "Y"), ("Z", "Z"), ("S", "S"), ("Sdg", "D"),
           ("T", "T"), ("Tdg", "F"), ("SX", "V"), ("Rx", "1"), ("Ry", "2"), ("Rz", "3"),
           ("P", "P"), ("CX", "C"), ("CZ", "K"), ("SWAP", "W"), ("CCX", "O"),
           ("measure", "M"), ("reset", "0"), ("barrier", "B")]


class GatePalette(HorizontalScroll):
    DEFAULT_CSS = """
    GatePalette { height: 1; background: $panel; scrollbar-size: 0 0; }
    GatePalette Button { min-width: 0; margin: 0 1 0 0; }
    """

    @dataclass
    class Picked(Message):
        gate: str

    def compose(self) -> ComposeResult:
        for gate, key in PALETTE:
            label = {"measure": "Meas", "reset": "|0>", "barrier": "Bar"}.get(gate, gate)
            text = label if label == key else f"{label}({key})"
            yield Button(text, id=f"gate-{gate}", compact=True, tooltip=f"{gate} (key {key})")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.Picked(event.button.id.removeprefix("gate-")))
