"""Noisy sampling split by shots: each chunk of trajectories is a task with its own seed.

The chunks and their seeds come from qtool.seeds (sizes from the number of shots alone,
seeds from the run's seed), so the summed counts for a seed are the same on any number of
workers. A run of one chunk keeps the run's seed itself: it is exactly `qtool simulate`
without a batch.

Noisy `--expect` values split the same way: each chunk averages its shots' worth of
trajectories, and the merged value is the trajectory-weighted mean of the chunks' means,
its standard error that of a weighted mean of independent estimates,
sqrt(sum((n_k / N)^2 * se_k^2)).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import replace

from qtool.seeds import SHOTS_PER_TASK, chunks


def specs(spec, shots: int, seed: int) -> list:
    """The SimSpec of each chunk task of `spec` (qtool.batch.tasks.SimSpec)."""
    return [replace(spec, shots=size, seed=s) for size, s in chunks(shots, seed)]


def merge(reports: list, seed: int):
    """The chunks' SimulationReports as one report of all their shots."""
    first = reports[0]
    if len(reports) == 1:
        return first
    total: Counter = Counter()
    for r in reports:
        total.update(r.counts)
    shots = sum(r.shots for r in reports)
    expectations = [(name, merge_estimates([r.expectations[j][1] for r in reports]))
                    for j, (name, _) in enumerate(first.expectations)]
    return replace(first, counts=dict(sorted(total.items())), shots=shots, seed=seed,
                   expectations=expectations,
                   engine=f"{first.engine}, {len(reports)} tasks of up to {SHOTS_PER_TASK} shots")


def merge_estimates(estimates: list):
    """One expectation value from the chunks' (qtool.sim.engine.Estimate): exact values are
    the same in every chunk and stay as they are; trajectory means are weighted by their
    trajectories."""
    first = estimates[0]
    if first.trajectories is None:
        return first
    weights = [e.trajectories for e in estimates]
    n = sum(weights)
    value = sum(w * e.value for w, e in zip(weights, estimates)) / n
    stderr = None
    if all(e.stderr is not None for e in estimates):
        stderr = math.sqrt(sum((w / n) ** 2 * e.stderr ** 2 for w, e in zip(weights, estimates)))
    return replace(first, value=value, stderr=stderr, trajectories=n)
