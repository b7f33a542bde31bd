"""qsim on every core with OpenMP's two wait policies, on an idle machine and beside one busy
process, against qsim on 1 thread in the same condition (why qtool.sim.openmp sets PASSIVE).

    python benchmarks/openmp_wait.py [--qubits 20] [--layers 40] [--repeats 3] [--json]

Each row is a fresh process (libgomp reads the policy once, when it loads), timed around
the simulations only, after one warm-up run. "busy" starts a pure-Python spin loop in
another process for the row's duration: a second qtool, a Dask worker or a build holding a
core, as users' machines have. Figures are ratios to the 1-thread row of the same condition.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import subprocess
import sys
import time

CHILD = r"""
import sys, time
import cirq
from qtool.sim.options import SimOptions
n, layers, threads, repeats = map(int, sys.argv[1:5])
qubits = cirq.LineQubit.range(n)
circuit = cirq.testing.random_circuit(qubits, n_moments=layers, op_density=0.9, random_state=1)
sim = SimOptions(threads=threads).simulator()
sim.simulate(circuit)
t0 = time.perf_counter()
for _ in range(repeats):
    sim.simulate(circuit)
print((time.perf_counter() - t0) / repeats)
"""


def spin(stop) -> None:
    while not stop.is_set():
        pass


def timed(policy: str, threads: int, args) -> float:
    env = {**os.environ, "OMP_WAIT_POLICY": policy}
    out = subprocess.run([sys.executable, "-c", CHILD, str(args.qubits), str(args.layers),
                          str(threads), str(args.repeats)],
                         env=env, capture_output=True, text=True, check=True)
    return float(out.stdout.split()[-1])


def condition(busy: bool, threads: int, args) -> dict:
    stop = mp.Event()
    competitor = mp.Process(target=spin, args=(stop,)) if busy else None
    if competitor:
        competitor.start()
        time.sleep(0.2)
    try:
        one = timed("PASSIVE", 1, args)
        rows = {p: timed(p, threads, args) for p in ("ACTIVE", "PASSIVE")}
    finally:
        if competitor:
            stop.set()
            competitor.join()
    return {"one_thread_s": one, **{f"{p.lower()}_over_one_thread": t / one
                                    for p, t in rows.items()}}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--qubits", type=int, default=20)
    ap.add_argument("--layers", type=int, default=40)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    threads = len(os.sched_getaffinity(0))
    out = {"schema": "qtool.bench.openmp_wait/1", "qubits": args.qubits, "layers": args.layers,
           "threads": threads, "load_average_before": os.getloadavg(),
           "idle": condition(False, threads, args), "busy": condition(True, threads, args)}
    if args.json:
        print(json.dumps(out, indent=1))
        return 0
    print(f"qsim, {args.qubits} qubits, {args.layers} layers, {threads} threads, "
          f"time / time on 1 thread (load average before: {out['load_average_before'][0]:.2f})")
    print(f"{'machine':22s} {'ACTIVE (spin)':>14s} {'PASSIVE (sleep)':>16s}")
    for name in ("idle", "busy"):
        row = out[name]
        label = "idle" if name == "idle" else "one busy process"
        print(f"{label:22s} {row['active_over_one_thread']:13.2f}x "
              f"{row['passive_over_one_thread']:15.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
