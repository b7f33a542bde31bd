"""The inspector in a worker process, so an editor's event loop never waits on qsim.

qsim holds the GIL while it simulates, so a simulation in a thread froze the editor for a
whole simulation time after every key at 20 qubits. Here the simulations run in one worker
process (`python -m qtool.inspect.worker`, started on first use and shared by every editor
of the process); the caller waits in a thread on a Future, which releases the GIL.

What comes back is the displays' data, not the state: above SHIP_STATE_QUBITS the 2^n state
stays in the worker, and only the displays asked for are computed there and returned.
Newest request wins: each kind of request ("inspect", "sample") has one waiting slot, and a
newer request replaces the waiting one (its caller gets CancelledError). So after a burst
of keys the worker finishes the job it is on and then runs only the newest one.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import threading
from collections import Counter
from concurrent.futures import CancelledError, Future
from pathlib import Path

from qtool.editor.model import Grid
from qtool.errors import QtoolError
from qtool.inspect.inspector import Inspection

__all__ = ["CancelledError", "Inspector", "shared_inspector"]


class Inspector:
    """One worker process running inspections and sampling, one job at a time."""

    def __init__(self) -> None:
        self._process: subprocess.Popen | None = None
        self._cond = threading.Condition()
        self._waiting: dict[str, tuple[Future, str, tuple]] = {}
        self._thread: threading.Thread | None = None
        self._closed = False

    # ------------------------------------------------------------------ the worker
    def _spawn(self) -> subprocess.Popen:
        root = str(Path(__file__).resolve().parents[2])  # the folder holding qtool/
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
        return subprocess.Popen([sys.executable, "-m", "qtool.inspect.worker"], env=env,
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL)

    def _call(self, job: str, args: tuple):
        """Run one job in the worker (started or restarted here); its result or exception."""
        if self._process is None or self._process.poll() is not None:
            self._process = self._spawn()
        try:
            pickle.dump((job, args), self._process.stdin, protocol=pickle.HIGHEST_PROTOCOL)
            self._process.stdin.flush()
            ok, value = pickle.load(self._process.stdout)
        except (EOFError, OSError, pickle.UnpicklingError):
            self._stop_process()
            raise QtoolError("the simulation process stopped (out of memory?); "
                             "the next edit starts a new one") from None
        if not ok:
            raise value
        return value

    def _serve(self) -> None:
        while True:
            with self._cond:
                while not self._waiting and not self._closed:
                    self._cond.wait()
                if self._closed:
                    return
                kind = next(iter(self._waiting))
                future, job, args = self._waiting.pop(kind)
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(self._call(job, args))
            except BaseException as exc:  # noqa: BLE001 - handed to the caller as it is
                future.set_exception(exc)

    def _submit(self, kind: str, job: str, *args) -> Future:
        future: Future = Future()
        with self._cond:
            old = self._waiting.pop(kind, None)
            if old is not None:
                old[0].cancel()  # never started: its result would be stale anyway
            self._waiting[kind] = (future, job, args)
            if kind in ("metrics", "qasm"):  # a few ms: ahead of the simulations waiting
                self._waiting = {kind: self._waiting.pop(kind), **self._waiting}
            if self._thread is None:
                self._thread = threading.Thread(target=self._serve, name="qtool-inspector",
                                                daemon=True)
                self._thread.start()
            self._cond.notify()
        return future

    # ------------------------------------------------------------------ the calls
    def start(self) -> None:
        """Start the worker now and warm it up (the editor calls it when it opens)."""
        self._submit("warm", "warm")

    def inspect(self, grid: Grid, column: int, top_k: int = 16, hist_limit: int = 256,
                displays: tuple[str, ...] = (), seed: int | None = 0) -> Inspection:
        """qtool.inspect.inspect in the worker, with `displays` computed there;
        CancelledError when a newer request replaced this one before it ran."""
        return self._submit("inspect", "inspect", grid, column, top_k, hist_limit,
                            tuple(displays), seed).result()

    def sample(self, grid: Grid, shots: int, seed: int | None = None) -> tuple[list[str], Counter]:
        """qtool.inspect.sample_counts in the worker."""
        return self._submit("sample", "sample", grid, shots, seed).result()

    def metrics(self, grid: Grid):
        """qtool.editor.stats.grid_metrics in the worker (it runs before a waiting simulation)."""
        return self._submit("metrics", "metrics", grid).result()

    def qasm(self, grid: Grid, version: int = 2) -> str:
        """qtool.editor.convert.to_qasm in the worker (ahead of a waiting simulation)."""
        return self._submit("qasm", "qasm", grid, version).result()

    def _stop_process(self) -> None:
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.kill()
            process.wait()

    def shutdown(self) -> None:
        with self._cond:
            self._closed = True
            for future, _, _ in self._waiting.values():
                future.cancel()
            self._waiting.clear()
            self._cond.notify_all()
        self._stop_process()


_SHARED: list[Inspector] = []


def shared_inspector() -> Inspector:
    """The process-wide Inspector (one worker process for every editor)."""
    if not _SHARED:
        import atexit

        _SHARED.append(Inspector())
        atexit.register(_SHARED[0].shutdown)
    return _SHARED[0]
