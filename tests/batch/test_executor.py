"""The executor: same seeded results in this process and on 2 local workers, results in
input order with failures in place, a killed worker's task rerun once, then reported."""

from __future__ import annotations

import os
import pickle
import signal
import sys

import cloudpickle

from qtool import qasm
from qtool.batch import Executor, Failure, Item, expand_inputs, guarded, load
from qtool.batch.tasks import SimSpec, info_task, simulate_task
from qtool.circuits import generate


def _ghz(n: int) -> Item:
    return Item(f"ghz{n}", qasm.dumps(generate("ghz", n)), f"ghz{n}.qasm")


def _tasks(items, spec):
    return [(it.name, (it, spec)) for it in items]


def _counts(results):
    return [r.counts if not isinstance(r, Failure) else r for r in results]


def test_seeded_noisy_runs_are_identical_on_one_and_two_workers(dask_client):
    items = [_ghz(n) for n in (3, 4, 5, 6)]
    spec = SimSpec(shots=200, seed=11, noise="depolarizing:0.05", threads=1)
    with Executor(workers=1) as loop:
        alone = list(loop.map(simulate_task, _tasks(items, spec), total=len(items)))
        assert loop.kind == "loop"
    with Executor(client=dask_client) as ex:
        spread = list(ex.map(simulate_task, _tasks(items, spec), total=len(items)))
        assert ex.kind == "cluster"
    assert _counts(alone) == _counts(spread)
    assert [r.source for r in spread] == ["ghz3", "ghz4", "ghz5", "ghz6"]
    assert all(sum(r.counts.values()) == 200 for r in spread)
    assert len(spread[0].counts) > 2  # the noise was applied: GHZ alone gives 2 outcomes


def test_order_kept_and_bad_inputs_reported_in_place(dask_client, corpus, tmp_path):
    bad = tmp_path / "bad.qasm"
    bad.write_text("OPENQASM 2.0;\nqreg q[1];\nfoo q[0];\n")
    folder = corpus / "small" / "adder_n4"
    entries = expand_inputs([str(folder), str(bad), str(tmp_path / "missing.qasm")])
    names = [e.name for e in entries]
    assert names[-2:] == [str(bad), str(tmp_path / "missing.qasm")]
    tasks = [e if isinstance(e, Failure) else (e.name, (e,)) for e in map(load, entries)]
    with Executor(client=dask_client) as ex:
        results = list(ex.map(info_task, tasks, total=len(tasks)))
    assert [r.name if isinstance(r, Failure) else r.source for r in results] == names
    good, unknown, missing = results[0], results[-2], results[-1]
    assert good.metrics.qubits == 4
    assert isinstance(unknown, Failure) and unknown.exit_code == 2
    assert unknown.message.startswith(f"{bad}:3:1: unknown gate 'foo'")
    assert isinstance(missing, Failure) and "missing.qasm" in missing.message


def test_guarded_turns_user_errors_into_failures_and_tasks_pickle():
    item = Item("x.qasm", "OPENQASM 2.0;\nqreg q[1];\nh q[5];\n", "x.qasm")
    failure = guarded(info_task, "x.qasm", item)
    assert isinstance(failure, Failure) and failure.exit_code == 2
    assert failure.message.startswith("x.qasm:3:3: index 5 is out of range")
    spec = SimSpec(shots=10, seed=1)
    for thing in (simulate_task, info_task, spec, item, failure):
        assert pickle.loads(pickle.dumps(thing)) == thing


def test_one_task_runs_in_this_process_without_a_cluster():
    with Executor() as ex:
        [result] = list(ex.map(info_task, [("ghz3", (_ghz(3),))], total=1))
        assert ex.kind == "loop" and ex._client is None
    assert result.metrics.qubits == 3


def _inverse(x):
    return 1 / x


def test_short_tasks_travel_in_chunks_each_with_its_own_result(dask_client):
    from distributed import get_task_stream

    from qtool.batch.executor import MAX_CHUNK, _ChunkSizer, run_chunk

    sizer = _ChunkSizer(total=100, workers=2)
    assert sizer.next_size() == 1  # nothing timed yet: one task alone
    sizer.done([0.001] * 4)
    assert sizer.next_size() == 25  # 1/(2 x 2 workers) of what is left, below MAX_CHUNK
    sizer.submitted = 97
    assert sizer.next_size() == 1  # the last tasks go alone, so the workers end together
    assert _ChunkSizer(None, 2).next_size() == 1
    slow = _ChunkSizer(None, 2)
    slow.done([10.0])
    assert slow.next_size() == 1 and MAX_CHUNK > 1
    results, seconds = run_chunk(_inverse, [("a", (2,)), ("b", (0,)), ("c", (4,))])
    assert results[0] == 0.5 and results[2] == 0.25 and len(seconds) == 3
    assert isinstance(results[1], Failure) and results[1].exit_code == 1
    assert results[1].message.startswith("b: internal error (a bug, please report it): "
                                         "ZeroDivisionError")
    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    try:
        with get_task_stream(dask_client) as stream, Executor(client=dask_client) as ex:
            tasks = [(f"t{k}", (k + 1,)) for k in range(60)]
            tasks[7] = ("zero", (0,))
            got = list(ex.map(_inverse, tasks, total=len(tasks)))
    finally:
        cloudpickle.unregister_pickle_by_value(sys.modules[__name__])
    assert [r for k, r in enumerate(got) if k != 7] == [1 / (k + 1) for k in range(60) if k != 7]
    assert isinstance(got[7], Failure) and got[7].name == "zero"
    assert len(stream.data) < 60  # several tasks per Dask task


def test_a_worker_killed_mid_run_loses_no_task(dask_client):
    """SIGKILL one worker while tasks run: its task is rerun elsewhere, nothing is lost and
    the seeded results are those of a run without the kill."""
    items = [_ghz(12) for _ in range(6)]
    spec = SimSpec(shots=300, seed=5, noise="depolarizing:0.01", threads=1)
    pids = list(dask_client.run(os.getpid).values())
    results = []
    with Executor(client=dask_client) as ex:
        for k, result in enumerate(ex.map(simulate_task, _tasks(items, spec), total=6)):
            results.append(result)
            if k == 0:
                os.kill(pids[0], signal.SIGKILL)
    assert not [r for r in results if isinstance(r, Failure)]
    with Executor(workers=1) as loop:
        expected = list(loop.map(simulate_task, _tasks(items[:1], spec), total=1))
    assert _counts(results) == _counts(expected) * 6
    dask_client.wait_for_workers(2, timeout=180)  # the nanny restarted it


def _die(_):
    os.kill(os.getpid(), signal.SIGKILL)


def test_a_task_that_kills_every_worker_is_retried_once_then_reported(dask_client):
    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    try:
        with Executor(client=dask_client) as ex:
            results = list(ex.map(_die, [("doomed", (1,)), ("doomed too", (2,))], total=2))
    finally:
        cloudpickle.unregister_pickle_by_value(sys.modules[__name__])
    assert all(isinstance(r, Failure) for r in results)
    assert results[0].message == ("doomed: the worker running it died 2 times (out of memory, "
                                  "or killed); the task is not retried again")
    assert results[0].exit_code == 3
    # Four deaths in a row: under load a nanny can take minutes to bring its worker back
    # (waiting for both made this test time out at 180 s); the batch needs one.
    dask_client.wait_for_workers(1, timeout=180)




def test_local_workers_keep_glibcs_adaptive_malloc(monkeypatch):
    """Dask's nanny sets MALLOC_TRIM_THRESHOLD_, which makes every large buffer (a state
    vector) a fresh mmap and its pages faulted in again at each task: qtool's own
    LocalClusters leave it unset, as a one-process loop runs."""
    monkeypatch.delenv("MALLOC_TRIM_THRESHOLD_", raising=False)
    name = "MALLOC_TRIM_THRESHOLD_"
    with Executor(workers=2) as ex:
        got = list(ex.map(os.getenv, [("a", (name,)), ("b", (name,))], total=2))
        assert ex.kind == "local"
    assert got == [None, None]
