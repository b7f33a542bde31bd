"""TUI update latency: from an edit (a key press on the grid) until every display shows the
new circuit and has been painted, in the real app running headless.

For each qubit count, a seeded random circuit of GATES palette gates is loaded; then the
benchmark alternates "X at the end" and "undo" (each a full edit: QASM text regenerated,
stats, grid, qsim state, histogram, amplitudes, per-qubit table) and takes the timestamps
the editor screen records (`edited_at` when the key's edit starts, `painted_at` after the
screen refresh that shows its results), and reports their median, 95th percentile and
maximum, and the CPU time the UI thread spent per edit (a figure a loaded machine does
not stretch; with the simulation in the editor's worker process, wall time minus it is
mostly waiting for the simulation). References measured in the same run: the core inspection alone
(qtool.inspect.inspect, in this process; the editor runs it in its simulation process) and
a bare qsim simulation of the same circuit. benchmarks/tui_keyburst.py measures key bursts.

    python benchmarks/tui_latency.py                    # 10, 16, 20 qubits, 200 gates
    python benchmarks/tui_latency.py --qubits 16 --reps 20 --json
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from qtool.editor.document import Document  # noqa: E402
from qtool.editor.model import Grid, Op  # noqa: E402

ONE = ["H", "X", "Y", "Z", "S", "T", "SX"]
ANGLE = ["Rx", "Ry", "Rz"]
TWO = ["CX", "CZ"]


def random_grid(num_qubits: int, gates: int, seed: int) -> Grid:
    """`gates` palette gates, a third of them two-qubit, placed as early as they fit."""
    rng = random.Random(seed)
    grid = Grid(num_qubits)
    frontier = [0] * num_qubits
    for _ in range(gates):
        kind = rng.random()
        if kind < 0.33:
            a, b = rng.sample(range(num_qubits), 2)
            op = Op(rng.choice(TWO), (a, b))
        elif kind < 0.55:
            op = Op(rng.choice(ANGLE), (rng.randrange(num_qubits),), (rng.uniform(-3.1, 3.1),))
        else:
            op = Op(rng.choice(ONE), (rng.randrange(num_qubits),))
        low, high = op.span
        column = max(frontier[low:high + 1])
        while not grid.fits(op, column):
            column += 1
        while grid.width < column:
            grid = grid.insert_column(grid.width)
        grid = grid.place(op, column)
        for r in range(low, high + 1):
            frontier[r] = column + 1
    return grid


def p95(values: list[float]) -> float:
    """The 95th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, -(-95 * len(ordered) // 100) - 1))]


def core_seconds(grid: Grid, reps: int) -> tuple[float, float]:
    """Median seconds of the inspector alone, and of a bare qsim simulation (reference)."""
    from qtool.sim.openmp import import_qsimcirq

    qsimcirq = import_qsimcirq()  # as qtool imports it: the same OpenMP wait policy

    from qtool.editor.convert import qubits_of, to_cirq
    from qtool.inspect import inspect

    inspect(grid)  # warm-up
    core = []
    for _ in range(reps):
        t = time.perf_counter()
        inspect(grid)
        core.append(time.perf_counter() - t)
    circuit, qubits = to_cirq(grid), qubits_of(grid)
    sim = qsimcirq.QSimSimulator(qsimcirq.QSimOptions(max_fused_gate_size=4))
    sim.simulate(circuit, qubit_order=qubits)
    bare = []
    for _ in range(reps):
        t = time.perf_counter()
        sim.simulate(circuit, qubit_order=qubits)
        bare.append(time.perf_counter() - t)
    return statistics.median(core), statistics.median(bare)


async def tui_latencies(grid: Grid, reps: int) -> tuple[list[float], list[float]]:
    """(wall seconds, UI-thread CPU seconds) of each edit until painted. The CPU time is
    what the event loop itself spent (this coroutine runs on the app's thread): on a
    loaded machine the wall time stretches, the CPU time does not."""
    from tui.app import QtoolApp

    with tempfile.TemporaryDirectory() as folder:
        app = QtoolApp(Document(grid, recovery_folder=Path(folder)))
        async with app.run_test(size=(120, 36)) as pilot:
            editor = await _ready(app, pilot)
            out, cpu = [], []
            for i in range(reps):
                start_cpu = time.thread_time()
                await pilot.press("X" if i % 2 == 0 else "u")
                deadline = time.perf_counter() + 30
                while (editor.painted_at <= editor.edited_at or not editor.idle) \
                        and time.perf_counter() < deadline:
                    await asyncio.sleep(0.001)
                out.append(editor.painted_at - editor.edited_at)
                cpu.append(time.thread_time() - start_cpu)
            return out, cpu


async def _ready(app, pilot):
    while True:
        await pilot.pause(0.05)
        try:
            editor = app.editor
        except StopIteration:
            continue
        if editor.idle and editor.painted_at:
            return editor


def run(qubit_counts: list[int], gates: int, reps: int, seed: int) -> list[dict]:
    rows = []
    for n in qubit_counts:
        grid = random_grid(n, gates, seed)
        latencies, cpu = asyncio.run(tui_latencies(grid, reps))
        core, bare = core_seconds(grid, max(3, reps // 2))
        median = statistics.median(latencies)
        rows.append({"qubits": n, "gates": grid.op_count(), "depth": grid.width,
                     "edit_to_painted_ms_median": median * 1e3,
                     "edit_to_painted_ms_p95": p95(latencies) * 1e3,
                     "edit_to_painted_ms_max": max(latencies) * 1e3,
                     "ui_thread_cpu_ms_median": statistics.median(cpu) * 1e3,
                     "inspect_ms": core * 1e3, "bare_qsim_ms": bare * 1e3,
                     "latency_over_bare_qsim": median / bare if bare else None})
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--qubits", type=int, nargs="+", default=[10, 16, 20])
    parser.add_argument("--gates", type=int, default=200)
    parser.add_argument("--reps", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    args = parser.parse_args(argv)
    rows = run(args.qubits, args.gates, args.reps, args.seed)
    if args.json:
        print(json.dumps({"schema": "qtool.bench.tui_latency/1", "rows": rows}, indent=2))
        return 0
    print(f"{'qubits':>6} {'gates':>5} {'edit->painted median':>21} {'p95':>8} {'max':>8} "
          f"{'UI CPU':>8} {'inspect':>8} {'bare qsim':>9} {'ratio':>6}")
    for r in rows:
        print(f"{r['qubits']:>6} {r['gates']:>5} {r['edit_to_painted_ms_median']:>18.1f} ms "
              f"{r['edit_to_painted_ms_p95']:>5.1f} ms {r['edit_to_painted_ms_max']:>5.1f} ms "
              f"{r['ui_thread_cpu_ms_median']:>5.1f} ms {r['inspect_ms']:>5.1f} ms "
              f"{r['bare_qsim_ms']:>6.1f} ms {r['latency_over_bare_qsim']:>6.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
