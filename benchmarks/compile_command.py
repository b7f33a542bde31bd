"""What the `qtool compile` command costs on a 100-gate file, beside its start-up (issue 14:
no more than start-up + 3x Qiskit's in-process compile time).

    python benchmarks/compile_command.py [--repeat 7] [--gates 100] [--qubits 12]
        [--target cz] [--level 3] [--json]

Each of these runs as a fresh process, interleaved (round r runs every command once), so
machine load hits all of them alike; wall and CPU (user + system) seconds are medians:
  import_cirq : `python -c "import cirq"`, the floor every circuit command pays;
  startup     : Python, the CLI, cirq and qtool's reader importing, and the file read
                (`qtool.qasm.load_program`): what any `qtool <cmd> FILE` pays before its
                own work. This is the "start-up" of the goal;
  info        : `qtool info FILE` (another command on the same file, for comparison);
  compile     : `qtool compile FILE -t TARGET -OLEVEL --seed 0` (default check on);
  compile_no_verify : the same with --no-verify.
Then in this process: Qiskit's transpile (optimization_level 3, basis rz sx x + the
target's entangler) and qtool's compile_circuit on the same circuit, each the median of
--repeat warm runs. `goal_s` = startup + 3 x qiskit; `compile - startup` is what the
command adds to start-up.

The circuit is compile_scaling.random_text (random Clifford+T+Rz with 30% CNOTs, seed 0).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from compile_scaling import random_text  # noqa: E402


def _run(cmd) -> tuple[float, float]:
    """(wall, cpu) seconds of one subprocess run, output discarded."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def main(argv=None) -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--repeat", type=int, default=7)
    p.add_argument("--gates", type=int, default=100)
    p.add_argument("--qubits", type=int, default=12)
    p.add_argument("--target", default="cz")
    p.add_argument("--level", type=int, default=3)
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        f = Path(tmp) / f"g{args.gates}.qasm"
        text = random_text(args.qubits, args.gates)
        f.write_text(text)
        compile_args = ["-m", "qtool", "compile", str(f), "-t", args.target,
                        f"-O{args.level}", "--seed", "0"]
        commands = {
            "import_cirq": [py, "-c", "import cirq"],
            "startup": [py, "-c", "import qtool.cli.main, cirq, qtool.qasm; "
                        f"qtool.qasm.load_program({str(f)!r})"],
            "info": [py, "-m", "qtool", "info", str(f)],
            "compile": [py, *compile_args],
            "compile_no_verify": [py, *compile_args, "--no-verify"],
        }
        walls: dict = {k: [] for k in commands}
        cpus: dict = {k: [] for k in commands}
        for _ in range(args.repeat):
            for name, cmd in commands.items():
                w, c = _run(cmd)
                walls[name].append(w)
                cpus[name].append(c)

        from qtool import qasm
        from qtool.compile import compile_circuit, parse_device

        circuit = qasm.parse(text)
        ours, ours_verify = [], []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            compile_circuit(circuit, target=args.target, level=args.level, verify=False)
            ours.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            compile_circuit(circuit, target=args.target, level=args.level)
            ours_verify.append(time.perf_counter() - t0)
        doc = {"schema": "qtool.bench.compile-command/1", "gates": args.gates,
               "qubits": args.qubits, "target": args.target, "level": args.level,
               "repeat": args.repeat,
               "wall_s": {k: statistics.median(v) for k, v in walls.items()},
               "cpu_s": {k: statistics.median(v) for k, v in cpus.items()},
               "ours_inprocess_s": statistics.median(ours),
               "ours_inprocess_with_check_s": statistics.median(ours_verify)}
        try:
            from qtool.bench import compile_peers as peers

            if peers.qiskit_version():
                qc = peers.qiskit_circuit(text)
                qk = [peers.qiskit_compile(qc, args.target, parse_device("all")).seconds
                      for _ in range(args.repeat)]
                doc["qiskit_inprocess_s"] = statistics.median(qk)
        except ImportError:
            pass
    wall, cpu = doc["wall_s"], doc["cpu_s"]
    doc["added_wall_s"] = wall["compile"] - wall["startup"]
    doc["added_cpu_s"] = cpu["compile"] - cpu["startup"]
    if "qiskit_inprocess_s" in doc:
        doc["goal_wall_s"] = wall["startup"] + 3 * doc["qiskit_inprocess_s"]
        doc["goal_cpu_s"] = cpu["startup"] + 3 * doc["qiskit_inprocess_s"]
    if args.json:
        print(json.dumps(doc, indent=2))
        return 0
    print(f"{'process':<20} {'wall s':>8} {'cpu s':>8}   (median of {args.repeat})")
    for k in commands:
        print(f"{k:<20} {wall[k]:>8.3f} {cpu[k]:>8.3f}")
    print(f"compile - startup    {doc['added_wall_s']:>8.3f} {doc['added_cpu_s']:>8.3f}")
    if "goal_wall_s" in doc:
        print(f"goal (startup + 3 x qiskit) {doc['goal_wall_s']:.3f} wall, "
              f"{doc['goal_cpu_s']:.3f} cpu")
        print(f"qiskit in-process    {doc['qiskit_inprocess_s']:.4f}")
    print(f"ours in-process      {doc['ours_inprocess_s']:.4f} "
          f"(with the default check {doc['ours_inprocess_with_check_s']:.4f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
