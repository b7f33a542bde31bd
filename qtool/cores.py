"""How many CPU cores a task of this process may use.

One answer for the simulator's threads and the batch executor's worker count. A local Dask
worker that qtool starts is one of several processes sharing the machine: qtool puts its
share in the worker's environment (ENV_TASK_THREADS), so a task that asks for "every core"
gets every core in a plain run and its share on a worker, and the same task description
runs well in both places. Stdlib only: imported by `qtool --help`'s neighbours.
"""

from __future__ import annotations

import os

ENV_TASK_THREADS = "QTOOL_TASK_THREADS"


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity on Linux)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def task_cores() -> int:
    """The cores one task should use: this process's share when it is a worker qtool
    started, else every available core."""
    share = os.environ.get(ENV_TASK_THREADS, "")
    if share.isdigit() and int(share) > 0:
        return int(share)
    return available_cores()
