"""TUI key bursts at 20 qubits: does the screen keep up with the keys while qsim works?

A seeded random 20-qubit circuit of GATES gates is loaded into the real app (headless);
then KEYS keys are pressed one after another, INTERVAL seconds apart (a quick typist: 30
ms), first `H` (each one an edit: a new simulation), then cursor moves (each one a new
inspected column: a new simulation too). For every key it takes the time from the press
until the screen refresh showing that key's grid (the editor's `repainted_at`), and after
the last key the catch-up: the time until the displays show the last edit, compared with
one simulation's time (the goal: within one simulation time after the last key).

    python benchmarks/tui_keyburst.py                 # 20 qubits, 30 keys, 30 ms apart
    python benchmarks/tui_keyburst.py --qubits 16 --keys 60 --json
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from qtool.editor.document import Document  # noqa: E402
from tui_latency import _ready, p95, random_grid  # noqa: E402

BURSTS = {"H presses": ["H"], "cursor moves": ["left", "left", "right", "up", "down", "right"]}


async def burst(editor, pilot, keys: list[str], interval: float) -> dict:
    repaint = []
    for key in keys:
        pressed = time.perf_counter()
        await pilot.press(key)
        deadline = pressed + 10
        while editor.repainted_at < pressed and time.perf_counter() < deadline:
            await asyncio.sleep(0.001)
        repaint.append(editor.repainted_at - pressed)
        rest = interval - (time.perf_counter() - pressed)
        if rest > 0:
            await asyncio.sleep(rest)
    last = time.perf_counter()
    deadline = last + 60
    while (not editor.idle or editor.painted_at < last) and time.perf_counter() < deadline:
        await asyncio.sleep(0.001)
    catch_up = max(0.0, editor.painted_at - last)
    sim = editor.inspection.seconds if editor.inspection is not None else float("nan")
    return {"keys": len(keys), "repaint_ms_median": statistics.median(repaint) * 1e3,
            "repaint_ms_p95": p95(repaint) * 1e3, "repaint_ms_max": max(repaint) * 1e3,
            "catch_up_ms": catch_up * 1e3, "one_simulation_ms": sim * 1e3}


async def run_bursts(num_qubits: int, gates: int, keys: int, interval: float, seed: int) -> list[dict]:
    from tui.app import QtoolApp

    grid = random_grid(num_qubits, gates, seed)
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        app = QtoolApp(Document(grid, recovery_folder=Path(folder)))
        async with app.run_test(size=(120, 36)) as pilot:
            editor = await _ready(app, pilot)
            await pilot.pause(1.0)  # the simulation process warmed up
            for name, pattern in BURSTS.items():
                sequence = [pattern[i % len(pattern)] for i in range(keys)]
                row = await burst(editor, pilot, sequence, interval)
                rows.append({"qubits": num_qubits, "gates": grid.op_count(), "burst": name, **row})
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--qubits", type=int, default=20)
    parser.add_argument("--gates", type=int, default=200)
    parser.add_argument("--keys", type=int, default=30)
    parser.add_argument("--interval", type=float, default=0.03, help="seconds between keys")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    args = parser.parse_args(argv)
    rows = asyncio.run(run_bursts(args.qubits, args.gates, args.keys, args.interval, args.seed))
    if args.json:
        print(json.dumps({"schema": "qtool.bench.tui_keyburst/1", "rows": rows}, indent=2))
        return 0
    print(f"{'qubits':>6} {'burst':>13} {'keys':>4} {'repaint median':>14} {'p95':>8} {'max':>8} "
          f"{'catch-up':>9} {'1 simulation':>12}")
    for r in rows:
        print(f"{r['qubits']:>6} {r['burst']:>13} {r['keys']:>4} {r['repaint_ms_median']:>11.1f} ms "
              f"{r['repaint_ms_p95']:>5.1f} ms {r['repaint_ms_max']:>5.1f} ms "
              f"{r['catch_up_ms']:>6.1f} ms {r['one_simulation_ms']:>9.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
