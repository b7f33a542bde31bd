"""Per-qubit view of the inspected state: marginal P(1), Bloch vector, and entanglement with
the rest of the register (purity and von Neumann entropy of the reduced state)."""

from __future__ import annotations

from textual.widgets import DataTable

from qtool.inspect.analysis import QubitInfo


class QubitTable(DataTable):
    DEFAULT_CSS = "QubitTable { height: 1fr; }"

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.add_columns("qubit", "P(1)", "bar", "Bloch x", "y", "z", "purity", "entropy")

    def show(self, infos: list[QubitInfo]) -> None:
        self.clear()
        for q, info in enumerate(infos):
            bar = "█" * round(info.p1 * 10) + "·" * (10 - round(info.p1 * 10))
            self.add_row(f"q{q}", f"{info.p1:.4f}", bar, f"{info.x:+.3f}", f"{info.y:+.3f}",
                         f"{info.z:+.3f}", f"{info.purity:.3f}", f"{info.entropy:.3f}")
