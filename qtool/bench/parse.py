"""How fast the OpenQASM reader is, on real files, against Qiskit's Rust-based qasm2 reader.

Times are the best of `repeat` runs per file (the least disturbed by other load), text
already in memory, so the figure is parsing and circuit construction only.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from qtool.errors import QasmError, QtoolError

SCHEMA = "qtool.bench.parse/1"


@dataclass
class FileTiming:
    path: str
    operations: int
    seconds: float | None  # None: qtool rejected it (an invalid file)
    qiskit_seconds: float | None = None
    error: str | None = None


@dataclass
class ParseBench:
    files: list[FileTiming] = field(default_factory=list)
    qiskit_version: str | None = None

    @property
    def read(self) -> list[FileTiming]:
        return [f for f in self.files if f.seconds is not None]

    @property
    def operations(self) -> int:
        return sum(f.operations for f in self.read)

    @property
    def seconds(self) -> float:
        return sum(f.seconds for f in self.read)

    @property
    def gates_per_second(self) -> float:
        return self.operations / self.seconds if self.seconds else 0.0

    def ratio_to_qiskit(self) -> float | None:
        """Our total time over Qiskit's, on the files both read."""
        both = [f for f in self.read if f.qiskit_seconds is not None]
        if not both:
            return None
        return sum(f.seconds for f in both) / sum(f.qiskit_seconds for f in both)

    def to_json(self) -> dict:
        return {
            "schema": SCHEMA,
            "files_read": len(self.read),
            "files_rejected": len(self.files) - len(self.read),
            "operations": self.operations, "seconds": self.seconds,
            "gates_per_second": self.gates_per_second,
            "qiskit_version": self.qiskit_version, "ratio_to_qiskit": self.ratio_to_qiskit(),
            "files": [vars(f) for f in self.files],
        }


def find_qasm_files(paths: list[str | Path]) -> list[Path]:
    """Every .qasm file under the given files and folders, sorted."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(p.rglob("*.qasm")))
        elif p.is_file():
            out.append(p)
        else:
            raise QtoolError(f"{p}: no such file or folder")
    if not out:
        raise QtoolError("no .qasm files found in " + ", ".join(map(str, paths)))
    return out


def best_time(fn, repeat: int) -> float:
    """The best of `repeat` timings of fn(): the run least disturbed by other load."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def _qiskit_loader():
    try:
        import qiskit
        import qiskit.qasm2
    except ImportError:
        return None, None

    def load(text):
        return qiskit.qasm2.loads(text, custom_instructions=qiskit.qasm2.LEGACY_CUSTOM_INSTRUCTIONS)

    return load, qiskit.__version__


def time_file(name: str, text: str, repeat: int = 3, with_qiskit: bool = True) -> FileTiming:
    """Time reading one file's text with qtool (and Qiskit when installed and asked): a
    pure task (`qtool bench parse --workers/--cluster` maps it over the files)."""
    from qtool import qasm

    try:
        circuit = qasm.parse(text, name)
    except QasmError as exc:
        return FileTiming(name, 0, None, error=exc.format().splitlines()[0])
    ops = sum(1 for _ in circuit.all_operations())
    timing = FileTiming(name, ops, best_time(lambda: qasm.parse(text, name), repeat))
    qiskit_load, _ = _qiskit_loader() if with_qiskit else (None, None)
    if qiskit_load is not None:
        try:
            timing.qiskit_seconds = best_time(lambda: qiskit_load(text), repeat)
        except Exception:  # noqa: BLE001 - Qiskit rejecting a file just means no ratio
            timing.qiskit_seconds = None
    return timing


def qiskit_version(with_qiskit: bool = True) -> str | None:
    return _qiskit_loader()[1] if with_qiskit else None


def bench_parse(paths: list[str | Path], repeat: int = 3, with_qiskit: bool = True,
                on_file=None) -> ParseBench:
    """Time reading every .qasm file under `paths` with qtool (and Qiskit when installed)."""
    files = find_qasm_files(paths)
    result = ParseBench(qiskit_version=qiskit_version(with_qiskit))
    for path in files:
        result.files.append(time_file(str(path), path.read_text(), repeat,
                                      result.qiskit_version is not None))
        if on_file is not None:
            on_file(path)
    return result
