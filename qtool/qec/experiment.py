"""Logical error rates of QEC memory experiments: sample, decode with pymatching, count.

Two collectors, one result. With a seed, each (distance, noise) point is cut into chunks of
shots, each a pure task, `chunk_task` (stim's seeded detector sampler, pymatching's batch
decoder, the chunk's own seed): a loop in this process, or the tasks of a qtool.batch
executor on local workers or a Dask cluster, with the same numbers either way; even a
single point spreads over the workers. Without a seed, sinter collects in its own
worker processes (sinter draws its own entropy, so such runs are not repeatable; its
multiprocessing does not nest inside Dask's daemonic workers, so it is never a Dask task).
Both stop a point at `max_shots` shots or `max_errors` logical errors.

Rates come with a 95% Wilson score interval per shot; per round, the shot rate and its
interval are converted by 1 - (1 - p)^(1/rounds) (sinter's shot_error_rate_to_piece_error_rate).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from qtool.errors import ParameterError
from qtool.qec import codes

SCHEMA = "qtool.qec/1"
Z95 = 1.959963984540054


@dataclass
class Point:
    code: str
    distance: int
    rounds: int
    noise: float
    shots: int = 0
    errors: int = 0
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        return self.errors / self.shots if self.shots else float("nan")

    def interval(self) -> tuple[float, float]:
        return wilson(self.errors, self.shots)

    def per_round(self, p: float) -> float:
        if p >= 0.5:
            return 0.5
        return 1 - (1 - p) ** (1 / self.rounds)

    def to_json(self) -> dict:
        lo, hi = self.interval()
        return {"code": self.code, "distance": self.distance, "rounds": self.rounds,
                "noise": self.noise, "shots": self.shots, "errors": self.errors,
                "logical_error_rate": self.rate, "interval": [lo, hi],
                "logical_error_rate_per_round": self.per_round(self.rate),
                "interval_per_round": [self.per_round(lo), self.per_round(hi)],
                "seconds": self.seconds}


def wilson(k: int, n: int, z: float = Z95) -> tuple[float, float]:
    if n == 0:
        return 0.0, 1.0
    p = k / n
    den = 1 + z * z / n
    mid = (p + z * z / (2 * n)) / den
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / den
    return max(0.0, mid - half), min(1.0, mid + half)


def parse_sweep(spec: str) -> list[float]:
    """"0.002:0.012:6" (6 values, log-spaced) or "0.001,0.005" or "0.003"."""
    try:
        if ":" in spec:
            lo, hi, count = spec.split(":")
            lo, hi, n = float(lo), float(hi), int(count)
            if n < 2 or lo <= 0 or hi <= lo:
                raise ValueError
            return [lo * (hi / lo) ** (i / (n - 1)) for i in range(n)]
        return [float(x) for x in spec.split(",")]
    except ValueError:
        raise ParameterError("noise", ": expected LOW:HIGH:COUNT (log-spaced, COUNT >= 2) or "
                             "P1,P2,...", head=f"bad noise sweep {spec!r} for ") from None


def parse_ints(spec: str, what: str = "distances") -> list[int]:
    try:
        return [int(x) for x in spec.split(",")]
    except ValueError:
        raise ParameterError(what, ": expected integers such as 3,5,7",
                             head=f"bad list {spec!r} for ") from None


def direct_count(circuit, shots: int, seed: int | None, max_errors: int | None = None,
                 batch: int = 10_000, advance=None) -> tuple[int, int]:
    """(shots, logical errors) by stim's seeded sampler and pymatching, in one process."""
    import numpy as np
    import pymatching

    dem = circuit.detector_error_model(decompose_errors=True)
    matching = pymatching.Matching.from_detector_error_model(dem)
    sampler = circuit.compile_detector_sampler(seed=seed)
    done = errors = 0
    while done < shots and (max_errors is None or errors < max_errors):
        n = min(batch, shots - done)
        dets, obs = sampler.sample(n, separate_observables=True)
        predicted = matching.decode_batch(dets)
        errors += int(np.count_nonzero(np.any(predicted != obs, axis=1)))
        done += n
        if advance:
            advance(n)
    return done, errors


def point_seed(seed: int, index: int) -> int:
    """The seed of the index-th point of a seeded sweep (the same in a loop or on workers)."""
    return seed + index


def chunk_task(point: Point, shots: int, seed: int) -> tuple[int, int, float]:
    """One chunk of one point's shots, seeded: (shots, logical errors, seconds). Pure and
    picklable: a qtool.batch task (`qtool qec` and `qec threshold` with --workers/--cluster)."""
    t = time.perf_counter()
    circuit = codes.circuit(point.code, point.distance, point.rounds, point.noise)
    done, errors = direct_count(circuit, shots, seed)
    return done, errors, time.perf_counter() - t


def collect_seeded(points: list[Point], max_shots: int, max_errors: int | None, seed: int,
                   run_chunks, spread: bool = False, advance=None) -> list[Point]:
    """Fill each point from its shot chunks, the same numbers however they are run.

    A point's shots are cut into chunks by qtool.batch.shots (sizes from max_shots alone,
    seeds from the point's seed; a point of one chunk keeps the point's seed). The chunks
    of a point are merged in order and the point stops at the first chunk that brings its
    errors to max_errors; later chunks are never counted. So the result depends only on
    the seed, not on which chunks ran where: `run_chunks(fn, tasks) -> results` may be a
    loop or a batch executor. Waves decide how many chunks each unfinished point sends
    next: one at a time in a loop (nothing computed in vain), doubling when `spread`
    (every chunk at once without max_errors), so one point can use many workers."""
    from qtool.seeds import chunks

    if max_shots < 1:
        raise ParameterError("max_shots", f" must be at least 1, not {max_shots}")
    plans = [chunks(max_shots, point_seed(seed, i)) for i in range(len(points))]
    merged = [0] * len(points)  # chunks counted so far, per point
    totals = [[0, 0, 0.0] for _ in points]
    wave = max(map(len, plans)) if spread and max_errors is None else 1

    def finished(i: int) -> bool:
        return merged[i] == len(plans[i]) or (max_errors is not None
                                              and totals[i][1] >= max_errors)

    while True:
        todo = [(i, j) for i in range(len(points)) if not finished(i)
                for j in range(merged[i], min(len(plans[i]), merged[i] + wave))]
        if not todo:
            break
        tasks = [(f"d={points[i].distance} noise={points[i].noise:.4g} chunk {j + 1}",
                  (points[i], *plans[i][j])) for i, j in todo]
        for (i, _j), (shots, errors, seconds) in zip(todo, run_chunks(chunk_task, tasks)):
            if finished(i):
                continue  # past this point's stopping chunk: not counted
            totals[i][0] += shots
            totals[i][1] += errors
            totals[i][2] += seconds
            merged[i] += 1
            if advance:
                advance(shots)
        if spread:
            wave *= 2
    for p, (shots, errors, seconds) in zip(points, totals):
        p.shots, p.errors, p.seconds = shots, errors, seconds
    return points


def _in_process(fn, tasks):
    """run_chunks for a loop in this process, lazily (the merge may stop a point early)."""
    return (fn(*args) for _name, args in tasks)


def collect(points: list[Point], max_shots: int, max_errors: int | None, seed: int | None,
            workers: int = 1, advance=None) -> list[Point]:
    """Fill each point's shots and errors (seeded loop, or sinter when seed is None)."""
    if max_shots < 1:
        raise ParameterError("max_shots", f" must be at least 1, not {max_shots}")
    if seed is not None:
        return collect_seeded(points, max_shots, max_errors, seed, _in_process,
                              advance=advance)
    import sinter

    circuits = [codes.circuit(p.code, p.distance, p.rounds, p.noise) for p in points]

    tasks = [sinter.Task(circuit=c, json_metadata={"i": i}) for i, c in enumerate(circuits)]
    seen = {}

    def progress(update):
        if advance:
            for s in update.new_stats:
                seen[s.json_metadata["i"]] = seen.get(s.json_metadata["i"], 0) + s.shots
                advance(s.shots)

    stats = sinter.collect(num_workers=workers, tasks=tasks, decoders=["pymatching"],
                           max_shots=max_shots, max_errors=max_errors,
                           progress_callback=progress)
    for s in stats:
        p = points[s.json_metadata["i"]]
        p.shots, p.errors, p.seconds = s.shots, s.errors, s.seconds
    return points


def crossings(points: list[Point]) -> list[dict]:
    """Where consecutive distances' per-round rate curves cross (log-log interpolation)."""
    by_d: dict[int, dict[float, float]] = {}
    for p in points:
        if p.shots and p.errors:
            by_d.setdefault(p.distance, {})[p.noise] = p.per_round(p.rate)
    ds = sorted(by_d)
    out = []
    for a, b in zip(ds, ds[1:]):
        common = sorted(set(by_d[a]) & set(by_d[b]))
        diff = [(x, math.log(by_d[b][x]) - math.log(by_d[a][x])) for x in common]
        for (x0, f0), (x1, f1) in zip(diff, diff[1:]):
            if f0 < 0 <= f1:
                lx = math.log(x0) + (math.log(x1) - math.log(x0)) * (-f0) / (f1 - f0)
                out.append({"distances": [a, b], "noise": math.exp(lx)})
                break
    return out
