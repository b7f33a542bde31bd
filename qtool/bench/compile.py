"""`qtool bench compile`: our compiler on a suite of circuits, and the peers (Qiskit's
level 3, pytket's FullPeepholeOptimise) on the same circuits in the same run when they are
installed.

For each circuit and configuration (target, device, level) it records two-qubit gate
count, T-count, gate count, depth and compile time (parsing and verification excluded, as
for the peers), and summarises with geometric means of ours/theirs. A circuit where a peer
reaches 0 counts as ratio 1 if we do too, and as (ours + 1) otherwise.
"""

from __future__ import annotations

import math
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from qtool.errors import QtoolError

SCHEMA = "qtool.bench.compile/1"


@dataclass
class Row:
    circuit: str
    qubits: int
    target: str
    device: str
    level: int
    two_qubit_before: int
    two_qubit: int | None = None
    depth: int | None = None
    seconds: float | None = None
    verified: str | None = None
    error: str | None = None
    qiskit_two_qubit: int | None = None
    qiskit_depth: int | None = None
    qiskit_seconds: float | None = None
    t_count: int | None = None
    ops: int | None = None
    qiskit_t_count: int | None = None
    qiskit_ops: int | None = None
    tket_two_qubit: int | None = None
    tket_depth: int | None = None
    tket_seconds: float | None = None
    tket_t_count: int | None = None
    tket_ops: int | None = None


@dataclass
class Summary:
    target: str
    device: str
    level: int
    circuits: int
    two_qubit: int
    seconds: float
    compared: int = 0
    two_qubit_ratio: float | None = None  # geometric mean of ours / Qiskit's
    time_ratio: float | None = None
    qiskit_two_qubit: int | None = None
    qiskit_seconds: float | None = None
    t_count: int = 0
    depth: int = 0
    qiskit_t_count: int | None = None
    qiskit_depth: int | None = None
    t_count_ratio: float | None = None  # geometric means of ours / Qiskit's
    depth_ratio: float | None = None
    tket_compared: int = 0
    tket_two_qubit: int | None = None
    tket_t_count: int | None = None
    tket_depth: int | None = None
    tket_seconds: float | None = None
    tket_two_qubit_ratio: float | None = None  # geometric means of ours / pytket's
    tket_t_count_ratio: float | None = None
    tket_depth_ratio: float | None = None
    tket_time_ratio: float | None = None


@dataclass
class CompileBench:
    rows: list[Row] = field(default_factory=list)
    summaries: list[Summary] = field(default_factory=list)
    qiskit_version: str | None = None
    suite: str = ""
    tket_version: str | None = None

    def to_json(self) -> dict:
        return {"schema": SCHEMA, "suite": self.suite, "qiskit_version": self.qiskit_version,
                "pytket_version": self.tket_version,
                "summaries": [asdict(s) for s in self.summaries],
                "rows": [asdict(r) for r in self.rows]}


def repo_root() -> Path:
    return Path(__file__).resolve().parents[2]


def resolve_suite(suite: str) -> list[Path]:
    """`samples`, `corpus` (the shared QASMBench corpus, or the repo's copy in tests/data),
    a folder or a file."""
    if suite == "samples":
        paths = [repo_root() / "samples"]
    elif suite == "corpus":
        shared = repo_root().parent / "shared" / "corpus" / "qasmbench"
        paths = [shared if shared.is_dir() else repo_root() / "tests" / "data" / "qasmbench"]
    else:
        paths = [Path(suite)]
    files: list[Path] = []
    for p in paths:
        if p.is_dir():
            files.extend(sorted(p.rglob("*.qasm")))
        elif p.is_file():
            files.append(p)
        else:
            raise QtoolError(f"suite {suite!r}: no such folder or file ({p}); expected "
                             "samples, corpus, a folder or a .qasm file")
    if not files:
        raise QtoolError(f"suite {suite!r}: no .qasm files found")
    return files


def geomean(values: list[float]) -> float | None:
    vals = [v for v in values if v is not None and v > 0]
    if not vals:
        return None
    return math.exp(sum(math.log(v) for v in vals) / len(vals))


def count_ratio(ours: int, theirs: int) -> float:
    if theirs > 0:
        return ours / theirs
    return 1.0 if ours == 0 else ours + 1.0


def load_suite(files: list[Path], max_qubits: int):
    """(name, text, circuit) for files we can read and that fit max_qubits; rejected ones
    (the corpus has a few deliberately invalid files) are skipped."""
    from qtool import qasm
    from qtool.errors import QasmError

    out = []
    for f in files:
        text = f.read_text(encoding="utf-8", errors="replace")
        try:
            circuit = qasm.parse(text, str(f))
        except QasmError:
            continue
        if len(circuit.all_qubits()) > max_qubits:
            continue
        out.append((f.name, text, circuit))
    return out


def run_bench(suite: str, *, targets=("cz",), devices=("all",), levels=(3,), max_qubits=16,
              with_qiskit=True, verify=False, seed=0, on_step=None, with_tket=True,
              circuits=None) -> CompileBench:
    """Compile every suite circuit under each configuration; compare with Qiskit O3 and
    pytket. `circuits` (name, text, circuit) overrides loading `suite` from files."""
    from qtool.bench import compile_peers as peers
    from qtool.compile import compile_circuit, parse_device

    if circuits is None:
        from qtool.bench.compile_suites import suite_circuits

        circuits = suite_circuits(suite, max_qubits)
    if not circuits:
        raise QtoolError(f"suite {suite!r}: no readable circuit with <= {max_qubits} qubits")
    bench = CompileBench(suite=suite)
    if with_qiskit:
        bench.qiskit_version = peers.qiskit_version()
    if with_tket:
        bench.tket_version = peers.tket_version()
    qiskit_on = bench.qiskit_version is not None
    tket_on = bench.tket_version is not None
    qk_cache: dict = {}
    for target in targets:
        for dev_spec in devices:
            device = parse_device(dev_spec)
            for level in levels:
                rows = []
                for name, text, circuit in circuits:
                    row = _one(name, text, circuit, target, device, level, seed, verify,
                               qiskit_on, qk_cache, compile_circuit, peers, tket_on)
                    rows.append(row)
                    if on_step:
                        on_step()
                bench.rows.extend(rows)
                bench.summaries.append(summarise(rows, target, device.name, level))
    return bench


def bench_circuit(suite: str, item, **options) -> CompileBench:
    """run_bench on one (name, text, circuit) of `suite`: the task a batch spreads."""
    return run_bench(suite, circuits=[item], **options)


def _one(name, text, circuit, target, device, level, seed, verify, qiskit_on, qk_cache,
         compile_circuit, peers, tket_on=False) -> Row:
    from qtool.compile.ops import count_2q

    row = Row(name, len(circuit.all_qubits()), target, device.name, level,
              count_2q(circuit.all_operations()))
    if not device.fully_connected and row.qubits > device.n:
        row.error = f"needs {row.qubits} qubits, device has {device.n}"
        return row
    try:
        t0 = time.perf_counter()
        res = compile_circuit(circuit, target=target, device=device, level=level, seed=seed,
                              verify=False)
        row.seconds = time.perf_counter() - t0
        row.two_qubit, row.depth = res.after.two_qubit, res.after.depth
        row.t_count, row.ops = res.after.t_count, res.after.ops
        if verify:
            from qtool.compile import verify_result

            row.verified = verify_result(circuit, res, seed=seed).method
    except QtoolError as exc:
        row.error = str(exc).splitlines()[0]
    if qiskit_on and row.error is None:
        if name not in qk_cache:
            qk_cache[name] = peers.qiskit_circuit(text)
        qc = qk_cache[name]
        run = peers.qiskit_compile(qc, target, device, seed) if qc is not None else None
        if run is not None:
            row.qiskit_two_qubit, row.qiskit_depth, row.qiskit_seconds = (
                run.two_qubit, run.depth, run.seconds)
            row.qiskit_t_count, row.qiskit_ops = run.t_count, run.ops
    if tket_on and row.error is None:
        run = peers.tket_compile(text, target, device)
        if run is not None:
            row.tket_two_qubit, row.tket_depth, row.tket_seconds = (
                run.two_qubit, run.depth, run.seconds)
            row.tket_t_count, row.tket_ops = run.t_count, run.ops
    return row


def summarise(rows: list[Row], target, device, level) -> Summary:
    """One (target, device, level) summary of per-circuit rows: public because a run spread
    over workers (`qtool bench compile --workers`) gathers its rows first and summarises
    them here, as the in-process run does."""
    done = [r for r in rows if r.error is None and r.two_qubit is not None]
    s = Summary(target, device, level, len(done), sum(r.two_qubit for r in done),
                sum(r.seconds for r in done))
    s.t_count = sum(r.t_count or 0 for r in done)
    s.depth = sum(r.depth or 0 for r in done)
    both = [r for r in done if r.qiskit_two_qubit is not None]
    if both:
        s.compared = len(both)
        s.two_qubit_ratio = geomean([count_ratio(r.two_qubit, r.qiskit_two_qubit) for r in both])
        s.time_ratio = geomean([r.seconds / r.qiskit_seconds for r in both if r.qiskit_seconds])
        s.qiskit_two_qubit = sum(r.qiskit_two_qubit for r in both)
        s.qiskit_seconds = sum(r.qiskit_seconds for r in both)
        s.qiskit_depth = sum(r.qiskit_depth for r in both)
        tq = [r for r in both if r.qiskit_t_count is not None]
        s.qiskit_t_count = sum(r.qiskit_t_count for r in tq)
        s.t_count_ratio = geomean([count_ratio(r.t_count, r.qiskit_t_count) for r in tq])
        s.depth_ratio = geomean([count_ratio(r.depth, r.qiskit_depth) for r in both])
    tk = [r for r in done if r.tket_two_qubit is not None]
    if tk:
        s.tket_compared = len(tk)
        s.tket_two_qubit = sum(r.tket_two_qubit for r in tk)
        s.tket_t_count = sum(r.tket_t_count for r in tk)
        s.tket_depth = sum(r.tket_depth for r in tk)
        s.tket_seconds = sum(r.tket_seconds for r in tk)
        s.tket_two_qubit_ratio = geomean([count_ratio(r.two_qubit, r.tket_two_qubit) for r in tk])
        s.tket_t_count_ratio = geomean([count_ratio(r.t_count, r.tket_t_count) for r in tk])
        s.tket_depth_ratio = geomean([count_ratio(r.depth, r.tket_depth) for r in tk])
        s.tket_time_ratio = geomean([r.seconds / r.tket_seconds for r in tk if r.tket_seconds])
    return s
