"""Batches of independent tasks (many files, sweep points, shot chunks) on local worker
processes or a Dask cluster.

The task functions in `qtool.batch.tasks` are pure and picklable (plain data in, plain
JSON-ready data out, no global state), so a user can map them on their own
`distributed.Client`. `qtool.batch.executor` runs them: an in-process loop for one task or
one worker, else dask.distributed (a LocalCluster of worker processes, or an existing
scheduler named by `--cluster` / QTOOL_CLUSTER). Seeds of random tasks come from the run's
seed through numpy's SeedSequence, never from the worker that runs them, so a seeded
batch gives the same result on 1 worker, 2 workers or a cluster.
"""

from qtool.batch.executor import Executor, Failure, guarded
from qtool.batch.inputs import FileRef, Item, expand_inputs, load

__all__ = ["Executor", "Failure", "guarded", "FileRef", "Item", "expand_inputs", "load"]
