"""Generate an MQT Bench suite for `qtool bench compile` (nothing is shipped: run this).

    pip install mqt.bench            # version used for the figures in the README: 2.3.0
    python benchmarks/mqt_bench_suite.py OUT_DIR [--sizes 4 6 8] [--max-qubits 16]
    qtool bench compile OUT_DIR -t cz

Writes OUT_DIR/NAME_nSIZE.qasm for every benchmark mqt.bench lists, at the algorithm-
independent level (BenchmarkLevel.INDEP); parametrised ones get mqt.bench's random
parameters with numpy and random seeded per file, so a rerun gives the same files; benchmarks that fail or exceed --max-qubits at a size are
skipped, and OUT_DIR/VERSION records the mqt.bench version and the command line. Dynamic
circuits (mid-circuit measurement) are skipped: not every peer compiles them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("out", type=Path)
    p.add_argument("--sizes", type=int, nargs="+", default=[4, 6, 8])
    p.add_argument("--max-qubits", type=int, default=16)
    args = p.parse_args(argv)
    from mqt_common import benchmark_names, seeded_qasm, write_version

    args.out.mkdir(parents=True, exist_ok=True)
    made = 0
    for name in benchmark_names(("dynamic", "iqpe")):
        for size in args.sizes:
            made_one = seeded_qasm(name, size, size, args.max_qubits)
            if made_one is None:
                continue
            text, qubits = made_one
            (args.out / f"{name}_n{qubits}.qasm").write_text(text)
            made += 1
    write_version(args.out, "mqt_bench_suite.py", argv)
    print(f"{made} circuits in {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
