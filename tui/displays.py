"""The TUI's display tabs, one registry: each entry names a display (computed by
qtool.inspect.displays, on demand), its tab label, the widget that shows it and how the
widget is filled from an Inspection. The editor screen builds its tabs, the F4 order and the
refresh of the visible tab from this list alone.

The counts tab is the one display not computed from the state: the sampler fills it
(`inspected` False).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from textual.widget import Widget

from qtool.inspect import Inspection
from tui.widgets.amplitude_table import AmplitudeTable
from tui.widgets.counts_panel import CountsPanel
from tui.widgets.histogram import Histogram
from tui.widgets.placed_panel import PlacedPanel
from tui.widgets.qubit_table import QubitTable


@dataclass(frozen=True)
class TabDisplay:
    name: str                                  # the qtool.inspect display (and the tab id's tail)
    label: str
    widget: Callable[[], Widget]               # builds the tab's widget
    fill: Callable[[Widget, Inspection], None] | None  # None: filled by the sampler, not the state
    needs: tuple[str, ...] = ()                # the qtool.inspect displays `fill` reads

    @property
    def tab_id(self) -> str:
        return f"tab-{self.name}"

    @property
    def inspected(self) -> bool:
        return self.fill is not None


def _fill_histogram(widget: Histogram, result: Inspection) -> None:
    title = (("initial state" if result.column < 0 else f"state after column {result.column}")
             + "".join(f"; {n}" for n in result.notes))
    widget.show(result.display("histogram"), title, 2 ** result.num_qubits, result.display("support"))


TAB_DISPLAYS: tuple[TabDisplay, ...] = (
    TabDisplay("histogram", "Histogram", lambda: Histogram(id="histogram"), _fill_histogram,
               ("histogram", "support")),
    TabDisplay("amplitudes", "Amplitudes", lambda: AmplitudeTable(id="amplitudes-panel"),
               lambda w, r: w.show(r.display("amplitudes")), ("amplitudes",)),
    TabDisplay("qubits", "Qubits (Bloch, entanglement)", lambda: QubitTable(id="qubits"),
               lambda w, r: w.show(r.display("qubits")), ("qubits",)),
    TabDisplay("counts", "Counts", lambda: CountsPanel(id="counts-panel"), None),
    TabDisplay("placed", "In circuit", lambda: PlacedPanel(id="placed"),
               lambda w, r: w.show(r.display("placed")), ("placed",)),
)
BY_TAB_ID = {d.tab_id: d for d in TAB_DISPLAYS}
