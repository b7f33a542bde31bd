"""The inspector's worker process (qtool.inspect.remote starts it): reads pickled jobs on
stdin, one at a time, and writes back (ok, result or exception). It exits when stdin closes.

Jobs: "inspect" (qtool.inspect.inspect plus the displays asked for; the state is sent back
only up to SHIP_STATE_QUBITS), "sample" (sample_counts), "metrics" (the stats line's
qtool.editor.stats.grid_metrics: pure Python that would otherwise take the editor's GIL),
"qasm" (the QASM pane's text, qtool.editor.convert.to_qasm, for the same reason)
and "warm" (imports and one tiny
simulation, so the first edit pays no start-up).
"""

from __future__ import annotations

import pickle
import sys

SHIP_STATE_QUBITS = 16  # 2^16 complex64 amplitudes = 512 KiB: cheap to send back


def run(job: str, args: tuple):
    from qtool.editor.model import Grid
    from qtool.inspect.inspector import inspect, sample_counts

    if job == "inspect":
        grid, column, top_k, hist_limit, names, seed = args
        result = inspect(grid, column, top_k=top_k, hist_limit=hist_limit, seed=seed)
        for name in names:
            result.display(name)
        return result if result.num_qubits <= SHIP_STATE_QUBITS else result.without_state()
    if job == "sample":
        grid, shots, seed = args
        return sample_counts(grid, shots, seed=seed)
    if job == "metrics":
        from qtool.editor.stats import grid_metrics

        return grid_metrics(args[0])
    if job == "qasm":
        from qtool.editor.convert import to_qasm

        grid, version = args
        return to_qasm(grid, version)
    if job == "warm":
        inspect(Grid(1), 0)
        _freeze_heap()
        return None
    raise ValueError(f"unknown job {job!r}")


def _freeze_heap() -> None:
    """The imports (cirq, qsim, numpy) are most of this process's heap and live as long as
    it does: freezing them keeps the collector's full passes, which scanned them all and
    took 150-230 ms at 16 qubits, to what the jobs create."""
    import gc

    gc.collect()
    gc.freeze()


def main() -> int:
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing but results on the pipe
    while True:
        try:
            job, args = pickle.load(stdin)
        except EOFError:
            return 0
        try:
            reply = (True, run(job, args))
        except Exception as exc:  # noqa: BLE001 - sent back, raised in the editor
            reply = (False, exc)
        try:
            data = pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # noqa: BLE001 - an unpicklable exception
            data = pickle.dumps((False, RuntimeError(f"{type(exc).__name__}: {exc}")))
        stdout.write(data)
        stdout.flush()


if __name__ == "__main__":
    sys.exit(main())
