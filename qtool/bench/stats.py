"""Timing statistics in the spirit of pytest-benchmark: min, max, mean, median, stddev, iqr."""

from __future__ import annotations

import statistics


def timing_stats(times: list[float]) -> dict[str, float | int]:
    """Summary of wall times in seconds (one entry per round)."""
    if not times:
        raise ValueError("no timings")
    ordered = sorted(times)
    if len(ordered) >= 2:
        q1, _, q3 = statistics.quantiles(ordered, n=4, method="inclusive")
    else:
        q1 = q3 = ordered[0]
    return {
        "rounds": len(ordered),
        "min": ordered[0],
        "max": ordered[-1],
        "mean": statistics.fmean(ordered),
        "median": statistics.median(ordered),
        "stddev": statistics.stdev(ordered) if len(ordered) >= 2 else 0.0,
        "iqr": q3 - q1,
    }
