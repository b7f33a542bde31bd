"""A worker plugin for the LocalClusters qtool starts (a module of its own: it imports
distributed, which a single-circuit command never loads)."""

from __future__ import annotations

from distributed.diagnostics.plugin import WorkerPlugin


class IgnoreCtrlC(WorkerPlugin):
    """Ctrl-C is the client's business (it cancels the tasks and closes the cluster): a
    local worker the nanny restarts after a death (spawned after the client restored its
    SIGINT handler) ignores it too, like the workers started with the cluster."""

    def setup(self, worker) -> None:
        import signal
        import threading

        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGINT, signal.SIG_IGN)
