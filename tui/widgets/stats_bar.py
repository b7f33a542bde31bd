"""One line of circuit statistics: qubits, depth, gate counts, two-qubit gates."""

from __future__ import annotations

from textual.widgets import Static

from qtool.analysis.metrics import CircuitMetrics
from qtool.editor.stats import summary


class StatsBar(Static):
    DEFAULT_CSS = "StatsBar { height: 1; background: $panel; color: $text; padding: 0 1; }"

    def __init__(self, content: str = "", **kw):
        super().__init__(content, markup=False, **kw)  # gate names and file names, not markup

    def show(self, metrics: CircuitMetrics, inspected: str) -> None:
        self.update(f"{summary(metrics)} | {inspected}", layout=False)  # one fixed line
