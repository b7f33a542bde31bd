"""One line of circuit statistics: qubits, depth, gate counts, two-qubit gates."""

from __future__ import annotations

from textual.widgets import Static

from qtool.editor.stats import GridStats


class StatsBar(Static):
    DEFAULT_CSS = "StatsBar { height: 1; background: $panel; color: $text; padding: 0 1; }"

    def show(self, stats: GridStats, inspected: str) -> None:
        self.update(f"{stats.summary()} | {inspected}", layout=False)  # one fixed line
