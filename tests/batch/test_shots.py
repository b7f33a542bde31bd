"""Noisy trajectories split by shots: the chunks and their seeds depend only on the shots
and the run's seed, so 1 worker and 2 workers give the same counts."""

from __future__ import annotations

from qtool import qasm
from qtool.batch import Executor, Item, shots
from qtool.batch.tasks import SimSpec, simulate_task
from qtool.circuits import generate


def test_chunks_cover_the_shots_with_independent_seeds():
    plan = shots.chunks(25_001, seed=7)
    assert [n for n, _ in plan] == [8334, 8334, 8333]
    assert len({s for _, s in plan}) == 3 and 7 not in {s for _, s in plan}
    assert plan == shots.chunks(25_001, seed=7)
    assert shots.chunks(25_001, seed=8) != plan
    assert shots.chunks(10_000, seed=7) == [(10_000, 7)]  # one chunk: the run's own seed
    assert len(shots.chunks(10**9, seed=1)) == shots.MAX_TASKS


def test_split_noisy_counts_are_the_same_on_one_and_two_workers(dask_client):
    item = Item("ghz4", qasm.dumps(generate("ghz", 4)), "ghz4.qasm")
    spec = SimSpec(noise="bitflip:0.1", threads=1)
    specs = shots.specs(spec, 20_500, seed=3)
    tasks = [(item.name, (item, s)) for s in specs]
    with Executor(workers=1) as loop:
        alone = shots.merge(list(loop.map(simulate_task, tasks, total=len(tasks))), 3)
    with Executor(client=dask_client) as ex:
        spread = shots.merge(list(ex.map(simulate_task, tasks, total=len(tasks))), 3)
    assert alone.counts == spread.counts
    assert alone.shots == sum(alone.counts.values()) == 20_500
    assert alone.seed == 3 and "3 tasks" in alone.engine
    # bit flips of p=0.1 after each of ghz4's moments: far from GHZ's two outcomes
    assert len(alone.counts) == 16
