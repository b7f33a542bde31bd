"""How much `qtool simulate` costs over calling qsimcirq directly, at 20+ qubits.

Circuits: seeded random circuits (qtool gen random) and QFTs at 20-24 qubits, written
to OpenQASM files, plus any FILES given. For each, in one run and interleaved (so machine
load hits both alike), the best of --repeat runs of:
  qtool   : the whole `qtool simulate FILE --json` path in process (read the file, parse,
            simulate on qsim, build the JSON report), stdout discarded;
  sim only: the same minus reading the file (qtool.sim.report.simulate_program);
  qsimcirq: qsimcirq.QSimSimulator(QSimOptions(same threads and fusion)) on the already
            parsed circuit: `run(repetitions=shots)` when it measures, else `simulate`
            plus |amplitude|^2, which is what a user calling qsimcirq would write.
The ratios to qsimcirq are the overhead (goal: at most 1.10).

    python benchmarks/simulate_overhead.py [--repeat 3] [--threads 2] [FILES...]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GENERATED = [("random", 20), ("random", 22), ("random", 24), ("qft", 22), ("qft", 24)]


def generated_files(folder: Path) -> list[Path]:
    from qtool import qasm
    from qtool.circuits import generate

    paths = []
    for family, n in GENERATED:
        path = folder / f"{family}_{n}.qasm"
        path.write_text(qasm.dumps(generate(family, n, seed=1)))
        paths.append(path)
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", type=Path, default=[])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--fusion", type=int, default=4)
    ap.add_argument("--shots", type=int, default=1024)
    args = ap.parse_args()

    import numpy as np

    from qtool.sim.openmp import import_qsimcirq

    qsimcirq = import_qsimcirq()  # as qtool imports it: the same OpenMP wait policy

    import tempfile

    from qtool import qasm
    from qtool.bench.parse import best_time as best
    from qtool.cli.simulate import simulate as qtool_simulate
    from qtool.sim import SimOptions
    from qtool.sim.engine import unitary_part
    from qtool.sim.report import simulate_program

    rows = []
    folder = Path(tempfile.mkdtemp(prefix="qtool-overhead-"))
    for path in generated_files(folder) + list(args.files):
        prog = qasm.load_program(path)
        circuit, qubits = prog.circuit, prog.qubits
        measures = circuit.has_measurements() and circuit.are_all_measurements_terminal()
        sim = qsimcirq.QSimSimulator(qsimcirq.QSimOptions(
            cpu_threads=args.threads, max_fused_gate_size=args.fusion), seed=1)

        def direct():
            if measures:
                sim.run(circuit, repetitions=args.shots)
            else:
                np.abs(sim.simulate(unitary_part(circuit), qubit_order=qubits).final_state_vector) ** 2

        def ours():
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
                qtool_simulate(str(path), shots=args.shots if measures else None, probs=False,
                               state=False, top=None, expect=None, seed=1, threads=args.threads,
                               fusion=args.fusion, noise=None, json_out=True, csv_out=False)

        options = SimOptions(threads=args.threads, fusion=args.fusion, seed=1)

        def sim_only():
            simulate_program(prog, shots=args.shots if measures else None, options=options)

        t_direct = t_ours = t_sim = float("inf")
        for _ in range(args.repeat):  # interleaved
            t_direct = min(t_direct, best(direct, 1))
            t_ours = min(t_ours, best(ours, 1))
            t_sim = min(t_sim, best(sim_only, 1))
        rows.append({"file": path.name, "qubits": len(qubits), "operations": len(list(circuit.all_operations())),
                     "measures": measures, "qsimcirq_s": t_direct, "qtool_s": t_ours, "sim_only_s": t_sim,
                     "ratio": t_ours / t_direct, "sim_only_ratio": t_sim / t_direct})
        print(f"{path.name:22s} {len(qubits):3d} qubits  qsimcirq {t_direct:7.3f}s  qtool {t_ours:7.3f}s "
              f"({t_ours / t_direct:4.2f}x)  sim only {t_sim:7.3f}s ({t_sim / t_direct:4.2f}x)", flush=True)

    def geo(key):
        return float(np.exp(np.mean(np.log([r[key] for r in rows]))))

    print(f"geometric mean: qtool simulate {geo('ratio'):.3f}x, simulation only {geo('sim_only_ratio'):.3f}x "
          "of direct qsimcirq")
    print(json.dumps({"schema": "qtool.bench.simulate-overhead/1", "geomean_ratio": geo("ratio"),
                      "geomean_sim_only_ratio": geo("sim_only_ratio"), "rows": rows}, indent=1))


if __name__ == "__main__":
    main()
