"""`qtool bench simulate`: state-vector simulation time across simulators, side by side.

For every (family, qubit count) point the circuit is generated once at level indep (so all
backends see the same basic gates), then each backend converts it (untimed), runs once to
warm up, and runs `repeat` timed rounds. Every backend's final state is compared with a
reference state of the same point (cirq's simulator where it runs, else the first backend
that ran): a benchmark that compares wrong answers is worthless, so a disagreement is
reported and makes the command fail.

Bandwidth: a backend that applies `passes` gates moves about 2 * passes * state bytes
(each pass reads and writes the state). For qsim and Aer the passes are their fused gates
(read during warm-up from qsim's log and Aer's fusion metadata); for the others (which do
not fuse) one pass per gate. Dividing by the median time
gives the effective bandwidth, shown as a fraction of a numpy copy of a vector as large as
the state: how far each backend is from what memory allows.
"""

from __future__ import annotations

import gc
import platform
import time
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from qtool.bench import memory_bandwidth
from qtool.bench.sim_backends import (CIRQ_MAX_QUBITS, DOUBLE, NAMES, SINGLE, Backend, RunSpec,
                                      make_backends)
from qtool.bench.sim_backends.base import BYTES_PER_AMPLITUDE
from qtool.bench.stats import timing_stats
from qtool.errors import ParameterError, QtoolError, ResourceError

SCHEMA = "qtool.bench/1"
DEFAULT_FAMILIES = ("random", "qft", "qv")
DEFAULT_QUBITS = "10:24:2"
# States held at once at the largest point: the reference, the current state, a backend's
# own working copy, and slack.
STATES_HELD = 4


def parse_qubits(spec: str) -> list[int]:
    """'10:28:2' -> 10, 12, ..., 28 (inclusive); '20' -> [20]; '12,16,20' -> that list."""
    text = spec.strip()
    try:
        if ":" in text:
            parts = [int(p) for p in text.split(":")]
            if len(parts) == 2:
                parts.append(1)
            if len(parts) != 3:
                raise ValueError
            start, stop, step = parts
            if step <= 0 or stop < start:
                raise ParameterError.of_value("qubits", repr(spec), "expected START:STOP[:STEP] with "
                                              "START <= STOP and STEP > 0")
            values = list(range(start, stop + 1, step))
        else:
            values = [int(p) for p in text.split(",") if p.strip()]
    except ValueError:
        raise ParameterError.of_value("qubits", repr(spec), "expected START:STOP[:STEP], N, or N,M,...") from None
    if not values or min(values) < 1:
        raise ParameterError.of_value("qubits", repr(spec), "qubit counts must be at least 1")
    return values


@dataclass
class BenchConfig:
    qubits: list[int]
    families: list[str] = field(default_factory=lambda: list(DEFAULT_FAMILIES))
    backends: list[str] = field(default_factory=lambda: list(NAMES))
    repeat: int = 3
    warmup: bool = True
    threads: int | None = None
    fusion: int = 4
    precision: str = SINGLE
    seed: int = 0
    cirq_max_qubits: int = CIRQ_MAX_QUBITS
    tolerance: float = 1e-5

    def validate(self) -> None:
        from qtool.circuits import get_family

        if self.repeat < 1:
            raise ParameterError("repeat", f" must be at least 1, not {self.repeat}")
        if self.precision not in (SINGLE, DOUBLE):
            raise QtoolError(f"unknown precision {self.precision!r}: expected single or double")
        if not 1 <= self.fusion <= 6:
            raise ParameterError("fusion", f" must be between 1 and 6, not {self.fusion}")
        unknown = [b for b in self.backends if b not in NAMES]
        if unknown:
            raise QtoolError(f"unknown backend {unknown[0]!r}: expected some of {', '.join(NAMES)}")
        if not self.backends:
            raise QtoolError("no backend to run")
        for name in self.families:
            fam = get_family(name)
            for n in self.qubits:
                fam.check_qubits(n)

    def cpu_threads(self) -> int:
        from qtool.sim import SimOptions

        return SimOptions(threads=self.threads).cpu_threads()


@dataclass
class BackendResult:
    backend: str
    version: str = ""
    precision: str = ""
    status: str = "ok"  # ok | skipped | error | mismatch
    reason: str = ""
    stats: dict | None = None
    convert_seconds: float | None = None
    passes: int | None = None
    passes_source: str = ""  # "qsim fused gates", "aer fused ops" or "gates"
    bandwidth: float | None = None  # bytes per second
    bandwidth_fraction: float | None = None
    fidelity: float | None = None

    @property
    def median(self) -> float | None:
        return self.stats["median"] if self.stats else None


@dataclass
class Point:
    family: str
    qubits: int
    gates: int
    copy_seconds: dict[str, float] = field(default_factory=dict)  # precision -> seconds
    copy_bandwidth: dict[str, float] = field(default_factory=dict)  # precision -> bytes/s
    reference: str | None = None
    results: list[BackendResult] = field(default_factory=list)

    def result(self, backend: str) -> BackendResult | None:
        return next((r for r in self.results if r.backend == backend), None)

    @property
    def agree(self) -> bool:
        return all(r.status != "mismatch" for r in self.results)


@dataclass
class SimBenchReport:
    config: BenchConfig
    threads: int
    points: list[Point] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def agree(self) -> bool:
        return all(p.agree for p in self.points)

    def to_json(self) -> dict:
        cfg = self.config
        return {
            "schema": SCHEMA,
            "benchmark": "simulate",
            "machine": machine_info(self.threads),
            "config": {"families": cfg.families, "qubits": cfg.qubits, "backends": cfg.backends,
                       "repeat": cfg.repeat, "warmup": cfg.warmup, "threads": self.threads,
                       "fusion": cfg.fusion, "precision": cfg.precision, "seed": cfg.seed,
                       "level": "indep", "cirq_max_qubits": cfg.cirq_max_qubits,
                       "fidelity_tolerance": cfg.tolerance},
            "time_unit": "seconds",
            "bandwidth_unit": "bytes per second",
            "bandwidth_model": "2 * passes * state bytes / median time; passes = the fused "
                               "gates of qsim and Aer (read during warm-up), else the "
                               "circuit's gates",
            "agree": self.agree,
            "points": [_point_json(p) for p in self.points],
            "notes": self.notes,
        }


def _point_json(p: Point) -> dict:
    return {"family": p.family, "qubits": p.qubits, "gates": p.gates,
            "copy_seconds": p.copy_seconds, "copy_bandwidth": p.copy_bandwidth,
            "reference": p.reference, "agree": p.agree,
            "results": [vars(r).copy() for r in p.results]}


def machine_info(threads: int) -> dict:
    import os

    info = {"python": platform.python_version(), "platform": platform.platform(),
            "cpu_count": os.cpu_count(), "threads": threads, "numpy": np.__version__}
    try:
        info["processor"] = _cpu_model()
    except OSError:
        pass
    return info


def _cpu_model() -> str:
    with open("/proc/cpuinfo") as fh:
        for line in fh:
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor()


def check_memory(cfg: BenchConfig, available: int | None = None) -> None:
    """Refuse (exit 3) a sweep whose largest point cannot hold its states in memory."""
    from qtool.sim.memory import available_bytes, human

    largest = max(cfg.qubits)
    per_amp = max(BYTES_PER_AMPLITUDE[b.precision(cfg.precision)]
                  for b in make_backends(cfg.backends, cfg.cirq_max_qubits))
    need = STATES_HELD * per_amp * (1 << largest)
    have = available_bytes() if available is None else available
    if need > have:
        raise ResourceError(f"a {largest}-qubit point needs about {human(need)} for its states; "
                            f"only {human(have)} is available (lower --qubits)")


def run_bench(cfg: BenchConfig, advance: Callable[..., None] = lambda *a, **k: None
              ) -> SimBenchReport:
    """Run the sweep; `advance(steps, description=...)` reports progress."""
    cfg.validate()
    check_memory(cfg)
    threads = cfg.cpu_threads()
    spec = RunSpec(threads=threads, fusion=cfg.fusion, precision=cfg.precision)
    backends = make_backends(cfg.backends, cfg.cirq_max_qubits)
    report = SimBenchReport(cfg, threads)
    _static_notes(report, backends, spec)
    copies: dict[tuple[int, str], tuple[float, float]] = {}
    for family in cfg.families:
        for n in cfg.qubits:
            report.points.append(_run_point(cfg, spec, backends, family, n, copies, advance))
    return report


def point_task(cfg: BenchConfig, family: str, n: int) -> Point:
    """One (family, qubits) point of the sweep on its own: a pure task, so that
    `qtool bench simulate --workers/--cluster` can spread the points (each task makes its
    own backends; run_bench's order and notes are the caller's)."""
    spec = RunSpec(threads=cfg.cpu_threads(), fusion=cfg.fusion, precision=cfg.precision)
    backends = make_backends(cfg.backends, cfg.cirq_max_qubits)
    return _run_point(cfg, spec, backends, family, n, {}, lambda *a, **k: None)


def assemble(cfg: BenchConfig, points: list[Point]) -> SimBenchReport:
    """The report of a sweep whose points ran as point_task, in run_bench's order."""
    cfg.validate()
    spec = RunSpec(threads=cfg.cpu_threads(), fusion=cfg.fusion, precision=cfg.precision)
    report = SimBenchReport(cfg, spec.threads)
    _static_notes(report, make_backends(cfg.backends, cfg.cirq_max_qubits), spec)
    report.points = list(points)
    return report


def steps_per_point(cfg: BenchConfig) -> int:
    return len(cfg.backends) * (cfg.repeat + (1 if cfg.warmup else 0))


def _static_notes(report: SimBenchReport, backends: list[Backend], spec: RunSpec) -> None:
    for b in backends:
        why = b.unavailable()
        if why:
            report.notes.append(f"{b.name}: {why}")
        elif b.precision(spec.precision) != spec.precision:
            report.notes.append(f"{b.name}: runs in {b.precision(spec.precision)} precision only")
        if not b.threaded and spec.threads > 1 and not why:
            report.notes.append(f"{b.name}: single-threaded (numpy); --threads does not apply")
        if b.max_qubits is not None and any(n > b.max_qubits for n in report.config.qubits):
            report.notes.append(f"{b.name}: skipped above {b.max_qubits} qubits "
                                "(--cirq-max-qubits to change)")


def _order(backends: list[Backend], n: int) -> list[Backend]:
    """Run cirq first where it runs, so it is the reference; else keep the given order."""
    ref = [b for b in backends if b.name == "cirq" and b.skip_reason(n) is None]
    return ref + [b for b in backends if b not in ref]


def _run_point(cfg, spec, backends, family, n, copies, advance) -> Point:
    from qtool.circuits import generate

    circuit = generate(family, n, seed=cfg.seed, level="indep")
    point = Point(family, n, sum(1 for _ in circuit.all_operations()))
    reference: np.ndarray | None = None
    results: dict[str, BackendResult] = {}
    for backend in _order(backends, n):
        precision = backend.precision(cfg.precision)
        res = BackendResult(backend.name, precision=precision)
        results[backend.name] = res
        why = backend.unavailable() or backend.skip_reason(n)
        if why:
            res.status, res.reason = "skipped", why
            advance(steps_per_point(cfg) // len(cfg.backends),
                    description=f"{family} {n}q {backend.name}: skipped")
            continue
        res.version = backend.version()
        state = _time_backend(backend, circuit, n, RunSpec(spec.threads, spec.fusion, precision),
                              cfg, res, advance, f"{family} {n}q")
        if state is None:
            continue
        if reference is None:
            reference, point.reference = state, backend.name
        else:
            res.fidelity = memory_bandwidth.fidelity(reference, state)
            if res.fidelity < 1 - cfg.tolerance:
                res.status = "mismatch"
                res.reason = (f"state fidelity {res.fidelity:.8f} with {point.reference} is "
                              f"below 1 - {cfg.tolerance:g}")
        del state
        gc.collect()
    del reference
    gc.collect()
    _share_fusion(results)
    point.results = [results[name] for name in cfg.backends]
    for res in point.results:
        _bandwidth(point, res, n, copies)
    return point


def _share_fusion(results: dict[str, BackendResult]) -> None:
    """qtool runs qsim with the same fusion setting, so it applies the same fused gates."""
    raw, ours = results.get("qsimcirq"), results.get("qtool")
    if raw and ours and raw.passes is not None and ours.passes is None:
        ours.passes, ours.passes_source = raw.passes, raw.passes_source


def _time_backend(backend, circuit, n, spec, cfg, res, advance, label) -> np.ndarray | None:
    """Convert, warm up and time one backend; its last state, or None after an error."""
    try:
        t0 = time.perf_counter()
        run = backend.prepare(circuit, n, spec)
        res.convert_seconds = time.perf_counter() - t0
        if cfg.warmup:
            res.passes = backend.warm_up(run, circuit, n, spec)
            if res.passes is not None:
                res.passes_source = backend.passes_label
            advance(1, description=f"{label} {backend.name} warm-up")
        times, state = [], None
        for _ in range(cfg.repeat):
            state = None
            gc.collect()
            t0 = time.perf_counter()
            state = run()
            times.append(time.perf_counter() - t0)
            advance(1, description=f"{label} {backend.name}")
        res.stats = timing_stats(times)
        return np.asarray(state)
    except MemoryError:
        res.status, res.reason = "error", "out of memory"
    except Exception as exc:  # noqa: BLE001 - a peer's failure must not end the sweep
        res.status, res.reason = "error", f"{type(exc).__name__}: {exc}"
    return None


def _bandwidth(point: Point, res: BackendResult, n: int, copies) -> None:
    if res.stats is None:
        return
    precision = res.precision
    state_bytes = BYTES_PER_AMPLITUDE[precision] << n
    if (n, precision) not in copies:
        copies[(n, precision)] = memory_bandwidth.copy_bandwidth(state_bytes)
    seconds, rate = copies[(n, precision)]
    point.copy_seconds[precision], point.copy_bandwidth[precision] = seconds, rate
    if res.passes is None:
        res.passes, res.passes_source = point.gates, "gates"
    res.bandwidth = 2 * res.passes * state_bytes / res.stats["median"]
    res.bandwidth_fraction = res.bandwidth / rate
