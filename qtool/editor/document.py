"""An editing session: the grid with its undo history, its file, and "is it saved?".

This is everything the TUI edits, without any UI, so it is tested on its own:

    >>> from qtool.editor.model import Op
    >>> doc = Document.new(2)
    >>> doc.apply(doc.grid.place(Op("H", (0,)), 0))
    >>> doc.modified, doc.undo(), doc.modified
    (True, True, False)
"""

from __future__ import annotations

import os
from pathlib import Path

from qtool.editor import recovery
from qtool.editor.convert import from_program, from_qasm, plain_circuit, to_cirq, to_qasm
from qtool.editor.comments import insert_comments, read_comments
from qtool.editor.history import History
from qtool.editor.model import Grid
from qtool.editor.placed import comments as display_comments
from qtool.editor.placed import read_displays
from qtool.errors import QtoolError
from qtool.io import atomic_write


class Document:
    def __init__(self, grid: Grid, path: Path | None = None, qasm_version: int = 2,
                 recovery_folder: Path | None = None, file_format: str = "qasm"):
        self.history: History[Grid] = History(grid)
        self.path = path
        self.qasm_version = qasm_version
        self.file_format = file_format  # "qasm" or "cirq-json": what save() writes to `path`
        self.saved: Grid | None = grid if path is not None else None
        self.recovery_folder = recovery_folder
        self._pristine = grid
        self._autosaved = False  # this session wrote the recovery file
        self.header = ""  # the opening `//` comment lines of the file, written back before the code
        self.comments: tuple = ()  # the later ones, anchored (qtool.editor.comments)
        self.session_id = recovery.new_session()  # this session's own recovery file name

    # ------------------------------------------------------------------ construction
    @classmethod
    def new(cls, num_qubits: int = 3, **kw) -> "Document":
        return cls(Grid(num_qubits), **kw)

    @classmethod
    def open(cls, path: str | os.PathLike, **kw) -> "Document":
        """Read an OpenQASM 2/3 or cirq JSON file through the shared loader (the one every
        command uses); QasmError (line, column) or QtoolError on bad input."""
        from qtool import qasm
        from qtool.qasm.cirq_json import looks_like_json
        from qtool.io import read_text

        text, name = read_text(path)
        program = qasm.parse_any(text, name, keep_gates=True)  # user gates: one box each
        version = 3 if str(program.version).startswith("3") else 2
        fmt = "cirq-json" if looks_like_json(text) else "qasm"
        grid = from_program(program)
        if fmt == "qasm":
            grid = read_displays(text, grid)  # the displays placed in the circuit
        document = cls(grid, Path(path), qasm_version=version, file_format=fmt, **kw)
        document.header = "" if fmt == "cirq-json" else leading_comments(text)
        if fmt == "qasm":
            document.comments = read_comments(text, name)
        return document

    # ------------------------------------------------------------------ state
    @property
    def grid(self) -> Grid:
        return self.history.current

    @property
    def modified(self) -> bool:
        if self.saved is None:  # never saved: modified once it differs from how it started
            return self.grid != self._pristine
        return self.grid != self.saved

    @property
    def title(self) -> str:
        return self.path.name if self.path else "untitled"

    def circuit(self):
        return to_cirq(self.grid)

    def qasm(self, version: int | None = None) -> str:
        """The circuit's OpenQASM, after the file's opening comment lines (kept on save),
        then the displays placed in the circuit as structured comments."""
        return self.with_header(to_qasm(self.grid, version or self.qasm_version))

    def with_header(self, body: str) -> str:
        """`body` (to_qasm of the current grid, written elsewhere) as qasm() writes it."""
        return self.header + insert_comments(body, self.comments, self.grid) + display_comments(self.grid)

    # ------------------------------------------------------------------ edits
    def apply(self, grid: Grid) -> None:
        """Make `grid` current (an undo step), unless it is the same circuit."""
        if grid != self.grid:
            self.history.push(grid)

    def parse_qasm(self, text: str) -> Grid:
        """The grid of QASM text (QasmError with line and column if it does not parse); the
        text's opening comments become the ones written back."""
        grid = read_displays(text, from_qasm(text, self.title))
        self.header = leading_comments(text)
        self.comments = read_comments(text, self.title)
        return grid

    def undo(self) -> bool:
        return self.history.undo() is not None

    def redo(self) -> bool:
        return self.history.redo() is not None

    # ------------------------------------------------------------------ files
    def save(self, path: str | os.PathLike | None = None, version: int | None = None) -> Path:
        """Write atomically (to `path`, or the document's own file): OpenQASM, or cirq JSON
        for a `.json` target or a document opened from cirq JSON and saved in place."""
        target = Path(path) if path is not None else self.path
        if target is None:
            raise QtoolError("this circuit has no file yet: save it as a named file")
        if version is None and path is not None:
            version = 3 if str(target).endswith(".qasm3") else self.qasm_version
        if path is not None:
            fmt = "cirq-json" if target.suffix.lower() == ".json" else "qasm"
        else:
            fmt = self.file_format
        if fmt == "cirq-json":
            from qtool.qasm.cirq_json import dumps_cirq_json

            text = dumps_cirq_json(plain_circuit(self.grid))
        else:
            text = self.qasm(version)
        atomic_write(target, text)
        old = self.path
        self.path, self.saved, self.file_format = target, self.grid, fmt
        self.qasm_version = version or self.qasm_version
        self.discard_recovery(old)
        self._autosaved = False
        return target

    def autosave(self) -> Path | None:
        """Write this session's recovery file when there are unsaved changes; when there are
        none, remove it. Other sessions' files are never touched here."""
        if not self.modified:
            if self._autosaved:
                self.discard_recovery()
                self._autosaved = False
            return None
        self._autosaved = True
        return recovery.write_recovery(self.path, self.session_id, self.qasm(), self.recovery_folder)

    def earlier_recoveries(self) -> list[recovery.Recovered]:
        """Text autosaved by earlier sessions of this document (newest first), leaving out
        any that only repeat what the file already says."""
        current = self.qasm() if self.saved is not None else None
        return [r for r in recovery.earlier_recoveries(self.path, self.session_id, self.recovery_folder)
                if r.text != current]

    def recovered_text(self) -> str | None:
        """The newest earlier session's autosaved text that differs from the file, or None."""
        found = self.earlier_recoveries()
        return found[0].text if found else None

    def take_recovery(self, found: recovery.Recovered) -> None:
        """Make an earlier session's text the current circuit (an undo step). Its file goes
        only once this session's own recovery file holds the text, so nothing is lost even
        if the editor dies right after. QasmError if the text does not parse."""
        self.apply(self.parse_qasm(found.text))
        self.autosave()
        recovery.remove(found.path)

    def drop_recovery(self, found: recovery.Recovered) -> None:
        """The user discarded an earlier session's autosaved text: remove its file."""
        recovery.remove(found.path)

    def discard_recovery(self, path=None) -> None:
        """Remove this session's recovery file (of `path`, default the document's file)."""
        recovery.discard_recovery(path if path is not None else self.path, self.session_id,
                                  self.recovery_folder)


def leading_comments(text: str) -> str:
    """The `//` comment lines a file opens with (blank lines between them kept), each
    ending in a newline; "" when the file starts with code."""
    lines = []
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("//"):
            break
        lines.append(line.rstrip())
    while lines and not lines[-1]:
        lines.pop()
    return "".join(line + "\n" for line in lines)
