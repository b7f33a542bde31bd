"""The editor screen: the grid, the QASM pane and the live displays around one Session.

Edits arrive as messages (CircuitGrid.Edit, QasmPane.Edited, GatePalette.Picked); each one
goes to the Session (qtool.editor), then `refresh_views` hands the new state down to the
widgets and starts a simulation worker. Workers are exclusive per group and tagged with a
generation number, so a result for an older edit is dropped, never shown.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, TabbedContent, TabPane
from textual.worker import get_current_worker

from qtool.editor.angles import format_angle, parse_angle
from qtool.editor.describe import op_title
from qtool.editor.document import Document
from qtool.editor.session import Session
from qtool.editor.stats import grid_metrics
from qtool.errors import QasmError, QtoolError
from qtool.inspect import Inspection, measured
from qtool.inspect.inspector import SAMPLING_BUDGET, sampling_cost
from qtool.inspect.remote import CancelledError, shared_inspector
from tui.commands import EditorCommands
from tui.displays import BY_TAB_ID, TAB_DISPLAYS
from tui.parts import problem_of
from tui.screens.files import FileActions
from tui.screens.prompt import PromptScreen
from tui.widgets.amplitude_table import AmplitudeTable
from tui.widgets.circuit_grid import CircuitGrid
from tui.widgets.counts_panel import CountsPanel
from tui.widgets.gate_palette import GatePalette
from tui.widgets.grid_lines import GridView
from tui.widgets.histogram import Histogram
from tui.widgets.placed_panel import box_readouts
from tui.widgets.qasm_pane import QasmPane
from tui.widgets.stats_bar import StatsBar
from tui.widgets.status_line import StatusLine
from tui.widgets.title_bar import TitleBar


SIMULATING = "simulating..."
AUTO_QUBITS = 22  # above this, the displays are recomputed on request (F5), not per edit


class EditorScreen(FileActions, Screen):
    COMMANDS = {EditorCommands}  # Textual's command palette providers (ctrl+p)
    BINDINGS = [
        Binding("ctrl+s", "save", "Save"),
        Binding("ctrl+e", "save_as", "Save as"),
        Binding("ctrl+o", "open", "Open"),
        Binding("f1", "help", "Help"),
        Binding("question_mark", "help", "Help", show=False),
        Binding("f2", "focus_grid", "Grid"),
        Binding("f3", "focus_qasm", "QASM"),
        Binding("f4", "next_display", "Next display"),
        Binding("f5", "simulate", "Simulate now", show=False),
        Binding("f6", "cycle_layout", "Layout", show=False),
        Binding("f7", "histogram_order", "Histogram: by probability / by index", show=False),
    ]
    LAYOUTS = ("split", "grid", "displays")  # F6: grid and displays / grid alone / displays alone
    SHORT_ROWS = 36     # below this height the palette bar goes and the panes share the rows
    NARROW_COLUMNS = 110  # below this width the QASM pane replaces the grid when asked (F3)

    @dataclass
    class Inspected(Message):
        generation: int
        result: Inspection | None
        error: str | None

    @dataclass
    class QasmWritten(Message):
        grid: object
        version: int
        text: str | None
        error: str | None

    @dataclass
    class Measured(Message):
        grid: object
        metrics: object

    @dataclass
    class Sampled(Message):
        generation: int
        keys: list
        counts: Counter
        error: str | None

    def __init__(self, document: Document):
        super().__init__()
        self.session = Session(document)
        self.generation = 0          # bumped on every change the displays must follow
        self.shown_generation = 0    # the generation the displays show
        self.sample_generation = 0
        self.inspection: Inspection | None = None
        self._drawn: dict[str, Inspection] = {}  # tab id -> the result it shows
        self._metrics = None                     # (grid, its metrics)
        self.edited_at = 0.0        # perf_counter of the last edit (latency benchmark)
        self.painted_at = 0.0       # perf_counter once its results were painted
        self.repainted_at = 0.0     # perf_counter once the grid showed the last key
        self._autosave_timer = None
        self._qasm_pending = False  # the QASM pane is behind the grid (written after the repaint)
        self._readouts: tuple = (None, {})  # (grid, the placed displays' values in its boxes)

    @property
    def document(self) -> Document:
        return self.session.document

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield GatePalette(id="palette")
        with Horizontal(id="main"):
            yield CircuitGrid(id="grid")
            yield QasmPane(id="qasm")
        with TabbedContent(id="displays"):
            for display in TAB_DISPLAYS:
                with TabPane(display.label, id=display.tab_id):
                    yield display.widget()
        yield StatusLine("", id="status")
        yield StatsBar("", id="stats")
        yield Footer()

    def on_mount(self) -> None:
        self.layout_mode = "split"
        self._fit(self.app.size)
        shared_inspector().start()  # the simulation process warms up while the screen draws
        self.refresh_views(sync_qasm=True, edited=False)
        self.query_one(CircuitGrid).focus()
        self.offer_recovery()

    # ------------------------------------------------------------------ views
    def grid_view(self) -> GridView:
        s = self.session
        pick = s.pick
        readouts = self._readouts[1] if self._readouts[0] is s.grid else {}
        return GridView(s.grid, s.cursor, s.selection, pick.rows if pick else (),
                        pick.column if pick else None, s.moving, readouts)

    def refresh_views(self, sync_qasm: bool, edited: bool = True) -> None:
        """Hand the session's state down to every widget; start the simulation.

        `edited`: the circuit changed by an edit (so it is autosaved), not by a file load.
        """
        doc = self.document
        self.request_inspection()  # first: qsim runs while the views redraw
        self.query_one(CircuitGrid).show(self.grid_view())
        if sync_qasm:
            # After the repaint: the key's grid shows first, and the text is written while
            # the simulation process works.
            self._qasm_pending = True
            self.call_after_refresh(self._after_repaint)
        self.query_one(TitleBar).set_sub_title(f"{doc.title}{' *' if doc.modified else ''}")
        self.show_stats()
        if edited:
            self.schedule_autosave()

    def _sync_qasm(self) -> None:
        """The QASM pane's text, written in the simulation process (200 gates are ~15 ms of
        Python that the event loop need not spend), shown if the grid is still current."""
        if self._qasm_pending:
            doc = self.document
            self.qasm_worker(doc.grid, doc.qasm_version)

    @work(thread=True, exclusive=True, group="qasm", exit_on_error=False)
    def qasm_worker(self, grid, version: int) -> None:
        worker = get_current_worker()
        try:
            text, error = shared_inspector().qasm(grid, version), None
        except CancelledError:
            return
        except QtoolError as exc:
            text, error = None, str(exc)
        except Exception:  # noqa: BLE001 - the process is gone: write it here
            text, error = None, None
        if not worker.is_cancelled:
            self.post_message(self.QasmWritten(grid, version, text, error))

    def on_editor_screen_qasm_written(self, message: QasmWritten) -> None:
        doc = self.document
        if message.grid is not doc.grid:
            return  # a later edit's text is on its way
        self._qasm_pending = False
        if message.version != doc.qasm_version:
            return  # a save-as in the other version wrote the pane's text since
        if message.error:
            self.say(f"QASM: {message.error}", error=True)
            return
        pane = self.query_one(QasmPane)
        if pane.typed:
            return  # the user typed since: their text wins (it is parsed after the pause)
        try:
            text = doc.qasm() if message.text is None else doc.with_header(message.text)
            pane.set_text(text)
        except QtoolError as exc:
            self.say(f"QASM: {exc}", error=True)

    def show_stats(self) -> None:
        """The stats line; the metrics are computed once per grid, in a worker (a few ms
        per edit at 200 gates, which the key's repaint need not wait for)."""
        grid = self.document.grid
        if self._metrics is not None:
            self.query_one(StatsBar).show(self._metrics[1], self._inspected_label())
        if self._metrics is None or self._metrics[0] is not grid:
            self.metrics_worker(grid)

    @work(thread=True, exclusive=True, group="metrics", exit_on_error=False)
    def metrics_worker(self, grid) -> None:
        """The metrics in the inspector's process: pure Python that would hold the GIL here."""
        worker = get_current_worker()
        try:
            metrics = shared_inspector().metrics(grid)
        except CancelledError:
            return
        except Exception:  # noqa: BLE001 - the process is gone: compute them here
            metrics = grid_metrics(grid)
        if not worker.is_cancelled:
            self.post_message(self.Measured(grid, metrics))

    def on_editor_screen_measured(self, message: Measured) -> None:
        if message.grid is self.document.grid:
            self._metrics = (message.grid, message.metrics)
            self.query_one(StatsBar).show(message.metrics, self._inspected_label())

    def _inspected_label(self) -> str:
        col = self.session.inspect_column
        label = "state: initial" if col < 0 else f"state after column {col}"
        op = self.session.op_at_cursor()
        if op is not None:
            title = op_title(op, dict(self.session.grid.cregs))
            label += f" | cursor: {title} on " + ",".join(f"q{r}" for r in op.rows)
        return label

    def say(self, message: str, error: bool = False) -> None:
        hint = self.session.mode_hint()
        if not hint or error or hint in message:  # placing C already said what comes next
            text = message
        else:
            text = f"{message} | {hint}" if message else hint
        self.query_one(StatusLine).say(text, error)

    # ------------------------------------------------------------------ edits from the grid
    # CircuitGrid.Edit command -> Session method (not `COMMANDS`: that is Textual's palette)
    GRID_EDITS = {"control": "add_control", "anti": "toggle_anti", "postselect": "post_select", "cancel": "cancel", "delete": "delete",
                "move_mode": "toggle_move", "select": "toggle_selection", "copy": "copy",
                "cut": "cut", "paste": "paste", "insert_column": "insert_column",
                "delete_column": "delete_column", "insert_qubit": "insert_qubit",
                "append_qubit": "append_qubit", "delete_qubit": "delete_qubit",
                "undo": "undo", "redo": "redo"}

    def on_circuit_grid_edit(self, message: CircuitGrid.Edit) -> None:
        message.stop()
        command, args = message.command, message.args
        if command == "place":
            self.place(args[0])
        elif command == "display":
            self.ask_display()
        elif command == "make_gate":
            self.action_make_gate()
        elif command == "confirm":
            self.confirm()
        elif command in ("move", "extend"):
            self.run_edit(lambda: self.session.move_cursor(*args, extend=command == "extend"))
        else:
            self.run_edit(getattr(self.session, self.GRID_EDITS[command]))

    def on_circuit_grid_clicked(self, message: CircuitGrid.Clicked) -> None:
        message.stop()
        self.session.set_cursor(message.row, message.column)
        if self.session.pick is not None:
            self.run_edit(self.session.confirm)
        else:
            self.run_edit(lambda: "")

    def on_circuit_grid_dragged(self, message: CircuitGrid.Dragged) -> None:
        message.stop()
        self.run_edit(lambda: self.session.drag(message.source, message.target))

    def on_gate_palette_picked(self, message: GatePalette.Picked) -> None:
        message.stop()
        self.query_one(CircuitGrid).focus()
        self.place(message.gate)

    def run_edit(self, edit) -> None:
        """Run one Session call; refresh what it changed; report errors on the status line."""
        self.edited_at = time.perf_counter()
        before_grid, before_col = self.document.grid, self.session.inspect_column
        try:
            message = edit()
        except QtoolError as exc:  # EditError and bad angles
            self.query_one(CircuitGrid).show(self.grid_view())
            self.say(str(exc), error=True)
            return
        if self.document.grid is not before_grid:
            self.refresh_views(sync_qasm=True)
        else:
            self.query_one(CircuitGrid).show(self.grid_view())
            self.show_stats()
            if self.session.inspect_column != before_col:
                self.request_inspection(sample=False)
        self.say(message or "")
        if not self._qasm_pending:
            self.call_after_refresh(self._after_repaint)

    def _after_repaint(self) -> None:
        """After the refresh that showed a key's grid: the time (latency benchmarks), then
        the QASM pane's text, which that repaint did not wait for."""
        self.repainted_at = time.perf_counter()
        self._sync_qasm()

    def place(self, name: str) -> None:
        if not self.session.needs_angle(name):
            self.run_edit(lambda: self.session.place(name))
            return

        def done(angle: str | None) -> None:
            if angle is not None:
                self.run_edit(lambda: self.session.place(name, angle))

        self.app.push_screen(PromptScreen(f"{name} angle (radians):", "pi/2",
                                          "an expression: pi/4, -3*pi/8, 0.25, 2*pi/3", _angle_problem),
                             done)

    def ask_display(self) -> None:
        """g: which display to place (on the selection's qubits, or the cursor's)."""
        from qtool.editor.placed import KINDS

        def done(kind: str | None) -> None:
            if kind:
                self.run_edit(lambda: self.session.place_display(kind))

        def problem(text: str) -> str | None:
            return None if text.strip().lower() in KINDS else f"one of {', '.join(KINDS)}"

        self.app.push_screen(PromptScreen("Display to place here:", "bloch",
                                          ", ".join(KINDS), problem), done)

    def confirm(self) -> None:
        s = self.session
        found = s.angles_at_cursor()
        if s.pick is None and not s.moving and found is not None:
            name, params = found

            def done(angle: str | None) -> None:
                if angle is not None:
                    self.run_edit(lambda: s.set_angle(angle))

            several = len(params) > 1
            self.app.push_screen(PromptScreen(
                f"{name} {'angles' if several else 'angle'} (radians{', comma separated' if several else ''}):",
                ", ".join(format_angle(p) for p in params),
                "an expression: pi/4, -3*pi/8, 0.25", _angles_problem), done)
            return
        self.run_edit(s.confirm)

    # ------------------------------------------------------------------ edits from the QASM pane
    def on_qasm_pane_edited(self, message: QasmPane.Edited) -> None:
        message.stop()
        pane = self.query_one(QasmPane)
        try:
            grid = self.document.parse_qasm(message.text)
        except QasmError as exc:
            pane.show_error(exc)
            self.say(f"QASM line {exc.line}, column {exc.column}: {exc.message}", error=True)
            return
        except QtoolError as exc:
            pane.show_error(exc)
            self.say(f"QASM: {exc}", error=True)
            return
        pane.show_error(None)
        self.session.replace_grid(grid)
        self.refresh_views(sync_qasm=False)
        self.say("grid updated from the QASM text")

    # ------------------------------------------------------------------ simulation workers
    def request_inspection(self, sample: bool = True, force: bool = False) -> None:
        """Simulate the state at the cursor's column in a worker. Above AUTO_QUBITS the
        simulation takes seconds and qsim holds the GIL while it runs (the UI would freeze
        after every key), so it then runs only when asked (F5)."""
        self.generation += 1
        grid, column = self.session.grid, self.session.inspect_column
        if grid.num_qubits > AUTO_QUBITS and not force:
            self.shown_generation = self.generation
            self.inspection = None
            self._drawn.clear()
            self.query_one(Histogram).update(
                f"{grid.num_qubits} qubits: the displays update when you press F5 "
                f"(automatic up to {AUTO_QUBITS} qubits)")
            return
        top_k = self.query_one(AmplitudeTable).top_k
        needs = self._visible_needs()
        if "placed" not in needs and any(op.name == "display" for _, op in grid.ops()):
            needs += ("placed",)  # the grid's boxes show their values too
        self.inspect_worker(self.generation, grid, column, top_k, needs)
        if sample:
            self.request_sample()

    def action_simulate(self) -> None:
        self.request_inspection(force=True)
        self.say(SIMULATING)

    def request_sample(self, force: bool = False) -> None:
        """Sample in a worker; per-shot simulation of a large circuit only when asked
        (`force`, Enter in the shots field): it would keep the simulator busy for seconds."""
        self.sample_generation += 1
        panel = self.query_one(CountsPanel)
        grid = self.session.grid
        if not measured(grid):
            panel.show([], Counter())
            return
        cost = sampling_cost(grid, panel.shots)
        if cost > SAMPLING_BUDGET and not force:
            panel.show_message(
                f"this circuit needs one simulation per shot (mid-circuit measurement, reset or "
                f"classical control): {panel.shots} shots x 2^{grid.num_qubits} amplitudes. "
                "Press Enter in 'shots' to sample anyway, or lower the shots.")
            return
        panel.show_message("sampling...")
        self.sample_worker(self.sample_generation, grid, panel.shots, panel.seed)

    @work(thread=True, exclusive=True, group="inspect", exit_on_error=False)
    def inspect_worker(self, generation: int, grid, column: int, top_k: int,
                       displays: tuple[str, ...]) -> None:
        """Simulate in the inspector's process (qtool.inspect.remote), with the visible
        displays computed there too; this thread only waits, so the UI never does. The
        hidden ones are computed when their tab is opened."""
        worker = get_current_worker()
        result, error = None, None
        try:
            result = shared_inspector().inspect(grid, column, top_k=top_k, displays=displays)
        except CancelledError:
            return  # a newer edit's request replaced this one before it ran
        except QtoolError as exc:
            error = str(exc)
        except Exception as exc:  # noqa: BLE001 - shown, never crashes the editor
            error = f"simulation failed: {type(exc).__name__}: {exc}"
        if not worker.is_cancelled:
            self.post_message(self.Inspected(generation, result, error))

    @work(thread=True, exclusive=True, group="sample", exit_on_error=False)
    def sample_worker(self, generation: int, grid, shots: int, seed) -> None:
        worker = get_current_worker()
        keys, counts, error = [], Counter(), None
        try:
            keys, counts = shared_inspector().sample(grid, shots, seed=seed)
        except CancelledError:
            return
        except QtoolError as exc:
            error = str(exc)
        except Exception as exc:  # noqa: BLE001
            error = f"sampling failed: {type(exc).__name__}: {exc}"
        if not worker.is_cancelled:
            self.post_message(self.Sampled(generation, keys, counts, error))

    def on_editor_screen_inspected(self, message: Inspected) -> None:
        if message.generation != self.generation:
            return  # an older edit's result: a newer one is on its way
        if message.error:
            self.say(message.error, error=True)
            self.query_one(Histogram).update(message.error)
            return
        result = message.result
        self.inspection = result
        if self.query_one(StatusLine).message == SIMULATING:
            self.say(f"simulated in {result.seconds:.2f} s")
        self.show_placed(result)
        self.show_inspection()
        self.shown_generation = message.generation
        self.call_after_refresh(self._painted)

    def show_placed(self, result: Inspection) -> None:
        """The placed displays' live values in their boxes on the grid."""
        grid = self.session.grid
        values = result.display("placed") if "placed" in result.computed else []
        readouts = box_readouts(values) if values and result.grid == grid else {}
        if readouts or self._readouts[1]:
            self._readouts = (grid, readouts)
            self.query_one(CircuitGrid).show(self.grid_view())

    def show_inspection(self) -> None:
        """Fill the visible display from the latest result; a hidden tab is filled when it
        is opened (so an edit repaints one table, not three)."""
        result = self.inspection
        active = self.query_one(TabbedContent).active
        display = BY_TAB_ID.get(active)
        if result is None or display is None or not display.inspected \
                or self._drawn.get(active) is result:
            return
        if not all(result.has(name) for name in display.needs):
            self.request_inspection(sample=False)  # computed where the state stayed
            return
        self._drawn[active] = result
        display.fill(self.query_one(f"#{active}", TabPane).children[0], result)

    def _visible_needs(self) -> tuple[str, ...]:
        """The qtool.inspect displays the visible tab shows (none for the counts tab)."""
        try:
            display = BY_TAB_ID.get(self.query_one(TabbedContent).active)
        except Exception:  # noqa: BLE001 - before the tabs are mounted
            return ()
        return display.needs if display is not None else ()

    def on_tabbed_content_tab_activated(self, message: TabbedContent.TabActivated) -> None:
        self.show_inspection()

    def _painted(self) -> None:
        self.painted_at = time.perf_counter()

    def on_editor_screen_sampled(self, message: Sampled) -> None:
        if message.generation != self.sample_generation:
            return
        panel = self.query_one(CountsPanel)
        if message.error:
            panel.show_message(message.error)
        else:
            panel.show(message.keys, message.counts)

    def on_amplitude_table_limit_changed(self, message: AmplitudeTable.LimitChanged) -> None:
        self.request_inspection(sample=False)

    def on_counts_panel_settings_changed(self, message: CountsPanel.SettingsChanged) -> None:
        self.request_sample(force=True)

    @property
    def idle(self) -> bool:
        """True when the displays and the QASM pane show the latest edit (tests and the
        benchmark wait on it)."""
        return self.shown_generation == self.generation and not self._qasm_pending

    # ------------------------------------------------------------------ layout, focus and help
    def on_resize(self, event) -> None:
        self._fit(event.size)

    def _fit(self, size) -> None:
        """Adapt to the terminal: classes -short and -narrow switch the rules in app.tcss."""
        self.set_class(size.height < self.SHORT_ROWS, "-short")
        self.set_class(size.width < self.NARROW_COLUMNS, "-narrow")

    def action_cycle_layout(self) -> None:
        modes = self.LAYOUTS
        self.layout_mode = modes[(modes.index(self.layout_mode) + 1) % len(modes)]
        for mode in modes:
            self.set_class(self.layout_mode == mode and mode != "split", f"-layout-{mode}")
        if self.layout_mode != "displays":
            self.query_one(CircuitGrid).focus()
        self.say({"split": "layout: grid and displays", "grid": "layout: the grid alone (F6: next)",
                  "displays": "layout: the displays alone (F6: next)"}[self.layout_mode])

    def action_histogram_order(self) -> None:
        order = self.query_one(Histogram).toggle_order()
        self.say(f"histogram by {order}")

    def action_focus_grid(self) -> None:
        self.remove_class("-qasm-view")
        if self.layout_mode == "displays":
            self.action_cycle_layout()  # back to the grid and displays
        self.query_one(CircuitGrid).focus()

    def action_focus_qasm(self) -> None:
        self.add_class("-qasm-view")  # narrow terminals: the pane takes the grid's place
        if self.layout_mode == "displays":
            self.action_cycle_layout()
        self.query_one(QasmPane).text_area.focus()

    def action_next_display(self) -> None:
        tabs = self.query_one(TabbedContent)
        ids = [d.tab_id for d in TAB_DISPLAYS]
        tabs.active = ids[(ids.index(tabs.active) + 1) % len(ids)] if tabs.active in ids else ids[0]

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen([("grid", CircuitGrid.BINDINGS), ("anywhere", self.BINDINGS),
                                         ("app", self.app.BINDINGS)]))


def _angles_problem(text: str) -> str | None:
    for part in text.split(","):
        problem = _angle_problem(part)
        if problem:
            return problem
    return None


_angle_problem = problem_of(parse_angle)

