"""The inspector's worker process: newest request wins, and large states stay there."""

from __future__ import annotations

import threading

import pytest

from qtool.editor.model import Grid, Op
from qtool.inspect.remote import CancelledError, Inspector, shared_inspector


def test_a_waiting_request_is_replaced_by_a_newer_one(monkeypatch):
    inspector = Inspector()
    started, release, ran = threading.Event(), threading.Event(), []

    def call(job, args):  # stands in for the process: the first job blocks until released
        ran.append(args[0])
        if args[0] == "first":
            started.set()
            release.wait(10)
        return args[0]

    monkeypatch.setattr(inspector, "_call", call)
    first = inspector._submit("inspect", "inspect", "first")
    assert started.wait(10)
    second = inspector._submit("inspect", "inspect", "second")  # waits behind "first"
    third = inspector._submit("inspect", "inspect", "third")    # replaces "second"
    release.set()
    assert first.result(10) == "first" and third.result(10) == "third"
    with pytest.raises(CancelledError):
        second.result(10)
    assert ran == ["first", "third"]
    inspector.shutdown()


def test_the_worker_sends_back_displays_not_a_large_state():
    grid = Grid(17).place(Op("X", (16,)), 0)
    result = shared_inspector().inspect(grid, 0, displays=("histogram", "support"))
    assert result.state is None
    assert result.histogram == [("0" * 16 + "1", pytest.approx(1.0))]
    assert result.has("histogram") and not result.has("amplitudes")
    small = shared_inspector().inspect(Grid(2).place(Op("H", (0,)), 0), 0)
    assert small.state is not None and small.amplitudes[0][0] == "00"


def test_warming_the_worker_freezes_its_start_up_heap():
    """The worker's full collections would scan every cirq and numpy object on each pass
    (150-230 ms at 16 qubits): after the warm job they are frozen."""
    import subprocess
    import sys

    code = ("import gc; from qtool.inspect.worker import run; run('warm', ()); "
            "print(gc.get_freeze_count())")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120, check=True).stdout
    assert int(out) > 10_000
