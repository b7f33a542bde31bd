"""How qsim's OpenMP threads wait, set before qsim's library is loaded.

qsim parallelises each gate with OpenMP and meets at a barrier after it. GNU OpenMP's
default is to spin at that barrier. On a machine where another process holds a core (a
second qtool, a Dask worker, a build), the spinning thread waits for a descheduled peer
every gate: a 20-qubit, 40-layer simulation on 2 threads took 17x the wall time of 1 thread
here with one busy process beside it (`python benchmarks/openmp_wait.py`). With
OMP_WAIT_POLICY=PASSIVE the waiting thread sleeps and the same run costs what 1 thread does.

libgomp reads the variable once, when it is loaded, so this must run before the first
`import qsimcirq` of the process; a value the user set is kept. If another library loaded
libgomp first (torch does, for its own threads), its setting stands for the process.
"""

from __future__ import annotations

import os

WAIT_POLICY = "OMP_WAIT_POLICY"
DEFAULT_POLICY = "PASSIVE"


def passive_waits() -> str:
    """Make OpenMP threads sleep rather than spin while they wait, unless the user chose;
    returns the policy the process will have (if libgomp is not loaded yet)."""
    return os.environ.setdefault(WAIT_POLICY, DEFAULT_POLICY)


def import_qsimcirq():
    """qsimcirq, imported with passive OpenMP waits (the one way qtool imports it)."""
    passive_waits()
    import qsimcirq

    return qsimcirq
