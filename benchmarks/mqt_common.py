"""What the two MQT Bench generators share (`mqt_bench_suite.py` for compile suites,
`ketgpt_mqt_corpus.py` for KetGPT's data): one seeded benchmark as OpenQASM 2 text, the
benchmark names, and the VERSION record. Imported by those scripts only (run from this
folder), never by qtool: mqt.bench is a build-time tool here."""

from __future__ import annotations

import sys
from pathlib import Path


def benchmark_names(skip: tuple[str, ...]) -> list[str]:
    """mqt.bench's benchmarks, without those whose name contains one of `skip`."""
    from mqt.bench.benchmarks import get_available_benchmark_names

    return [n for n in get_available_benchmark_names() if not any(s in n for s in skip)]


def seeded_qasm(name: str, size: int, seed: int, max_qubits: int) -> tuple[str, int] | None:
    """(OpenQASM 2 text, qubits) of benchmark `name` at `size`, algorithm-independent level,
    with numpy's and Python's generators seeded by `seed` so a rerun writes the same file;
    None (said on stderr) when mqt.bench has no such size or it is wider than `max_qubits`."""
    import random

    import numpy as np
    from mqt.bench import BenchmarkLevel, get_benchmark
    from qiskit import qasm2

    random.seed(seed)
    np.random.seed(seed)
    try:
        qc = get_benchmark(name, BenchmarkLevel.INDEP, size)
        if qc.num_qubits > max_qubits:
            return None
        return qasm2.dumps(qc), qc.num_qubits
    except Exception as exc:  # noqa: BLE001 - a benchmark without this size
        print(f"skip {name} {size}: {str(exc).splitlines()[0][:80]}", file=sys.stderr)
        return None


def write_version(out: Path, script: str, argv) -> None:
    """OUT/VERSION: the mqt.bench version and the command that wrote the folder."""
    from importlib.metadata import version

    (out / "VERSION").write_text(
        f"mqt.bench {version('mqt.bench')}\ncommand: python benchmarks/{script} "
        + " ".join(argv if argv is not None else sys.argv[1:]) + "\n")
