"""Batches on local workers: speed-up of 2 workers over 1, and the Dask path's per-task
overhead against a plain loop.

1. compile: --count corpus circuits (QASMBench from ../shared/corpus, else tests/data;
   files over 200 KB left out so one file does not decide the run; the list is cycled up
   to --count), `qtool compile --no-verify` (native, -O2): the exact 12-qubit unitary
   check of the default takes minutes per circuit and would make this a benchmark of one
   file. Outputs are compared byte for byte between 1 and 2 workers.
2. sweep: --points points of a 20-qubit ansatz (`input float[64] theta;`, ry layers and a
   CZ chain) with <Z0> and <Z0 Z19>, exact state vectors on qsim, the tasks `qtool
   simulate --sweep ... --expect ...` builds (qtool.batch.sweep.point_mode/point_tasks:
   each point computes its expectation values alone). "2 workers" is a LocalCluster of 2
   processes with one qsim thread each. Two "1 worker" rows (`--workers 1`, the tasks in
   this process): qsim on 1 thread (the same threads per task as each worker: the workers'
   own scaling) and qsim on every core (the same total threads: what `--workers 1` gives a
   user). Raw qsimcirq on the same circuits, parsed beforehand, 1 thread, is the floor
   a point can cost. Cluster start-up is timed separately (paid once per command).
3. overhead: --tasks tasks of 0.1 s each (a timed spin), in a plain loop and through Dask on
   one local worker: (dask - loop) / loop, per task.

The per-task costs give the scale-on-paper figures of the README (workers for a 10^5
circuit compile or a 10^4 point sweep in a given time).

    PYTHONPATH=. python benchmarks/batch_speedup.py [--count 200] [--points 64] [--tasks 50]
        [--only compile|sweep|overhead ...] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAX_BYTES = 200_000


def corpus_folder() -> Path:
    """The shared QASMBench corpus (next to the repository, or two levels up from a git
    worktree), else the repository's copy in tests/data."""
    for base in (ROOT.parent, ROOT.parent.parent):
        shared = base / "shared" / "corpus" / "qasmbench"
        if shared.is_dir():
            return shared
    return ROOT / "tests" / "data" / "qasmbench"


def corpus_items(count: int):
    from qtool.batch import Item

    folder = corpus_folder()
    files = [p for p in sorted(folder.rglob("*.qasm")) if p.stat().st_size <= MAX_BYTES]
    items = []
    while len(items) < count:
        for f in files[: count - len(items)]:
            items.append(Item(f"{f}#{len(items)}", f.read_text(), f.name))
    return folder, items


def ansatz(n: int = 20, layers: int = 4) -> str:
    lines = ["OPENQASM 3.0;", 'include "stdgates.inc";', "input float[64] theta;", f"qubit[{n}] q;"]
    for layer in range(layers):
        lines += [f"ry(theta*{layer + 1}/{layers} + {0.1 * q:.1f}) q[{q}];" for q in range(n)]
        lines += [f"cz q[{q}], q[{q + 1}];" for q in range(layer % 2, n - 1, 2)]
    return "\n".join(lines) + "\n"


def spin(seconds: float) -> float:
    """A task of `seconds` wall time (the overhead measurement's unit of work)."""
    end = time.perf_counter() + seconds
    x = 0.0
    while time.perf_counter() < end:
        x += 1.0
    return x


def timed_map(ex, fn, tasks) -> tuple[float, list]:
    t0 = time.perf_counter()
    results = list(ex.map(fn, tasks, total=len(tasks)))
    return time.perf_counter() - t0, results


def started(workers: int):
    """An Executor with its LocalCluster up and each worker's imports done (timed)."""
    from qtool.batch import Executor, Item
    from qtool.batch.tasks import SimSpec, compile_task, CompileSpec, simulate_task

    ex = Executor(workers=workers)
    t0 = time.perf_counter()
    ex._connect("local")
    ex.kind = "local"
    warm = Item("warm", 'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[2];\nh q[0];\ncx q[0],q[1];\n',
                "warm.qasm")
    ex._client.run(lambda: __import__("qtool.batch.tasks") and None)
    list(ex._dask(compile_task, [("w", (warm, CompileSpec()))] * workers, None))
    list(ex._dask(simulate_task, [("w", (warm, SimSpec()))] * workers, None))
    return ex, time.perf_counter() - t0


def raw_qsim(item, pts) -> tuple[float, float]:
    """Wall and CPU seconds of qsimcirq alone on the sweep's circuits (parsed beforehand),
    one thread, a final state each: the floor of what a point can cost."""
    from qtool.qasm.reader import parse_program
    from qtool.sim import SimOptions

    programs = [parse_program(item.text, item.source, p) for p in pts]
    sim = SimOptions(threads=1).simulator()
    sim.simulate_into_1d_array(programs[0].circuit, qubit_order=programs[0].qubits)
    t0, c0 = time.perf_counter(), time.process_time()
    for program in programs:
        sim.simulate_into_1d_array(program.circuit, qubit_order=program.qubits)
    return time.perf_counter() - t0, time.process_time() - c0


def _cpu() -> float:
    return time.process_time()


def run_dask(ex, fn, tasks):
    """Wall time and results of the tasks on ex's cluster, and the CPU seconds spent by this
    process (client and, for a LocalCluster, the scheduler) and by each worker meanwhile."""
    w0, p0 = ex._client.run(_cpu), time.process_time()
    t0 = time.perf_counter()
    results = list(ex._dask(fn, tasks, None, len(tasks)))
    wall = time.perf_counter() - t0
    w1, p1 = ex._client.run(_cpu), time.process_time()
    return wall, results, {"parent_cpu_s": p1 - p0,
                           "workers_cpu_s": sorted(w1[k] - w0[k] for k in w0)}


def idle_rates(ex, seconds: float = 5.0) -> dict:
    """CPU the cluster burns doing nothing (heartbeats, monitors, the event loops), as a
    fraction of a core per process: on a loaded machine a phase's wall time stretches, and
    this background grows with it while the tasks' own CPU does not."""
    w0, p0, t0 = ex._client.run(_cpu), time.process_time(), time.perf_counter()
    time.sleep(seconds)
    w1, p1, t = ex._client.run(_cpu), time.process_time(), time.perf_counter() - t0
    return {"parent": (p1 - p0) / t, "workers": {k: (w1[k] - w0[k]) / t for k in w0}}


def net_speedup(loop_cpu: float, wall: float, cpu: dict, idle: dict) -> float:
    """The speed-up 2 idle cores would give, from CPU seconds: the loop's CPU over the busier
    of (one worker, both workers and this process shared by 2 cores), each with the idle
    background of this phase's wall time taken out and that of the ideal wall put back."""
    workers = [w - r * wall for w, r in zip(cpu["workers_cpu_s"], sorted(idle["workers"].values()))]
    parent = cpu["parent_cpu_s"] - idle["parent"] * wall
    ideal = max(max(workers), (sum(workers) + parent) / 2)
    background = ideal * (idle["parent"] + sum(idle["workers"].values())) / 2
    return loop_cpu / (ideal + background)


def timed_loop(ex, fn, tasks):
    c0 = time.process_time()
    wall, results = timed_map(ex, fn, tasks)
    return wall, results, time.process_time() - c0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=200)
    ap.add_argument("--points", type=int, default=64)
    ap.add_argument("--qubits", type=int, default=20)
    ap.add_argument("--tasks", type=int, default=50)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--only", action="append", choices=("compile", "sweep", "overhead"),
                    help="run only these parts (repeatable; default: all)")
    args = ap.parse_args()
    parts = set(args.only or ("compile", "sweep", "overhead"))

    from dataclasses import replace

    from qtool.batch import Executor, Failure, Item, executor
    from qtool.batch.sweep import parse_sweep, point_mode, point_tasks, points
    from qtool.batch.tasks import CompileSpec, SimSpec, compile_task, simulate_task
    from qtool.seeds import task_seeds

    folder, items = corpus_items(args.count)
    compile_tasks = [(it.name, (it, CompileSpec(seed=0, verify=False))) for it in items]
    sweep_item = Item("ansatz", ansatz(args.qubits), "ansatz.qasm")
    pts = points([parse_sweep(f"theta=0:2*pi:{args.points}")])
    observables = ("Z0", f"Z0*Z{args.qubits - 1}")
    base = SimSpec(mode=point_mode(None, None, None, observables), observables=observables)
    seeds = task_seeds(0, len(pts))

    chunk = executor.MAX_CHUNK
    out: dict = {"schema": "qtool.bench.batch/1", "corpus": str(folder), "nice": os.nice(0)}
    with Executor(workers=1) as loop:
        warm = Item("warm", 'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[2];\nh q[0];\n'
                    'cx q[0],q[1];\n', "warm.qasm")
        compile_task(warm, CompileSpec())  # the loop's imports, as the workers' are warmed
        simulate_task(warm, SimSpec())
        load0 = os.getloadavg()
        nothing = (0.0, [], 0.0)
        t_c1, r_c1, cpu_c1 = timed_loop(loop, compile_task, compile_tasks) \
            if "compile" in parts else nothing
        if "sweep" in parts:
            t_raw, cpu_raw = raw_qsim(sweep_item, pts)
            # qsim on 1 thread, what each of the 2 workers gets, then on every core
            t_s1t, r_s1t, cpu_s1t = timed_loop(
                loop, simulate_task, point_tasks([sweep_item], replace(base, threads=1), pts,
                                                 seeds))
            t_s1, r_s1, cpu_s1 = timed_loop(loop, simulate_task,
                                            point_tasks([sweep_item], base, pts, seeds))
        if "overhead" in parts:
            t_o1, _ = timed_map(loop, spin, [("spin", (0.1,))] * args.tasks)

    if parts & {"compile", "sweep"}:
        ex2, start2 = started(2)
        with ex2:
            idle = idle_rates(ex2)
            if "compile" in parts:
                t_c2, r_c2, cpu_c2 = run_dask(ex2, compile_task, compile_tasks)
            if "sweep" in parts:
                t_s2, r_s2, cpu_s2 = run_dask(
                    ex2, simulate_task, point_tasks([sweep_item], replace(base, threads=1), pts,
                                                    seeds))
    if "overhead" in parts:
        ex1, start1 = started(1)
        with ex1:
            t_o2, _, _ = run_dask(ex1, spin, [("spin", (0.1,))] * args.tasks)
            executor.MAX_CHUNK = 1  # the same without chunks: one Dask task per task
            t_o3, _, _ = run_dask(ex1, spin, [("spin", (0.1,))] * args.tasks)
            executor.MAX_CHUNK = chunk
    load1 = os.getloadavg()

    if "compile" in parts:
        same_compile = sum(getattr(a, "qasm", a) == getattr(b, "qasm", b)
                           for a, b in zip(r_c1, r_c2))
        failed = sum(isinstance(r, Failure) for r in r_c1)
        out["compile"] = {
            "tasks": len(items), "failed_inputs": failed, "one_worker_s": t_c1,
            "two_workers_s": t_c2, "cluster_start_s": start2,
            "speedup": t_c1 / t_c2, "speedup_with_start": t_c1 / (t_c2 + start2),
            "per_task_s": t_c1 / len(items), "identical_outputs": same_compile,
            "one_worker_cpu_s": cpu_c1, **cpu_c2,
            # what 2 cores could give if nothing else ran: the loop's CPU over the busier
            # of (worker, worker + parent spread over 2 cores)
            "cpu_bound_speedup": cpu_c1 / max(max(cpu_c2["workers_cpu_s"]),
                                              (sum(cpu_c2["workers_cpu_s"])
                                               + cpu_c2["parent_cpu_s"]) / 2),
            # cores this run really got (CPU seconds of all its processes / wall): on a
            # shared machine with autogroup scheduling, every process of one session shares
            # that session's slice, so 2 workers may get no more than 1 process did
            "idle_core_fraction": idle,
            "net_cpu_speedup": net_speedup(cpu_c1, t_c2, cpu_c2, idle),
            "cores_used_one_worker": cpu_c1 / t_c1,
            "cores_used_two_workers": (sum(cpu_c2["workers_cpu_s"])
                                       + cpu_c2["parent_cpu_s"]) / t_c2}
    if "sweep" in parts:
        def values(reports):
            return [[e.value for _, e in r.expectations] for r in reports]

        one_thread, every_core, two = values(r_s1t), values(r_s1), values(r_s2)
        out["sweep"] = {
            "points": len(pts), "qubits": args.qubits, "cluster_start_s": start2,
            "raw_qsim_one_thread_s": t_raw, "raw_qsim_one_thread_cpu_s": cpu_raw,
            "one_worker_one_thread_s": t_s1t, "one_worker_one_thread_cpu_s": cpu_s1t,
            "one_worker_every_core_s": t_s1, "one_worker_every_core_cpu_s": cpu_s1,
            "two_workers_s": t_s2, **cpu_s2,
            "speedup_over_one_thread": t_s1t / t_s2,
            "speedup_over_every_core": t_s1 / t_s2,
            "speedup_with_start": t_s1t / (t_s2 + start2),
            # CPU per point over raw qsim's: what qtool adds to a point
            "cpu_over_raw_qsim": cpu_s1t / cpu_raw,
            "worker_cpu_over_loop": sum(cpu_s2["workers_cpu_s"]) / cpu_s1t,
            "cpu_bound_speedup": cpu_s1t / max(max(cpu_s2["workers_cpu_s"]),
                                               (sum(cpu_s2["workers_cpu_s"])
                                                + cpu_s2["parent_cpu_s"]) / 2),
            "net_cpu_speedup": net_speedup(cpu_s1t, t_s2, cpu_s2, idle),
            "per_point_cpu_s": cpu_s1t / len(pts),
            # the workers run qsim on 1 thread, as the first loop: the same numbers exactly
            "identical_to_one_thread": one_thread == two,
            "every_core_within_1e-5": all(abs(a - b) < 1e-5 for ra, rb in zip(every_core, two)
                                          for a, b in zip(ra, rb))}
    if "overhead" in parts:
        out["overhead"] = {
            "tasks": args.tasks, "task_s": 0.1, "loop_s": t_o1, "dask_one_worker_s": t_o2,
            "per_task_overhead_s": (t_o2 - t_o1) / args.tasks,
            "overhead_fraction": (t_o2 - t_o1) / t_o1, "cluster_start_s": start1,
            "unchunked_dask_s": t_o3,
            "unchunked_per_task_overhead_s": (t_o3 - t_o1) / args.tasks,
            "unchunked_overhead_fraction": (t_o3 - t_o1) / t_o1}
    out["load_average"] = {"before": load0, "after": load1}
    if args.json:
        print(json.dumps(out, indent=2))
        return 0
    print(f"{'workload':36} {'1 worker':>9} {'2 workers':>10} {'speed-up':>9} {'incl. start':>12}")
    if "compile" in parts:
        c = out["compile"]
        print(f"{'compile ' + str(c['tasks']) + ' corpus circuits':36} {c['one_worker_s']:8.1f}s "
              f"{c['two_workers_s']:9.1f}s {c['speedup']:8.2f}x {c['speedup_with_start']:11.2f}x")
    if "sweep" in parts:
        s = out["sweep"]
        name = f"sweep {s['points']} points, {s['qubits']} qubits"
        print(f"{name + ', qsim 1 thread':36} {s['one_worker_one_thread_s']:8.1f}s "
              f"{s['two_workers_s']:9.1f}s {s['speedup_over_one_thread']:8.2f}x "
              f"{s['speedup_with_start']:11.2f}x")
        print(f"{'  1 worker with qsim on every core':36} {s['one_worker_every_core_s']:8.1f}s "
              f"{s['two_workers_s']:9.1f}s {s['speedup_over_every_core']:8.2f}x")
        print(f"sweep CPU: raw qsim {s['raw_qsim_one_thread_cpu_s']:.2f} s, loop (1 thread) "
              f"{s['one_worker_one_thread_cpu_s']:.2f} s ({s['cpu_over_raw_qsim']:.2f}x raw), "
              f"2 workers {' + '.join(f'{x:.2f}' for x in s['workers_cpu_s'])} s "
              f"({s['worker_cpu_over_loop']:.2f}x the loop), this process "
              f"{s['parent_cpu_s']:.2f} s; CPU-bound speed-up {s['cpu_bound_speedup']:.2f}x, "
              f"net {s['net_cpu_speedup']:.2f}x")
        print(f"sweep values: 2 workers = 1-thread loop exactly: {s['identical_to_one_thread']}; "
              f"= every-core loop to 1e-5: {s['every_core_within_1e-5']}")
    if "compile" in parts:
        print(f"LocalCluster start (2 workers, imports warm): {c['cluster_start_s']:.1f} s")
        print(f"compile CPU: loop {c['one_worker_cpu_s']:.1f} s; 2 workers "
              f"{' + '.join(f'{x:.1f}' for x in c['workers_cpu_s'])} s, this process (client "
              f"and scheduler) {c['parent_cpu_s']:.1f} s; CPU-bound speed-up "
              f"{c['cpu_bound_speedup']:.2f}x, net {c['net_cpu_speedup']:.2f}x")
        print(f"idle background: this process {100 * c['idle_core_fraction']['parent']:.1f}% of "
              f"a core, each worker "
              f"{', '.join(f'{100 * v:.1f}%' for v in c['idle_core_fraction']['workers'].values())}")
        print(f"cores really used (CPU s / wall s): compile {c['cores_used_one_worker']:.2f} on 1 "
              f"worker, {c['cores_used_two_workers']:.2f} on 2")
        print(f"per-task cost: compile {c['per_task_s']:.3f} s/circuit (1 worker); "
              f"byte-identical outputs on 1 and 2 workers: {c['identical_outputs']}/{c['tasks']}")
    if "overhead" in parts:
        o = out["overhead"]
        print(f"overhead, {o['tasks']} tasks of 0.1 s on 1 worker: loop {o['loop_s']:.2f} s, "
              f"Dask {o['dask_one_worker_s']:.2f} s: {1000 * o['per_task_overhead_s']:.1f} ms per "
              f"task ({100 * o['overhead_fraction']:.1f}%)")
        print(f"  without chunks (one Dask task each): "
              f"{1000 * o['unchunked_per_task_overhead_s']:.1f} ms per task "
              f"({100 * o['unchunked_overhead_fraction']:.1f}%)")
    print(f"load average before {out['load_average']['before'][0]:.1f}, after "
          f"{out['load_average']['after'][0]:.1f} (2 cores); nice {out['nice']}")
    return 0

if __name__ == "__main__":
    sys.exit(main())
