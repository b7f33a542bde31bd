"""Compile time vs circuit size, ours and Qiskit -O3 in one process, and the cost of the
`qtool compile` command on a 100-gate file beside qtool's start-up.

    python benchmarks/compile_scaling.py [--sizes 1000 10000 100000] [--qubits 12]
        [--target cz] [--level 3] [--repeat 1] [--json]

Circuits are random Clifford+T+Rz with CNOTs (30%), from a fixed seed, written as
OpenQASM and read by both compilers; parsing is not timed. `ours/qiskit` is the ratio of
in-process compile times (wall; `ours/qiskit_cpu` the same in CPU seconds of this process,
steadier on a loaded machine) (qtool: compile_circuit with verify=False; Qiskit: transpile with
basis rz sx x + the target's entangler, optimization_level=3). The command figures are
wall-clock times of `python -m qtool ...` subprocesses (median of 3); `startup_s` is
Python importing the CLI, cirq and qtool's compiler, what every circuit command pays, and `goal_s`
is start-up + 3x Qiskit's in-process time (issue 14's bound for `compile_100_s`).
`verify_100_*_s` are the in-process check times: the default check and the --verify proof.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def random_text(n_qubits: int, gates: int, seed: int = 0) -> str:
    rng = random.Random(seed)
    lines = ["OPENQASM 2.0;", 'include "qelib1.inc";', f"qreg q[{n_qubits}];"]
    for _ in range(gates):
        r = rng.random()
        if r < 0.3:
            a, b = rng.sample(range(n_qubits), 2)
            lines.append(f"cx q[{a}],q[{b}];")
        elif r < 0.4:
            lines.append(f"rz({rng.uniform(-3, 3):.6f}) q[{rng.randrange(n_qubits)}];")
        else:
            g = rng.choice(["h", "s", "t", "tdg", "x", "sdg"])
            lines.append(f"{g} q[{rng.randrange(n_qubits)}];")
    return "\n".join(lines) + "\n"


CPU: dict = {}  # command key -> median CPU seconds (user + system) of the subprocess


def _wall(cmd, stdin_path=None, key=None) -> float:
    """Median wall-clock seconds of 3 runs; the median CPU time goes to CPU[key] (steadier
    than wall time on a shared machine)."""
    import resource

    times, cpu = [], []
    for _ in range(3):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        with open(stdin_path or "/dev/null") as fin:
            subprocess.run(cmd, stdin=fin, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           check=True)
        times.append(time.perf_counter() - t0)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    if key:
        CPU[key] = statistics.median(cpu)
    return statistics.median(times)


def main(argv=None) -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    p.add_argument("--qubits", type=int, default=12)
    p.add_argument("--target", default="cz")
    p.add_argument("--level", type=int, default=3)
    p.add_argument("--repeat", type=int, default=1)
    p.add_argument("--no-command", action="store_true")
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)

    from qtool import qasm
    from qtool.bench import compile_peers as peers
    from qtool.compile import compile_circuit

    rows = []
    for size in args.sizes:
        text = random_text(args.qubits, size)
        circuit = qasm.parse(text)
        ours, ours_cpu = [], []
        for _ in range(args.repeat):
            t0, c0 = time.perf_counter(), time.process_time()
            res = compile_circuit(circuit, target=args.target, level=args.level, verify=False)
            ours.append(time.perf_counter() - t0)
            ours_cpu.append(time.process_time() - c0)
        row = {"gates": size, "qubits": args.qubits, "ours_s": min(ours),
               "ours_cpu_s": min(ours_cpu),
               "ours_2q": res.after.two_qubit, "passes": {k: round(v, 3) for k, v in
                                                          res.timings.items()}}
        if peers.qiskit_version():
            from qtool.compile import parse_device

            qc = peers.qiskit_circuit(text)
            qk, qk_cpu = [], []
            for _ in range(args.repeat):
                c0 = time.process_time()
                qk.append(peers.qiskit_compile(qc, args.target, parse_device("all")))
                qk_cpu.append(time.process_time() - c0)
            row["qiskit_s"] = min(r.seconds for r in qk)
            row["qiskit_cpu_s"] = min(qk_cpu)
            row["ours/qiskit_cpu"] = row["ours_cpu_s"] / row["qiskit_cpu_s"]
            row["qiskit_2q"] = qk[0].two_qubit
            row["ours/qiskit"] = row["ours_s"] / row["qiskit_s"]
        rows.append(row)
        print(json.dumps(row), file=sys.stderr)
    doc = {"schema": "qtool.bench.compile-scaling/1", "target": args.target,
           "level": args.level, "rows": rows}
    if not args.no_command:
        with tempfile.TemporaryDirectory() as tmp:
            f = Path(tmp) / "c100.qasm"
            f.write_text(random_text(args.qubits, 100))
            py = sys.executable
            doc["command"] = {
                "help_s": _wall([py, "-m", "qtool", "--help"]),
                # What any qtool command on a circuit pays before its own work: Python,
                # the CLI (typer), cirq and qtool's reader and compiler imported.
                "startup_s": _wall([py, "-c", "import qtool.cli.main, cirq, qtool.qasm, "
                                    "qtool.compile"], key="startup_cpu_s"),
                "compile_100_s": _wall([py, "-m", "qtool", "compile", str(f), "-t",
                                        args.target, f"-O{args.level}", "--seed", "0"],
                                       key="compile_100_cpu_s"),
                "compile_100_no_verify_s": _wall([py, "-m", "qtool", "compile", str(f), "-t",
                                                  args.target, f"-O{args.level}", "--seed",
                                                  "0", "--no-verify"],
                                                 key="compile_100_no_verify_cpu_s"),
                "compile_100_proof_s": _wall([py, "-m", "qtool", "compile", str(f), "-t",
                                              args.target, f"-O{args.level}", "--seed", "0",
                                              "--verify"], key="compile_100_proof_cpu_s"),
            }
            doc["command"].update(CPU)
            c = qasm.parse(f.read_text())
            if peers.qiskit_version():
                from qtool.compile import parse_device

                doc["command"]["qiskit_100_inprocess_s"] = peers.qiskit_compile(
                    peers.qiskit_circuit(f.read_text()), args.target, parse_device("all")).seconds
            t0 = time.perf_counter()
            compile_circuit(c, target=args.target, level=args.level, verify=False)
            doc["command"]["ours_100_inprocess_s"] = time.perf_counter() - t0
            for name, verify in (("default_check", None), ("proof", True)):
                r = compile_circuit(c, target=args.target, level=args.level, verify=verify)
                doc["command"][f"verify_100_{name}_s"] = r.timings["verify"]
            doc["command"]["goal_s"] = (doc["command"]["startup_s"] + 3 * doc["command"].get(
                "qiskit_100_inprocess_s", float("nan")))
    if args.json:
        print(json.dumps(doc, indent=2))
    else:
        print(f"{'gates':>8} {'ours s':>9} {'qiskit s':>9} {'ours/qk':>8} {'ours cpu':>9} "
              f"{'qk cpu':>8} {'cpu/cpu':>8} {'2q ours':>8} {'2q qk':>7}")
        for r in rows:
            print(f"{r['gates']:>8} {r['ours_s']:>9.3f} {r.get('qiskit_s', 0):>9.3f} "
                  f"{r.get('ours/qiskit', 0):>8.2f} {r['ours_cpu_s']:>9.3f} "
                  f"{r.get('qiskit_cpu_s', 0):>8.3f} {r.get('ours/qiskit_cpu', 0):>8.2f} "
                  f"{r['ours_2q']:>8} {r.get('qiskit_2q', 0):>7}")
        for k, v in doc.get("command", {}).items():
            print(f"{k}: {v:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
