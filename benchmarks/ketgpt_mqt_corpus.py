"""Generate MQT Bench circuits for KetGPT's training and test sets (dataset-build time only).

    pip install mqt.bench==2.3.0        # the version issue 18's corpus was built with
    python benchmarks/ketgpt_mqt_corpus.py OUT_DIR [--min-qubits 2] [--max-qubits 12] [--seeds 3]

(2.3.0, `--seeds 3`, sizes 2-12: 750 files in about a minute; the dataset builder keeps 189
of them after deduplication against the library and up to angles.)

Writes OUT_DIR/NAME_nSIZE_sSEED.qasm for every benchmark mqt.bench lists, at the
algorithm-independent level (BenchmarkLevel.INDEP), every size in range, and `--seeds`
seeds each (numpy's and Python's generators seeded per file, so a rerun writes the same
files; benchmarks that ignore the seed give identical files, which the dataset builder
deduplicates). Dynamic circuits (mid-circuit measurement) and iqpe are skipped: KetGPT
learns unitary circuits. OUT_DIR/VERSION records the mqt.bench version and this command.

qtool never runs this at run time and ships none of its output: the files only feed
`qtool ketgpt dataset --mqt OUT_DIR ... --test-out TEST_DIR` (mqt.bench is MIT-licensed;
the files are not committed anywhere: rebuild them with this script).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

SKIP = ("dynamic", "iqpe")


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("out", type=Path)
    p.add_argument("--min-qubits", type=int, default=2)
    p.add_argument("--max-qubits", type=int, default=12)
    p.add_argument("--seeds", type=int, default=3)
    p.add_argument("--max-seconds", type=float, default=20.0,
                   help="stop growing a benchmark once one circuit takes longer than this")
    args = p.parse_args(argv)
    from mqt_common import benchmark_names, seeded_qasm, write_version

    args.out.mkdir(parents=True, exist_ok=True)
    made = 0
    for name in benchmark_names(SKIP):
        for size in range(args.min_qubits, args.max_qubits + 1):
            slow = False
            for seed in range(args.seeds):
                t0 = time.perf_counter()
                made_one = seeded_qasm(name, size, 1000 * size + seed, args.max_qubits)
                if made_one is None:
                    break
                text, qubits = made_one
                (args.out / f"{name}_n{qubits}_s{seed}.qasm").write_text(text)
                made += 1
                slow = time.perf_counter() - t0 > args.max_seconds
                if slow:
                    break
            if slow:
                print(f"stop {name} at {size}: too slow", file=sys.stderr)
                break
    write_version(args.out, "ketgpt_mqt_corpus.py", argv)
    print(f"{made} circuits in {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
