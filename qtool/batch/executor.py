"""Run a batch of independent tasks: in-process, on local worker processes, or on a cluster.

No scheduler of our own: anything beyond one process is dask.distributed's, so a user gets
its dashboard, its deployment tools (dask-jobqueue, dask-kubernetes) and its fault
tolerance. The plan:

- one task, or one worker: a plain loop in this process (nothing to start);
- `workers=N`: a LocalCluster of N processes, one thread each;
- no `workers` given ("auto"): the tasks start in this process, on every core, and a
  LocalCluster of one worker per core takes over the rest only once the tasks done so far
  show that the rest would finish sooner there, start-up included (START_SECONDS). Starting
  workers costs about 2 s of wall time (spawn, imports); `qtool simulate a.qasm b.qasm` on two
  small files took 5.2 s through workers against 2.2 s in this process;
- `cluster="tcp://HOST:PORT"` (or QTOOL_CLUSTER in the environment): an existing scheduler.

Results come back in the order of the tasks, whatever order they finish in, so output does
not depend on the number of workers. Submission is windowed (a few Dask tasks per worker in
flight), so a batch of 10^5 inputs neither reads all of them first nor floods the scheduler.
A task whose worker dies is rerun once elsewhere (the scheduler's `allowed-failures`, set
to 1 for the clusters we start), then reported as a Failure; Ctrl-C cancels what is left.

Short tasks travel in chunks: each Dask task costs about 5 ms of scheduler and client CPU
(on a local cluster, in this very process, on one of the cores the workers use) and 8 ms
of the worker's own bookkeeping (measured on this machine under load), against 36 ms of
CPU for the compile of a typical corpus circuit. So consecutive tasks are grouped into one
Dask task of about CHUNK_SECONDS of CPU, sized from the tasks done so far (the first ones
go alone, one per worker), and never more than a share of what is left, so the last
chunks stay small and the workers finish together. Every task still runs alone (its own `guarded` call, its own
result or Failure, its own seed), so chunking changes no result; a chunk whose worker died
twice is split and its tasks rerun one by one, so one deadly task does not fail its
neighbours.
"""

from __future__ import annotations

import logging
import os
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator

from qtool.errors import EXIT_BUG, EXIT_RESOURCES, ParameterError, QtoolError
from qtool.cores import ENV_TASK_THREADS, available_cores

ENV_CLUSTER = "QTOOL_CLUSTER"
ALLOWED_FAILURES = 1  # worker deaths a task survives: it is retried once, then it fails
CONNECT_TIMEOUT = "20s"
WORKER_WAIT_SECONDS = 60.0
TASKS_PER_WORKER_IN_FLIGHT = 4
CHUNK_SECONDS = 0.5  # the CPU time a chunk of short tasks aims at
# What starting local workers costs before they return a first result: 1.9-2.2 s of wall
# time on this 2-core machine when idle (benchmarks/batch_speedup.py, cluster_start_s),
# more under load; the auto plan starts them only for a larger expected gain.
START_SECONDS = 3.0
MAX_CHUNK = 64
# The worker profiler samples every thread's stack (10 ms by default); on deep cirq stacks
# that costs a few percent of a worker's CPU. 100 ms still fills the dashboard's profile.
WORKER_PROFILE_INTERVAL = "100ms"


def local_cluster_config(task_share: int = 1) -> dict:
    """The dask config of the LocalClusters qtool starts.

    Dask's nanny starts workers with MALLOC_TRIM_THRESHOLD_=65536, so that freed memory
    goes back to the OS. Setting any trim threshold turns off glibc's adaptive mmap
    threshold: every buffer over 128 KB (a 20-qubit state is 8 MB) is then a fresh mmap,
    paid in page faults each time it is touched. Measured on a 64-point, 20-qubit sweep: 20x
    the minor page faults of the same loop in one process and a third more CPU per point
    (0.46 s of 2.07 s in the kernel). qtool's workers run with glibc's defaults, as the
    one-process loop does (None unsets a variable in the nanny's pre-spawn environment).
    """
    return {"distributed.scheduler.allowed-failures": ALLOWED_FAILURES,
            f"distributed.nanny.pre-spawn-environ.{ENV_TASK_THREADS}": str(task_share),
            "distributed.worker.profile.interval": WORKER_PROFILE_INTERVAL,
            "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}


@dataclass(frozen=True)
class Failure:
    """A task (or an input) that failed: its name, the message a user sees, the exit code."""

    name: str
    message: str
    exit_code: int = 2


def guarded(fn: Callable, name: str, *args: Any):
    """Run `fn(*args)`, turning a user error into a Failure naming the input (picklable, so
    it is what travels to workers: the batch goes on past a bad file)."""
    try:
        return fn(*args)
    except QtoolError as exc:
        return Failure(name, _named(name, str(exc)), exc.exit_code)
    except MemoryError:
        return Failure(name, f"{name}: out of memory", EXIT_RESOURCES)


def _named(name: str, message: str) -> str:
    base = name.split("#")[0]
    return message if message.startswith(name) or message.startswith(base + ":") else \
        f"{name}: {message}"


local_cores = available_cores  # the cores a LocalCluster of default size gets, one worker each


class Executor:
    """Where a batch runs. Use as a context manager; `map` may be called several times and
    reuses the cluster it started.

    workers: local worker processes (None: auto, see the module's docstring; 1: run in
        this process).
    cluster: address of an existing Dask scheduler (None: QTOOL_CLUSTER, else local).
    threads: threads per task (None: the cores of the machine shared among the local
        workers, one per task on a cluster, every core in this process).
    client: a distributed.Client of the caller's own (library use; never closed here).
    """

    def __init__(self, workers: int | None = None, cluster: str | None = None,
                 threads: int | None = None, client=None):
        if workers is not None and workers < 1:
            raise ParameterError("workers", f" must be at least 1, not {workers}")
        self.cluster_address = cluster or os.environ.get(ENV_CLUSTER) or None
        if self.cluster_address and "://" not in self.cluster_address:
            self.cluster_address = f"tcp://{self.cluster_address}"
        self.workers = workers
        self.threads = threads
        self._client = client
        self._own_client = client is None
        self._cluster = None
        self.kind = None  # "loop" | "local" | "cluster" once the first map has run
        self.done_here = 0  # tasks the auto plan ran in this process before workers took over

    # ------------------------------------------------------------------ the plan
    def plan(self, ntasks: int) -> str:
        if self.cluster_address or not self._own_client:
            return "cluster"
        if ntasks <= 1 or self.local_workers() == 1:
            return "loop"
        return "auto" if self.workers is None else "local"

    def local_workers(self) -> int:
        return self.workers or local_cores()

    def task_threads(self, ntasks: int) -> int | None:
        """Threads each task should use (qsim's cpu_threads), so workers do not oversubscribe."""
        if self.threads:
            return self.threads
        kind = self.plan(ntasks)
        if kind in ("loop", "auto"):  # auto: every core here, the worker's share there
            return None
        if kind == "cluster":
            return 1
        return self._worker_share()

    def _worker_share(self) -> int:
        """The cores each local worker gets: the machine's, shared out."""
        return max(1, local_cores() // self.local_workers())

    def describe(self) -> str:
        if self.kind == "cluster" and not self._own_client:
            return f"the caller's Dask client ({self._nworkers()} workers)"
        if self.kind == "cluster":
            return f"Dask scheduler {self.cluster_address} ({self._nworkers()} workers)"
        if self.kind == "local":
            return f"{self.local_workers()} local worker processes"
        return "this process"

    # ------------------------------------------------------------------ running
    def map(self, fn: Callable, tasks: Iterable, total: int | None = None,
            on_done: Callable[[], None] | None = None) -> Iterator:
        """Results of `fn` over `tasks`, in task order.

        Each task is `(name, args)`, or a Failure (an input that could not be read), which
        is passed through in its place. A result is fn's return value or a Failure.
        """
        kind = self.plan(total if total is not None else 2)
        self.kind = kind
        if kind == "loop":
            return self._loop(fn, tasks, on_done)
        if kind == "auto":
            self.kind = "loop"  # until workers take over
            return self._auto(fn, tasks, on_done, total)
        self._connect(kind)
        return self._dask(fn, tasks, on_done, total)

    def _auto(self, fn, tasks, on_done, total: int | None) -> Iterator:
        """Tasks in this process until local workers would finish the rest sooner, start-up
        included; then the rest on them. `kind` says "loop" until the workers take over."""
        import time

        source = iter(tasks)
        # _loop reads one task per result, so `source` is left at the first task not run.
        here = self._loop(fn, source, on_done)
        done, wall, cpu = 0, 0.0, 0.0
        while True:
            w0, c0 = time.perf_counter(), time.process_time()
            try:
                result = next(here)
            except StopIteration:
                return
            wall += time.perf_counter() - w0
            cpu += time.process_time() - c0
            done += 1
            yield result
            left = None if total is None else total - done
            if left is not None and left <= 0:
                return
            if workers_pay_off(wall, cpu, done, left, self.local_workers()):
                self._connect("local")
                self.kind, self.done_here = "local", done
                yield from self._dask(fn, source, on_done, left)
                return

    def _loop(self, fn, tasks, on_done) -> Iterator:
        for task in tasks:
            result = task if isinstance(task, Failure) else guarded(fn, task[0], *task[1])
            if on_done:
                on_done()
            yield result

    def _connect(self, kind: str) -> None:
        if self._client is not None:
            return
        import dask
        from distributed import Client

        _quiet_dask_logs()
        if kind == "cluster":
            try:
                self._client = Client(self.cluster_address, timeout=CONNECT_TIMEOUT)
            except (OSError, TimeoutError) as exc:
                raise QtoolError(f"cannot connect to the Dask scheduler at "
                                 f"{self.cluster_address}: {exc}") from None
            try:
                self._client.wait_for_workers(1, timeout=WORKER_WAIT_SECONDS)
            except (TimeoutError, OSError):
                self.close()
                raise QtoolError(f"the Dask scheduler at {self.cluster_address} has no workers "
                                 f"(waited {WORKER_WAIT_SECONDS:.0f} s): start some with "
                                 f"`dask worker {self.cluster_address}`") from None
            return
        from distributed import LocalCluster

        with dask.config.set(local_cluster_config(self._worker_share())), _sigint_ignored():
            self._cluster = LocalCluster(
                n_workers=self.local_workers(), threads_per_worker=1, processes=True,
                # ":0": a free port, so a second qtool (or a cluster on 8787) does not
                # make distributed warn that 8787 is taken.
                dashboard_address=":0", silence_logs=_worker_log_level())
        self._client = Client(self._cluster)
        from qtool.batch.worker_plugin import IgnoreCtrlC

        self._client.register_plugin(IgnoreCtrlC(), name="qtool-ignore-ctrl-c")

    def _nworkers(self) -> int:
        try:
            return len(self._client.scheduler_info(n_workers=-1)["workers"])
        except Exception:  # noqa: BLE001 - only for a description line
            return 0

    def _dask(self, fn, tasks, on_done, total: int | None = None) -> Iterator:
        from distributed import as_completed

        client = self._client
        window = max(8, TASKS_PER_WORKER_IN_FLIGHT * max(1, self._nworkers()))
        run = uuid.uuid4().hex[:8]
        source = enumerate(tasks)
        pending: dict = {}  # future -> task index
        ready: dict[int, Any] = {}
        finished = as_completed()
        next_out = 0
        exhausted = False

        sizer = _ChunkSizer(total, max(1, self._nworkers()))

        def submit(chunk: list) -> None:
            future = client.submit(run_chunk, fn, [(name, args) for _, name, args in chunk],
                                   pure=False, retries=0,
                                   key=f"qtool-{_task_name(fn)}-{run}-{chunk[0][0]}")
            pending[future] = chunk
            finished.add(future)

        def submit_more() -> None:
            nonlocal exhausted
            # Until a task has been timed, one task per worker: a window of single tasks
            # would pay the per-task cost that chunks exist to spread.
            while not exhausted and len(pending) < (window if sizer.timed else sizer.workers):
                size, chunk = sizer.next_size(), []
                while len(chunk) < size:
                    try:
                        i, task = next(source)
                    except StopIteration:
                        exhausted = True
                        break
                    if isinstance(task, Failure):
                        ready[i] = task
                        sizer.submitted += 1
                        if on_done:
                            on_done()
                        continue
                    chunk.append((i, task[0], task[1]))
                if chunk:
                    sizer.submitted += len(chunk)
                    submit(chunk)

        try:
            submit_more()
            while next_out in ready:
                yield ready.pop(next_out)
                next_out += 1
            for future in finished:
                chunk = pending.pop(future)
                outcome = _chunk_outcome(future, chunk)
                future.release()
                if outcome is None:  # its worker died twice: rerun its tasks one by one
                    for part in chunk:
                        submit([part])
                    continue
                results, seconds = outcome
                sizer.done(seconds)
                for (i, _, _), result in zip(chunk, results):
                    ready[i] = result
                    if on_done:
                        on_done()
                submit_more()
                while next_out in ready:
                    yield ready.pop(next_out)
                    next_out += 1
            while next_out in ready:  # failures read after the last submitted task
                yield ready.pop(next_out)
                next_out += 1
        except BaseException:  # Ctrl-C, or the consumer stopped: drop what is left
            if pending:
                try:
                    client.cancel(list(pending), force=True)
                except Exception:  # noqa: BLE001 - the cluster may be gone already
                    pass
            raise

    def close(self) -> None:
        if not self._own_client:
            return
        client, cluster = self._client, self._cluster
        self._client = self._cluster = None
        for thing in (client, cluster):
            if thing is not None:
                try:
                    thing.close(timeout=10) if thing is cluster else thing.close()
                except Exception:  # noqa: BLE001 - closing on the way out
                    pass

    def __enter__(self) -> "Executor":
        return self

    def __exit__(self, *exc) -> bool:
        self.close()
        return False


@contextmanager
def _sigint_ignored():
    """Ctrl-C reaches every process of the terminal's foreground group: local workers
    started meanwhile inherit an ignored SIGINT, so only this process acts on it (it
    cancels the tasks and closes the cluster) and no worker prints a traceback."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    saved = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, saved)


def workers_pay_off(wall: float, cpu: float, done: int, left: int | None,
                    workers: int) -> bool:
    """Whether `workers` local workers would finish the tasks left sooner than this process,
    START_SECONDS included, judged from the `done` tasks so far (their wall and CPU seconds
    here). Here a task takes its wall time (on every core); on a worker about its CPU time
    (one core's share), `workers` at a time. With an unknown number left (a stream), the
    workers start once the work done here has cost START_SECONDS: never more than twice
    the best choice's start-up cost, whatever comes next."""
    if left is None:
        return wall > START_SECONDS
    if left < 2:
        return False
    here = wall / done * left
    there = cpu / done * -(-left // workers)
    return here - there > START_SECONDS


def _task_name(fn) -> str:
    """A readable name for the dashboard's task stream (functools.partial has no __name__)."""
    inner = getattr(fn, "func", fn)
    return getattr(inner, "__name__", type(inner).__name__)


def run_chunk(fn: Callable, tasks: list) -> tuple[list, list[float]]:
    """What one Dask task runs: each (name, args) of a chunk alone, in order, through
    `guarded` (a bug in one task is that task's Failure, not its neighbours'), with the CPU
    seconds each took (they size the next chunks). CPU, not wall time: on a loaded machine
    the wall time of a task stretches with the load while its work and the per-Dask-task
    cost do not, and wall-sized chunks came out 3x too small at a load average of 16."""
    import time

    results, seconds = [], []
    for name, args in tasks:
        t0 = time.process_time()
        try:
            results.append(guarded(fn, name, *args))
        except Exception as exc:  # noqa: BLE001 - a bug in a task: reported, the batch goes on
            results.append(_bug(name, exc))
        seconds.append(time.process_time() - t0)
    return results, seconds


class _ChunkSizer:
    """How many tasks the next chunk takes: 1 until a task has been timed, then about
    CHUNK_SECONDS of them (by the mean CPU time so far), at most MAX_CHUNK and at most a
    1/(2 x workers) share of the tasks not yet submitted (when their number is known)."""

    def __init__(self, total: int | None, workers: int):
        self.total, self.workers = total, workers
        self.submitted = 0
        self.timed, self.seconds = 0, 0.0

    def done(self, seconds: list[float]) -> None:
        self.timed += len(seconds)
        self.seconds += sum(seconds)

    def next_size(self) -> int:
        if not self.timed:
            return 1
        mean = self.seconds / self.timed
        size = MAX_CHUNK if mean <= 0 else int(CHUNK_SECONDS / mean)
        if self.total is not None:
            size = min(size, -(-(self.total - self.submitted) // (2 * self.workers)))
        return max(1, min(size, MAX_CHUNK))


def _chunk_outcome(future, chunk: list):
    """A finished chunk's (results, seconds); None when its worker died twice and the chunk
    holds several tasks (the caller reruns them alone); else one Failure per task."""
    from distributed import KilledWorker

    try:
        return future.result()
    except KilledWorker:
        if len(chunk) > 1:
            return None
        name = chunk[0][1]
        return [Failure(name, f"{name}: the worker running it died {ALLOWED_FAILURES + 1} "
                              "times (out of memory, or killed); the task is not retried again",
                        EXIT_RESOURCES)], []
    except QtoolError as exc:  # raised outside guarded (a user's own function)
        return [Failure(name, _named(name, str(exc)), exc.exit_code) for _, name, _ in chunk], []
    except Exception as exc:  # noqa: BLE001 - a bug: reported, the batch goes on
        return [_bug(name, exc) for _, name, _ in chunk], []


def _bug(name: str, exc: BaseException) -> Failure:
    return Failure(name, f"{name}: internal error (a bug, please report it): "
                         f"{type(exc).__name__}: {exc}", EXIT_BUG)


def _worker_log_level() -> int:
    """Local workers log nothing a user needs (task errors come back as Failures; a heartbeat
    racing the scheduler's shutdown is logged as an ERROR): only --debug shows their logs."""
    return logging.INFO if os.environ.get("QTOOL_DEBUG", "") not in ("", "0") else logging.CRITICAL


def _quiet_dask_logs() -> None:
    """Dask's INFO/WARNING lines (worker restarts, closing comms) are not a user's business
    unless they asked for --debug; errors still show."""
    if os.environ.get("QTOOL_DEBUG", "") in ("", "0"):
        for name in ("distributed", "distributed.client", "distributed.scheduler",
                     "distributed.nanny", "distributed.worker", "distributed.core"):
            logging.getLogger(name).setLevel(logging.ERROR)
