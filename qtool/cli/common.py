"""What every command shares: option types, the error handler, JSON and output helpers.

Kept free of heavy imports (only typer, stdlib): it is loaded by `qtool --help`.
"""

from __future__ import annotations

import errno
import functools
import json
import os
import sys
import traceback
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Callable, Optional

import typer

from qtool.errors import EXIT_BUG, ParameterError, QtoolError

# ---------------------------------------------------------------- shared option types
InputArg = Annotated[
    str, typer.Argument(help="OpenQASM file to read, or '-' for stdin.", show_default=True)
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON document on stdout "
                                                       "(same as --format json where --format exists).")]
SeedOpt = Annotated[Optional[int], typer.Option("--seed", help="Random seed, for reproducible runs.")]
ThreadsOpt = Annotated[
    Optional[int], typer.Option("--threads", min=1, help="Worker threads: qsim or torch (default: all cores).")
]
QasmVersionOpt = Annotated[
    Optional[int], typer.Option("--qasm", min=2, max=3,
                                help="Same as --format qasm2 or --format qasm3.", show_default=False)
]


class CircuitFormat(str, Enum):
    qasm2 = "qasm2"
    qasm3 = "qasm3"


CircuitFormatOpt = Annotated[
    Optional[CircuitFormat], typer.Option(
        "--format", help="Circuit output: qasm2 (OpenQASM 2.0, the default) or qasm3 (OpenQASM 3).",
        show_default=False)
]


def circuit_version(fmt: "CircuitFormat | None", qasm_version: int | None) -> int:
    """The OpenQASM version chosen by --format qasm2|qasm3 or its alias --qasm 2|3."""
    alias = [(f"--qasm {qasm_version}", f"qasm{qasm_version}")] if qasm_version else []
    return int(pick_format(fmt.value if fmt else None, "qasm2", *alias)[-1])
OutOpt = Annotated[
    Optional[Path], typer.Option("--out", "-o", help="Write to this file (atomically) instead of stdout.")
]
# Where the tasks of a batch run (qtool.batch; see qtool/cli/batching.py).
WorkersOpt = Annotated[Optional[int], typer.Option(
    "--workers", min=1, help="Local worker processes for a batch (default: one per core when "
                             "there is more than one task; 1 runs in this process).")]
ClusterOpt = Annotated[Optional[str], typer.Option(
    "--cluster", metavar="tcp://HOST:PORT",
    help="Run the tasks on this Dask scheduler (default: $QTOOL_CLUSTER, else local workers).")]
PlotOpt = Annotated[
    Optional[Path], typer.Option("--plot", help="Also save the figure to this PNG or SVG file.")
]


def debug_enabled() -> bool:
    return os.environ.get("QTOOL_DEBUG", "") not in ("", "0")


def quiet_enabled() -> bool:
    return os.environ.get("QTOOL_QUIET", "") not in ("", "0")


def fail(message: str, code: int = 2) -> None:
    """Print a one-line error on stderr and exit with `code`."""
    typer.echo(f"qtool: error: {message}", err=True)
    raise typer.Exit(code)


# Settings the core names otherwise than the flag that sets them, for commands that have
# no parameter of the setting's name (`qpe` calls QpeConfig.steps --trotter-steps).
FLAG_OF = {"steps": "--trotter-steps", "energy_range": "--window", "estimators": "--estimator",
           "params": "--param"}


def _current_context():
    """The running command's click context. typer 0.29 runs commands on its own copy of
    click (typer._click), whose context the separate click package never sees: looked up
    there first, so the lookup works with either."""
    import importlib

    for module in ("typer._click.globals", "click.globals"):
        try:
            ctx = importlib.import_module(module).get_current_context(silent=True)
        except ImportError:
            continue
        if ctx is not None:
            return ctx
    return None


def flag_for(option: str) -> str:
    """The flag that sets the core's setting `option` in the running command: the long flag
    of its parameter of that name, else FLAG_OF's, else `--option-name`."""
    ctx = _current_context()
    for param in ctx.command.params if ctx is not None else ():
        longs = [o for o in getattr(param, "opts", ()) if o.startswith("--")]
        if param.name == option and longs:
            return longs[0]
    return FLAG_OF.get(option, "--" + option.replace("_", "-"))


def cli_command(func: Callable) -> Callable:
    """Turn known errors into one message and an exit code; unknown ones into exit 1.

    A user never sees a traceback for their own mistake; `--debug` or QTOOL_DEBUG=1 shows it.
    """

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            result = func(*args, **kwargs)
            _flush_stdout()
            return result
        except (typer.Exit, typer.Abort, SystemExit):
            raise
        except QtoolError as exc:
            if debug_enabled():
                traceback.print_exc()
            fail(exc.format(flag_for) if isinstance(exc, ParameterError) else str(exc), exc.exit_code)
        except KeyboardInterrupt:
            typer.echo("qtool: interrupted", err=True)
            raise typer.Exit(130)
        except BrokenPipeError:
            # The reader of our stdout went away (`| head`): not an error of ours.
            try:
                sys.stdout = open(os.devnull, "w")
            except OSError:
                pass
            raise typer.Exit(0)
        except MemoryError:
            fail("out of memory", 3)
        except OSError as exc:
            if exc.errno not in (errno.ENOSPC, errno.EDQUOT):
                _internal_error(exc)
            if debug_enabled():
                traceback.print_exc()
            if exc.filename:
                fail(f"{exc.filename}: cannot write: no space left on device", 3)
            from qtool.io import stdout_error

            fail(str(stdout_error(exc)), 3)
        except Exception as exc:  # noqa: BLE001 - the last line of defence
            _internal_error(exc)

    return wrapper


def _internal_error(exc: BaseException) -> None:
    if debug_enabled():
        traceback.print_exc()
    else:
        typer.echo(
            f"qtool: internal error (a bug, please report it): {type(exc).__name__}: {exc}\n"
            "       run again with --debug for the traceback",
            err=True,
        )
    raise typer.Exit(EXIT_BUG)


def _flush_stdout() -> None:
    """Flush stdout now, so a full disk is reported here and not at interpreter exit."""
    from qtool.io import stdout_error

    if sys.stdout is None:
        return
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise stdout_error(exc) from None


def print_json(doc: dict[str, Any]) -> None:
    """Print one JSON document (with its "schema" field) on stdout."""
    if "schema" not in doc:
        raise ValueError("JSON documents must carry a schema field")
    from qtool.io import write_stdout

    write_stdout(json.dumps(doc, indent=2, default=_json_default) + "\n")


def _json_default(obj: Any) -> Any:
    # numpy scalars and arrays, without importing numpy here.
    if hasattr(obj, "tolist"):
        return obj.tolist()
    if isinstance(obj, complex):
        return {"re": obj.real, "im": obj.imag}
    if isinstance(obj, Path):
        return str(obj)
    raise TypeError(f"not JSON serialisable: {type(obj).__name__}")


def stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


def stderr_console():
    """A rich Console on stderr, for progress and diagnostics."""
    from rich.console import Console

    return Console(stderr=True)


def stdout_console(min_width: int = 0):
    """A console on stdout; `min_width` widens it for tables that must not be truncated."""
    from rich.console import Console

    console = Console()
    if console.width < min_width:
        console.width = min_width
    return console


def pick_format(fmt: str | None, default: str, *given: tuple[str, str], **aliases: bool) -> str:
    """The one output format of a run: --format, or one of its boolean aliases (--json, ...).

    `aliases` maps a format name to whether its flag (`--NAME`) was given; `given` adds
    (flag as typed, format) pairs for valued aliases such as `--qasm 3`. Two different
    choices are a usage error (exit 2) naming both flags.
    """
    from qtool.errors import QtoolError

    given = ([(f"--format {fmt}", fmt)] if fmt is not None else []) + list(given) + [
        (f"--{name.replace('_', '-')}", name.replace("_", "-")) for name, on in aliases.items() if on]
    if len({value for _, value in given}) > 1:
        raise QtoolError(f"choose one of {' and '.join(flag for flag, _ in given)}")
    return given[0][1] if given else default


def resolve_seed(seed: int | None, announce: bool = True) -> int:
    """The seed a run uses: --seed if given, else fresh entropy, announced on stderr.

    One convention for every command with --seed: absent means a new random seed, and the
    seed used is printed (`qtool: seed N ...`) and put in the --json document, so any run can
    be repeated exactly by passing it back. `announce=False` when the run's only stderr
    output is a JSON document that records the seed (`compile --report json`).
    """
    if seed is not None:
        return seed
    import secrets

    seed = secrets.randbelow(2**31)
    if announce:
        note_seed(seed)
    return seed


def note_seed(seed: int) -> None:
    """Say on stderr which fresh seed a run drew (for commands that announce it late)."""
    note(f"seed {seed} (pass --seed {seed} to repeat this run)")


def note(message: str) -> None:
    """A diagnostic line on stderr (never on stdout, which carries data); none with --quiet."""
    if quiet_enabled():
        return
    typer.echo(f"qtool: {message}", err=True)


def progress(total: int | None = None, description: str = "working"):
    """Progress of long work on stderr; nothing on stdout, nothing at all with --quiet.

    On a terminal, a rich progress bar. Otherwise (a log file, CI, `2>err.txt`) one line
    every QTOOL_PROGRESS_SECONDS seconds (default 30; 0 prints one line per step), such as
    `qtool: training: 120/30000 (0.4%), 1m30s elapsed`, so a run of hours is visibly alive.

    Use as a context manager: `with progress(n, "benchmark") as advance: advance()`.
    """
    return _Progress(total, description)


DEFAULT_PROGRESS_SECONDS = 30.0


def progress_interval() -> float:
    raw = os.environ.get("QTOOL_PROGRESS_SECONDS", "")
    try:
        value = float(raw)
    except ValueError:
        return DEFAULT_PROGRESS_SECONDS
    return value if value >= 0 and value == value else DEFAULT_PROGRESS_SECONDS


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}h{m:02d}m{s:02d}s" if h else (f"{m}m{s:02d}s" if m else f"{s}s")


class _Progress:
    def __init__(self, total, description):
        self.total, self.description = total, description
        self.done = 0
        self._progress = None
        self._task = None
        self._lines = False
        self._interval = 0.0
        self._stop = None
        self._thread = None
        self._lock = None
        self._start = 0.0

    def __enter__(self):
        if quiet_enabled():
            return self.advance
        if sys.stderr is not None and sys.stderr.isatty():
            from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                                       TimeElapsedColumn, TimeRemainingColumn)

            self._progress = Progress(
                TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                TimeElapsedColumn(), TimeRemainingColumn(), console=stderr_console(), transient=True,
            )
            self._progress.__enter__()
            self._task = self._progress.add_task(self.description, total=self.total)
        elif sys.stderr is not None:
            import threading
            import time

            self._lines = True
            self._lock = threading.Lock()
            self._start = time.monotonic()
            self._interval = progress_interval()
            if self._interval > 0:
                self._stop = threading.Event()
                self._thread = threading.Thread(target=self._tick, name="qtool-progress", daemon=True)
                self._thread.start()
        return self.advance

    def _tick(self) -> None:
        while not self._stop.wait(self._interval):
            self._line()

    def _line(self) -> None:
        import time

        with self._lock:
            done, total, what = self.done, self.total, self.description
        elapsed = _duration(time.monotonic() - self._start)
        if total:
            count = f"{done}/{total} ({100.0 * done / total:.1f}%)"
        else:
            count = f"{done} done"
        try:
            sys.stderr.write(f"qtool: {what}: {count}, {elapsed} elapsed\n")
            sys.stderr.flush()
        except (OSError, ValueError):
            pass

    def advance(self, steps: int = 1, description: str | None = None) -> None:
        if self._progress is not None:
            kw = {"description": description} if description else {}
            self._progress.update(self._task, advance=steps, **kw)
        elif self._lines:
            with self._lock:
                self.done += steps
                if description:
                    self.description = description
            if self._interval == 0:
                self._line()

    def __exit__(self, *exc):
        if self._progress is not None:
            self._progress.__exit__(*exc)
        if self._thread is not None:
            self._stop.set()
            self._thread.join(timeout=5)
        return False
