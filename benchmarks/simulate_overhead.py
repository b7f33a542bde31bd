"""How much `qtool simulate` costs over calling qsimcirq directly, at 20+ qubits.

For each circuit, in one run and interleaved (so machine load hits both alike), the best
of --repeat runs of:
  qtool   : the whole `qtool simulate FILE --json` path in process (read the file, parse,
            simulate on qsim, build the JSON report), stdout discarded;
  qsimcirq: qsimcirq.QSimSimulator(QSimOptions(same threads and fusion)) on the already
            parsed circuit: `run(repetitions=shots)` when it measures, else `simulate`
            plus |amplitude|^2, which is what a user calling qsimcirq would write.
The ratio qtool/qsimcirq is the overhead (goal: at most 1.10).

    python benchmarks/simulate_overhead.py [--repeat 3] [--threads 2] [FILES...]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = [ROOT / "tests/data/qasmbench/medium" / n for n in (
    "qram_n20/qram_n20.qasm", "bwt_n21/bwt_n21.qasm", "cat_state_n22/cat_state_n22.qasm",
    "ghz_state_n23/ghz_state_n23.qasm", "swap_test_n25/swap_test_n25.qasm",
    "ising_n26/ising_n26.qasm")]


def best(fn, repeat):
    t = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        t = min(t, time.perf_counter() - t0)
    return t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", type=Path, default=DEFAULT)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--fusion", type=int, default=4)
    ap.add_argument("--shots", type=int, default=1024)
    args = ap.parse_args()

    import numpy as np
    import qsimcirq

    from qtool import qasm
    from qtool.cli.simulate import simulate as qtool_simulate
    from qtool.sim.engine import unitary_part

    rows = []
    for path in args.files:
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

        t_direct = t_ours = float("inf")
        for _ in range(args.repeat):  # interleaved
            t_direct = min(t_direct, best(direct, 1))
            t_ours = min(t_ours, best(ours, 1))
        rows.append({"file": path.name, "qubits": len(qubits), "measures": measures,
                     "qsimcirq_s": t_direct, "qtool_s": t_ours, "ratio": t_ours / t_direct})
        print(f"{path.name:28s} {len(qubits):3d} qubits  qsimcirq {t_direct:8.3f}s  "
              f"qtool {t_ours:8.3f}s  ratio {t_ours / t_direct:5.2f}", flush=True)
    ratios = [r["ratio"] for r in rows]
    geo = float(np.exp(np.mean(np.log(ratios))))
    print(json.dumps({"schema": "qtool.bench.simulate-overhead/1", "geomean_ratio": geo, "rows": rows}, indent=1))


if __name__ == "__main__":
    main()
