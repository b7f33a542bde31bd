"""What the batch-capable commands share: many inputs, where the tasks run, progress, and
one result (or one error) per input. Not a command: imported by simulate, compile, info,
bench, qpe and ketgpt. The work itself is qtool.batch's.

A command with several inputs (files, folders, or '-' with a stream of programs) prints
one result per input, in input order; with --json, one JSON document per line, each naming
its input. A bad input is reported on stderr (and as a `qtool.error/1` line with --json),
the others still run, and the exit status at the end is that of the worst failure
(2 for bad input).
"""

from __future__ import annotations

import io
import json
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, Callable, Iterable, Iterator, Optional

import typer

ERROR_SCHEMA = "qtool.error/1"


InputsArg = Annotated[Optional[list[str]], typer.Argument(
    help="OpenQASM files, folders of .qasm files, or '-' for stdin (one program or a stream "
         "of several).", show_default=False)]


class Batch:
    """The inputs of a run, and whether it is a batch or the classic single circuit."""

    def __init__(self, paths: list[str] | None):
        from qtool.batch import expand_inputs
        from qtool.batch.inputs import Item

        self.paths = list(paths) if paths else ["-"]
        self.single: str | None = None  # the one path the single-circuit code should read
        self._stdin_text: str | None = None
        self.entries: list = []
        if len(self.paths) == 1 and self.paths[0] != "-" and not Path(self.paths[0]).is_dir():
            self.single = self.paths[0]
            return
        self.entries = expand_inputs(self.paths)
        if self.paths == ["-"] and len(self.entries) == 1 and not isinstance(self.entries[0], Item):
            from qtool.errors import QtoolError  # stdin unreadable: the one input's error

            err = QtoolError(self.entries[0].message)
            err.exit_code = self.entries[0].exit_code
            raise err
        if self.paths == ["-"] and len(self.entries) == 1 and isinstance(self.entries[0], Item):
            self.single, self._stdin_text = "-", self.entries[0].text

    @property
    def is_batch(self) -> bool:
        return self.single is None

    def as_batch(self) -> "Batch":
        """Treat a single input as a batch of one (for output only a batch gives)."""
        from qtool.batch.inputs import FileRef, Item

        if self.single == "-":
            self.entries = [Item("<stdin>", self._stdin_text or "", "stdin.qasm")]
        elif self.single is not None:
            self.entries = [FileRef(self.single, Path(self.single).name)]
        self.single = None
        return self

    def replay_stdin(self) -> str:
        """The single path; '-' can be read again (stdin was read to count its programs)."""
        if self._stdin_text is not None:
            sys.stdin = io.StringIO(self._stdin_text)
        return self.single

    @contextmanager
    def single_input(self):
        """Let the single-circuit code read '-' again: stdin was read to count its programs."""
        if self._stdin_text is None:
            yield self.single
            return
        saved = sys.stdin
        sys.stdin = io.StringIO(self._stdin_text)
        try:
            yield self.single
        finally:
            sys.stdin = saved

    def index(self) -> dict:
        """Input name -> its entry (an Item, FileRef or Failure)."""
        if not hasattr(self, "_index"):
            self._index = {e.name: e for e in self.entries}
        return self._index

    def tasks(self, *extra: Any) -> Iterator:
        """(name, (item, *extra)) per input, reading files as the batch consumes them."""
        from qtool.batch import Failure, load

        for entry in self.entries:
            item = load(entry)
            yield item if isinstance(item, Failure) else (item.name, (item, *extra))


@contextmanager
def flag_names(**flags: str):
    """Word the core's ParameterErrors with this command's flags: `flag_names(max_shots=
    "--shots")` turns "max_shots must be at least 1" into "--shots must be at least 1".
    Parameter names that are not identifiers are given as a dict: `**{"sweeps/fixed": ...}`."""
    from qtool.errors import ParameterError

    try:
        yield
    except ParameterError as exc:
        flag = flags.get(exc.parameter)
        if flag is None:
            raise
        raise exc.for_flag(flag) from None


SWEEP_FLAGS = {"sweep": "--sweep", "param": "--param", "zipped": "--zip",
               "sweeps/fixed": "--sweep/--param", "plot": "--plot"}


def executor(workers: int | None, cluster: str | None, threads: int | None = None):
    from qtool.batch import Executor

    return Executor(workers=workers, cluster=cluster, threads=threads)


def run(ex, fn: Callable, tasks: Iterable, total: int, description: str) -> Iterator:
    """fn over tasks on `ex`, with a progress count on stderr; results in task order."""
    from qtool.cli.common import note, progress

    with progress(total, description) as advance:
        results = ex.map(fn, tasks, total=total, on_done=advance)
        announced = ex.kind != "loop"
        if announced:
            note(f"{description}: {total} tasks on {ex.describe()}")
        for result in results:
            if not announced and ex.kind != "loop":  # the auto plan handed over mid-way
                note(f"{description}: {ex.done_here} tasks done in this process, the other "
                     f"{total - ex.done_here} on {ex.describe()}")
                announced = True
            yield result


def run_all(ex, fn: Callable, tasks: list, description: str) -> list:
    """Every result of a batch whose parts make one report: the first failure is the
    command's error (exit with its code), as it would be in one process."""
    from qtool.batch import Failure
    from qtool.errors import QtoolError

    results = list(run(ex, fn, tasks, len(tasks), description))
    for r in results:
        if isinstance(r, Failure):
            err = QtoolError(r.message)
            err.exit_code = r.exit_code
            raise err
    return results


class Outcome:
    """Collects failures as results stream by; `finish()` exits with the worst code."""

    def __init__(self, json_lines: bool = False):
        self.json_lines = json_lines
        self.codes: list[int] = []

    def failed(self, failure) -> None:
        self.codes.append(failure.exit_code)
        typer.echo(f"qtool: error: {failure.message}", err=True)
        if self.json_lines:
            json_line({"schema": ERROR_SCHEMA, "source": failure.name, "error": failure.message,
                       "exit_code": failure.exit_code})

    def finish(self, total: int) -> None:
        if self.codes:
            from qtool.cli.common import note

            note(f"{len(self.codes)} of {total} inputs failed")
            raise typer.Exit(max(self.codes))


def json_line(doc: dict) -> None:
    """One compact JSON document on one line of stdout (JSON Lines)."""
    from qtool.cli.common import _json_default
    from qtool.io import write_stdout

    if "schema" not in doc:
        raise ValueError("JSON documents must carry a schema field")
    write_stdout(json.dumps(doc, default=_json_default) + "\n")
