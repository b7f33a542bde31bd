"""The editor screen's file and palette actions: open, save, save as, quit with unsaved
changes, the autosaved recovery file, state export, and the actions that call other parts of
qtool (insert an algorithm, compile, KetGPT). A mixin of EditorScreen, kept apart so the
screen file holds only editing and display.
"""

from __future__ import annotations

import time
from pathlib import Path

from textual import work
from textual.worker import get_current_worker

from qtool.editor.document import Document
from qtool.errors import QtoolError
from qtool.editor import actions
from qtool.editor.convert import plain_circuit
from tui import parts
from tui.screens.confirm import ConfirmScreen
from tui.screens.prompt import PromptScreen
from tui.screens.save_as import SaveAsScreen
from tui.widgets.title_bar import TitleBar

UNSAVED = [("save", "Save"), ("discard", "Discard changes"), ("cancel", "Cancel")]


class FileActions:
    AUTOSAVE_DELAY = 1.0  # seconds after the last edit before the recovery file is written
    # ------------------------------------------------------------------ save
    def action_save(self) -> None:
        self.query_one("#qasm").flush()
        if self.document.path is None:
            self.action_save_as()
            return
        self.save_to(None, None)

    def action_save_as(self, then=None) -> None:
        doc = self.document
        current = str(doc.path) if doc.path else "circuit.qasm"

        def save(answer) -> None:
            if self.save_to(*answer) and then is not None:
                then()

        def done(answer) -> None:
            if answer is None:
                return
            target = Path(answer[0])
            if target.exists() and (doc.path is None or target.resolve() != doc.path.resolve()):
                self.app.push_screen(ConfirmScreen(
                    f"{target.name} already exists in {target.parent}. Overwrite it?",
                    [("overwrite", "Overwrite"), ("cancel", "Cancel")]),
                    lambda choice: save(answer) if choice == "overwrite" else None)
                return
            save(answer)

        self.app.push_screen(SaveAsScreen(current, doc.qasm_version), done)

    def save_to(self, path: str | None, version: int | None) -> bool:
        try:
            saved = self.document.save(path, version)
        except QtoolError as exc:
            self.say(f"not saved: {exc}", error=True)
            return False
        except OSError as exc:
            self.say(f"not saved: {exc.strerror or exc}", error=True)
            return False
        self.query_one(TitleBar).set_sub_title(self.document.title)
        pane = self.query_one("#qasm")
        pane_error = pane.error_message
        if not pane_error:  # the text now says what the file says (OPENQASM 3.0 after save-as 3)
            pane.set_text(self.document.qasm())
        if pane_error:
            self.say(f"saved {saved} from the grid; the QASM text was not: {pane_error}", error=True)
        else:
            self.say(f"saved {saved} (OpenQASM {self.document.qasm_version})")
        return True

    def save_then(self, then) -> None:
        """Save (asking for a name if there is none), then run `then` if it worked."""
        if self.document.path is None:
            self.action_save_as(then)
        elif self.save_to(None, None):
            then()

    # ------------------------------------------------------------------ open and quit
    def ask_unsaved(self, verb: str, then) -> None:
        """Run `then` now, or after Save / Discard when there are unsaved changes."""
        pane = self.query_one("#qasm")
        pane.flush()
        if not self.document.modified and not pane.error_message:
            then()
            return
        what = ("has unsaved changes" if self.document.modified
                else "has QASM text that does not parse (it would be lost)")

        def answered(answer: str) -> None:
            if answer == "save":
                self.save_then(then)
            elif answer == "discard":
                self.document.discard_recovery()
                then()

        self.app.push_screen(ConfirmScreen(
            f"{self.document.title} {what}. Save before you {verb}?", UNSAVED), answered)

    def request_quit(self) -> None:
        def leave() -> None:
            if not self.document.modified:
                self.document.discard_recovery()
            self.app.exit()

        self.ask_unsaved("quit", leave)

    def action_open(self) -> None:
        def ask_path() -> None:
            self.app.push_screen(PromptScreen("Open OpenQASM file:", "", "a .qasm file (OpenQASM 2 or 3)",
                                              _file_problem), self.open_path)

        self.ask_unsaved("open another file", ask_path)

    def open_path(self, path: str | None) -> None:
        if not path:
            return
        try:
            document = Document.open(Path(path).expanduser(),
                                     recovery_folder=self.document.recovery_folder)
        except QtoolError as exc:
            self.say(str(exc).splitlines()[0], error=True)
            return
        self.session.replace_document(document)
        self.refresh_views(sync_qasm=True, edited=False)
        self.say(f"opened {document.path}")
        self.offer_recovery()

    # ------------------------------------------------------------------ recovery
    def schedule_autosave(self) -> None:
        if self._autosave_timer is not None:
            self._autosave_timer.stop()
        self._autosave_timer = self.set_timer(self.AUTOSAVE_DELAY, self.autosave)

    def autosave(self) -> None:
        self._autosave_timer = None
        self.autosave_worker(self.document)

    @work(thread=True, exclusive=True, group="autosave", exit_on_error=False)
    def autosave_worker(self, document: Document) -> None:
        """Write the recovery file off the UI thread: its fsync can take a while."""
        try:
            document.autosave()
        except (QtoolError, OSError) as exc:
            self.app.call_from_thread(self.say, f"autosave failed: {exc}", True)

    def offer_recovery(self, skipped: int = 0) -> None:
        """Ask about each earlier session's autosaved text, newest first. Recover and Discard
        move on to the next one; Later (the default) keeps every file for the next start."""
        pending = self.document.earlier_recoveries()[skipped:]
        if not pending:
            return
        found = pending[0]
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(found.mtime))
        more = f" ({len(pending) - 1} more after this one)" if len(pending) > 1 else ""

        def answered(answer: str) -> None:
            if answer == "recover":
                try:
                    self.document.take_recovery(found)
                except QtoolError as exc:
                    self.say(f"the recovery file {found.path} does not parse (kept): {exc}", error=True)
                    self.offer_recovery(skipped + 1)
                    return
                self.session.replace_grid(self.document.grid)
                self.refresh_views(sync_qasm=True)
                self.say("recovered the autosaved changes (not saved to the file yet)")
                self.offer_recovery(skipped)
            elif answer == "discard":
                self.document.drop_recovery(found)
                self.offer_recovery(skipped)
            else:
                self.say(f"kept {len(pending)} autosaved version(s) in {found.path.parent} for later")

        self.app.push_screen(ConfirmScreen(
            f"Unsaved changes to {self.document.title} from an earlier session (autosaved "
            f"{when}){more} were kept. Recover them? Later keeps them for the next start.",
            [("recover", "Recover"), ("discard", "Discard"), ("cancel", "Later")]),
            answered)

    # ------------------------------------------------------------------ palette actions
    def palette_commands(self):
        """(title, help, callback): the command palette's entries (tui.commands.EditorCommands)."""
        yield "Open file", "open an OpenQASM file (ctrl+o)", self.action_open
        yield "Save", "save to the current file (ctrl+s)", self.action_save
        yield "Save as", "save as OpenQASM 2 or 3 (ctrl+e)", self.action_save_as
        yield "Export state as JSON", "the state after the cursor column", self.action_export_state
        yield "Help: key bindings", "every key (F1)", self.action_help
        yield "Add qubit", "append a qubit at the bottom", lambda: self.run_edit(self.session.append_qubit)
        yield "Insert algorithm", "a circuit from `qtool gen` at the cursor", self.action_insert_algorithm
        for target in parts.compile_targets():
            yield (f"Compile for {target}", f"optimise/compile the circuit for the {target} gate set",
                   lambda t=target: self.action_compile(t))
        yield "Generate with KetGPT", "sample a circuit from the shipped model", self.action_ketgpt
        yield "Copy Quirk link", "the circuit as an algassert.com/quirk URL", self.action_quirk_link
        yield ("Custom gate from selection", "the selected gates become one named `gate` (N)",
               self.action_make_gate)
        yield ("Custom gate from matrix file", "a unitary in a .npy/.json file as a named gate",
               self.action_matrix_gate)
        yield ("Synthesise selection", "replace the selection by the shortest circuit qtool synth "
               "finds", self.action_synthesise)

    # ------------------------------------------------------------------ custom gates
    def _new_gate_name(self) -> str:
        taken = self.session.gate_names()
        return next(f"g{i}" for i in range(1, len(taken) + 2) if f"g{i}" not in taken)

    def _name_problem(self, text: str) -> str | None:
        from qtool.editor.custom import name_problem

        return name_problem(text, self.session.gate_names())

    def action_make_gate(self) -> None:
        """N: name the selected gates (or the gate at the cursor) as one `gate` definition."""
        def done(name: str | None) -> None:
            if name:
                self.run_edit(lambda: self.session.make_gate(name))

        self.app.push_screen(PromptScreen("Name the new gate (the selection becomes one box):",
                                          self._new_gate_name(), "letters, digits and _",
                                          self._name_problem), done)

    def action_matrix_gate(self) -> None:
        """A unitary from a .npy/.json file, checked, decomposed, placed as one named box on
        the cursor's qubit and the ones below it."""
        from qtool.editor.custom import read_matrix

        problem = parts.problem_of(read_matrix)

        def named(path: str, name: str | None) -> None:
            if name:
                from qtool.editor.custom import gate_from_matrix

                self.run_edit(lambda: self.session.place_gate(gate_from_matrix(name, read_matrix(path))))

        def chosen(path: str | None) -> None:
            if path:
                self.app.push_screen(PromptScreen("Name the gate:", self._new_gate_name(),
                                                  "letters, digits and _", self._name_problem),
                                     lambda name: named(path, name))

        self.app.push_screen(PromptScreen("Unitary matrix file (.npy or .json):", "gate.npy",
                                          "first qubit = most significant bit; up to 3 qubits",
                                          problem), chosen)

    def action_synthesise(self) -> None:
        """Synthesise the selection in a worker thread; the diff is shown before anything changes."""
        from qtool.editor.synthesis import block_program

        try:
            block = self.session._block()
            _, program = block_program(self.session.grid, block)
        except QtoolError as exc:
            self.say(str(exc), error=True)
            return
        self.say("synthesising the selection...")
        self.synth_worker(self.session.grid, block, program)

    @work(thread=True, exclusive=True, group="synth", exit_on_error=False)
    def synth_worker(self, grid, block, program: str) -> None:
        from qtool.editor.synthesis import plan

        worker = get_current_worker()
        try:
            found = plan(grid, block, parts.synthesised_qasm(program))
        except Exception as exc:  # noqa: BLE001 - shown on the status line
            self.app.call_from_thread(self.say, f"synthesis: {exc}", True)
            return
        if not worker.is_cancelled:
            self.app.call_from_thread(self._offer_synthesis, grid, found)

    def _offer_synthesis(self, grid, found) -> None:
        if self.session.grid is not grid:
            self.say("synthesis: the circuit changed meanwhile; not applied", error=True)
            return

        def answered(choice: str) -> None:
            if choice != "replace":
                self.say("synthesis: not applied")
                return
            if self.session.grid is not grid:
                self.say("synthesis: the circuit changed meanwhile; not applied", error=True)
                return

            def edit() -> str:
                self.session.anchor = None
                self.session.replace_grid(found.grid)
                return f"synthesised: {found.before[0]} -> {found.after[0]} gates"

            self.run_edit(edit)

        self.app.push_screen(ConfirmScreen(found.summary(), [("replace", "Replace"), ("cancel", "Cancel")]),
                             answered)

    def action_quirk_link(self) -> None:
        """Copy the circuit's Quirk link to the clipboard (the terminal's, OSC 52) and show it."""
        from qtool.quirk import quirk_url

        try:
            url = quirk_url(plain_circuit(self.document.grid))
        except QtoolError as exc:
            self.say(f"no Quirk link: {exc}", error=True)
            return
        self.quirk_link = url
        self.app.copy_to_clipboard(url)
        self.say(f"Quirk link copied: {url}")

    def action_export_state(self) -> None:
        def done(path: str | None) -> None:
            if path:
                try:
                    inspection = self.inspection
                    if inspection is not None and inspection.state is None:
                        # a large register's state stayed in the simulation process
                        from qtool.inspect import inspect

                        inspection = inspect(self.session.grid, self.session.inspect_column)
                    target = actions.export_state(inspection, path)
                except (QtoolError, OSError) as exc:
                    self.say(f"not exported: {exc}", error=True)
                    return
                self.say(f"state exported to {target}")

        self.app.push_screen(PromptScreen("Export the state as JSON to:", "state.json",
                                          "schema qtool.tui.state/1", _folder_problem), done)

    def action_insert_algorithm(self) -> None:
        names = ", ".join(parts.algorithm_names())

        def done(text: str | None) -> None:
            if text:
                self.run_edit(lambda: self.session.insert_circuit(parts.algorithm_grid(text)))

        self.app.push_screen(PromptScreen("Insert algorithm at the cursor: NAME QUBITS [SEED]", "ghz 3",
                                          f"names: {names}", _algorithm_problem), done)

    def action_compile(self, target: str) -> None:
        def edit() -> str:
            grid, summary = parts.compiled_grid(self.session.grid, target)
            self.session.replace_grid(grid)
            return summary

        self.run_edit(edit)

    def action_ketgpt(self) -> None:
        def done(text: str | None) -> None:
            if text:
                qubits, seed = actions.parse_ketgpt(text)
                self.say("KetGPT: sampling...")
                self.ketgpt_worker(qubits, seed)

        self.app.push_screen(PromptScreen("KetGPT: QUBITS [SEED]", "3", "inserted at the cursor",
                                          _ints_problem), done)

    @work(thread=True, exclusive=True, group="ketgpt", exit_on_error=False)
    def ketgpt_worker(self, qubits: int, seed) -> None:
        worker = get_current_worker()
        try:
            grid = parts.ketgpt_grid(qubits, seed)
        except Exception as exc:  # noqa: BLE001 - shown on the status line
            self.app.call_from_thread(self.say, f"KetGPT: {exc}", True)
            return
        if not worker.is_cancelled:
            self.app.call_from_thread(self.run_edit, lambda: self.session.insert_circuit(grid))


def _file_problem(text: str) -> str | None:
    path = Path(text).expanduser()
    if not text:
        return "type a file name"
    if not path.is_file():
        return f"{text}: no such file"
    return None


def _folder_problem(text: str) -> str | None:
    if not text:
        return "type a file name"
    folder = Path(text).expanduser().parent
    return None if folder.is_dir() else f"folder {folder} does not exist"


_algorithm_problem = parts.problem_of(actions.parse_algorithm)


_ints_problem = parts.problem_of(actions.parse_ketgpt)
