"""The default plan: a batch starts in this process and hands the rest to local workers
only when they would finish it sooner, start-up included (two small files used to pay
2-3 s of worker start-up for milliseconds of work)."""

from __future__ import annotations

import time

import pytest

from qtool.batch import Executor, executor
from qtool.batch.executor import workers_pay_off


def _spin(seconds: float) -> float:
    end = time.process_time() + seconds
    while time.process_time() < end:
        pass
    return seconds


@pytest.mark.parametrize("wall, cpu, done, left, workers, expected", [
    (0.01, 0.01, 1, 1, 2, False),     # one task left: nothing to share out
    (0.03, 0.03, 1, 10, 2, False),    # 10 x 30 ms: start-up costs more than it saves
    (0.03, 0.03, 1, 400, 2, True),    # 400 x 30 ms on 2 workers saves 6 s
    (0.02, 0.034, 1, 200, 2, False),  # tasks already on both cores here: workers gain little
    (5.0, 5.0, 1, 1, 2, False),       # a single big task left runs here as fast
    (2.0, 2.0, 10, None, 2, False),   # a stream: workers once START_SECONDS are spent here
    (3.5, 3.5, 10, None, 2, True),
])
def test_workers_start_only_when_they_save_more_than_their_start(wall, cpu, done, left,
                                                                 workers, expected):
    assert workers_pay_off(wall, cpu, done, left, workers) is expected


def test_a_small_default_batch_stays_in_this_process():
    with Executor() as ex:
        out = list(ex.map(_spin, [(f"t{i}", (0.001,)) for i in range(4)], total=4))
        assert ex.kind == "loop" and ex._client is None and ex._cluster is None
    assert out == [0.001] * 4


def test_a_default_batch_worth_it_hands_the_rest_to_workers_in_order(monkeypatch):
    monkeypatch.setattr(executor, "START_SECONDS", 0.05)
    tasks = [(f"t{i}", (0.02 + i / 1000,)) for i in range(12)]
    with Executor(workers=None) as ex:
        if ex.local_workers() < 2:
            pytest.skip("one core: the auto plan is a plain loop")
        out = list(ex.map(_spin, tasks, total=len(tasks)))
        assert ex.kind == "local" and 1 <= ex.done_here < len(tasks)
        # the workers learn their share of the cores (a task's threads=None on a worker)
        shares = ex._client.run(lambda: __import__("qtool.cores").cores.task_cores())
        assert set(shares.values()) == {max(1, executor.local_cores() // ex.local_workers())}
    assert out == [args[0] for _, args in tasks]


def test_two_small_files_simulate_in_this_process_by_default(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    run = subprocess.run([sys.executable, "-m", "qtool", "simulate", "samples/bell.qasm",
                          "samples/ghz.qasm", "--json", "--seed", "3"], cwd=root,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "worker processes" not in run.stderr
    assert len(run.stdout.splitlines()) == 2
