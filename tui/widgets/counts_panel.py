"""Sampled measurement counts for circuits that measure: shots and seed are inputs."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Input, Label, Static


class CountsPanel(Vertical):
    DEFAULT_CSS = """
    CountsPanel > Horizontal { height: 1; }
    CountsPanel Input { width: 12; height: 1; border: none; padding: 0; }
    """

    @dataclass
    class SettingsChanged(Message):
        shots: int
        seed: int | None

    def __init__(self, shots: int = 1000, seed: int | None = 0, **kw):
        super().__init__(**kw)
        self.shots, self.seed = shots, seed
        self._message: str | None = "the circuit has no measurements"  # None: counts shown

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Label("shots: ")
            yield Input(str(self.shots), id="shots", type="integer", compact=True)
            yield Label("  seed: ")
            yield Input("" if self.seed is None else str(self.seed), id="seed",
                        placeholder="random", compact=True)
        with VerticalScroll():
            yield Static("the circuit has no measurements", id="counts", markup=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            shots = int(self.query_one("#shots", Input).value)
            seed_text = self.query_one("#seed", Input).value.strip()
            seed = int(seed_text) if seed_text else None
        except ValueError:
            self.notify("shots and seed must be whole numbers", severity="error")
            return
        if not 1 <= shots <= 10_000_000:
            self.notify("shots must be between 1 and 10000000", severity="error")
            return
        self.shots, self.seed = shots, seed
        self.post_message(self.SettingsChanged(shots, seed))

    def show(self, keys: list[str], counts: Counter) -> None:
        out = self.query_one("#counts", Static)
        if not keys:
            self.show_message("the circuit has no measurements")
            return
        total = sum(counts.values()) or 1
        text = Text(f"{total} shots, seed {self.seed}; bits: {' '.join(keys)} (first key leftmost)\n",
                    style="bold")
        for bits, n in counts.most_common(32):
            text.append(f"{bits} ", style="cyan")
            text.append("█" * round(30 * n / total), style="green")
            text.append(f" {n}\n")
        if len(counts) > 32:
            text.append(f"({len(counts)} distinct outcomes, top 32 shown)", style="dim")
        self._message = None
        out.update(text)

    def show_message(self, message: str) -> None:
        if message == self._message:
            return  # unchanged: a Static update would relayout the screen
        self._message = message
        self.query_one("#counts", Static).update(message)
