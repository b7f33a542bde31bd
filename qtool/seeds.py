"""Seeds of the parts of a seeded run, from the run's one seed, and its shot chunks.

numpy's SeedSequence spawns independent child seeds from the run's seed; part k always gets
child k, whichever worker runs it and however many workers there are, so a seeded batch
gives the same result on 1 worker, 2 workers or a cluster. Shots split the same way: the
chunks depend only on the number of shots (SHOTS_PER_TASK each, the last ones one shot
smaller), never on the workers, and a run of one chunk keeps the run's seed itself.

A bottom-layer module: noisy simulation (qtool.batch.shots) and QEC sampling (qtool.qec)
both cut their shots with it.
"""

from __future__ import annotations

import math

import numpy as np

SHOTS_PER_TASK = 10_000
MAX_TASKS = 1000  # above SHOTS_PER_TASK * MAX_TASKS shots, chunks grow instead


def task_seeds(seed: int, n: int) -> list[int]:
    """n independent seeds for n tasks (31-bit: every simulator accepts them)."""
    children = np.random.SeedSequence(seed).spawn(n)
    return [int(c.generate_state(1, dtype=np.uint32)[0] >> 1) for c in children]


def chunks(shots: int, seed: int) -> list[tuple[int, int]]:
    """(shots, seed) of each chunk of a run of `shots` shots seeded `seed`."""
    n = min(MAX_TASKS, math.ceil(shots / SHOTS_PER_TASK))
    if n <= 1:
        return [(shots, seed)]
    base, extra = divmod(shots, n)
    sizes = [base + (k < extra) for k in range(n)]
    return list(zip(sizes, task_seeds(seed, n)))
