"""Seeds of the tasks of a batch, from the run's one seed.

numpy's SeedSequence spawns independent child seeds from the run's seed; task k always
gets child k, whichever worker runs it and however many workers there are, so a seeded
batch gives the same result on 1 worker, 2 workers or a cluster.
"""

from __future__ import annotations

import numpy as np


def task_seeds(seed: int, n: int) -> list[int]:
    """n independent seeds for n tasks (31-bit: every simulator accepts them)."""
    children = np.random.SeedSequence(seed).spawn(n)
    return [int(c.generate_state(1, dtype=np.uint32)[0] >> 1) for c in children]
