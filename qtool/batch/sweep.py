"""Parameter sweeps: `--sweep theta=0:2*pi:64`, several of them as an outer product or
zipped, `--param name=value` for fixed values; a table over the points and a text plot.

Each point is one simulate task (qtool.batch.tasks.simulate_task with the point's
parameters bound at parse time), seeded from the run's seed by its index. A sweep of
expectation values computes them alone (`point_mode`): each point's report carries no
outcome listing, which on a 20-qubit state cost a third of qsim's own time per point and
made every point's result 1024 probabilities long.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

from qtool.errors import ParameterError
from qtool.qasm import expr as qexpr

DEFAULT_OUTCOME_COLUMNS = 8
SCHEMA = "qtool.sweep/2"


@dataclass(frozen=True)
class Sweep:
    name: str
    values: tuple[float, ...]


# Errors are ParameterErrors naming what is bad in the core's terms ("sweep", "param",
# "zipped", "sweeps/fixed", "plot"): the CLI says the same with its flags' names.

def _name_value(spec: str, kind: str) -> tuple[str, str]:
    name, eq, value = spec.partition("=")
    name = name.strip()
    if not eq or not name.isidentifier() or not value.strip():
        raise ParameterError(kind, f" {spec!r}: expected NAME=" +
                             ("START:STOP:N or NAME=V1,V2,..." if kind == "sweep" else "VALUE"))
    return name, value.strip()


def _number(text: str, kind: str, spec: str) -> float:
    try:
        return qexpr.evaluate(qexpr.parse_expr(text))
    except qexpr.ExprError as exc:
        raise ParameterError(kind, f" {spec}: {text!r} is not a number ({exc})") from None


def parse_sweep(spec: str) -> Sweep:
    """`theta=0:2*pi:64` (64 points from 0 to 2*pi, both ends included) or `theta=0,pi/2,pi`."""
    name, value = _name_value(spec, "sweep")

    def bad(problem: str) -> ParameterError:
        return ParameterError("sweep", f" {spec}: {problem}")

    if ":" in value:
        parts = value.split(":")
        if len(parts) != 3:
            raise bad("expected START:STOP:N, for example theta=0:2*pi:64")
        start, stop = _number(parts[0], "sweep", spec), _number(parts[1], "sweep", spec)
        try:
            n = int(parts[2])
        except ValueError:
            raise bad(f"the number of points N must be a whole number, not {parts[2]!r}") from None
        if n < 1:
            raise bad(f"the number of points must be at least 1, not {n}")
        if n == 1:
            return Sweep(name, (start,))
        step = (stop - start) / (n - 1)
        return Sweep(name, tuple(start + k * step for k in range(n - 1)) + (stop,))
    return Sweep(name, tuple(_number(v, "sweep", spec) for v in value.split(",")))


def parse_param(spec: str) -> tuple[str, float]:
    name, value = _name_value(spec, "param")
    return name, _number(value, "param", spec)


def points(sweeps: list[Sweep], zipped: bool = False,
           fixed: dict[str, float] | None = None) -> list[dict[str, float]]:
    """Every point of the sweeps: the outer product (first sweep outermost), or with
    `zipped` the k-th values of all sweeps together; `fixed` values in every point."""
    names = [s.name for s in sweeps]
    fixed = dict(fixed or {})
    twice = sorted({n for n in names if names.count(n) > 1} | (set(names) & set(fixed)))
    if twice:
        raise ParameterError("sweeps/fixed", ")", head=f"parameter {twice[0]!r} is given twice (")
    if zipped:
        lengths = {len(s.values) for s in sweeps}
        if len(lengths) > 1:
            raise ParameterError("zipped", " needs sweeps of the same length, not " +
                                 ", ".join(f"{s.name}: {len(s.values)}" for s in sweeps))
        rows = list(zip(*(s.values for s in sweeps)))
    else:
        rows = list(itertools.product(*(s.values for s in sweeps)))
    return [{**fixed, **dict(zip(names, row))} for row in rows]


def point_mode(mode: str | None, shots: int | None, noise: str | None,
               observables) -> str | None:
    """What each point of a sweep computes: "expectation" (the values alone) when
    observables are asked for and nothing else is (no mode, no shots, no noise); else
    `mode` as given (None: simulate's default, counts or probabilities)."""
    if observables and mode is None and shots is None and noise is None:
        return "expectation"
    return mode


def point_tasks(items: list, spec, pts: list[dict], seeds: list[int]) -> list:
    """The (name, (item, spec)) tasks of a sweep: every point of every item, item by item,
    point k with seeds[k] (so each item's points get the seeds it would get alone)."""
    from dataclasses import replace

    return [(it.name, (it, replace(spec, params=p, seed=s)))
            for it in items for p, s in zip(pts, seeds)]


# ------------------------------------------------------------------ the table
@dataclass
class SweepTable:
    """The results over a sweep: one row per point, one column per parameter and value."""

    parameters: list[str]
    columns: list[str]  # expectation observables, or outcome bitstrings
    kind: str  # "expectation" | "probability" | "count"
    rows: list[tuple[dict[str, float], list[float]]]


def table(sweep_names: list[str], pts: list[dict], reports: list, top: int | None = None) -> SweepTable:
    """The table of a sweep from its points' SimulationReports (Failures have been dealt with).

    With --expect the columns are the expectation values; otherwise the outcomes whose
    largest probability (or count) over the sweep is highest, at most `top` of them.
    """
    first = reports[0]
    if first.expectations:
        cols = [obs for obs, _ in first.expectations]
        rows = [(p, [e.value for _, e in r.expectations]) for p, r in zip(pts, reports)]
        return SweepTable(sweep_names, cols, "expectation", rows)
    counts = first.mode == "counts"
    values = [(r.counts if counts else r.probabilities) for r in reports]
    best: dict[str, float] = {}
    for v in values:
        for k, x in v.items():
            best[k] = max(best.get(k, 0.0), x)
    keep = sorted(best, key=lambda k: (-best[k], k))[:top or DEFAULT_OUTCOME_COLUMNS]
    keep.sort()
    rows = [(p, [float(v.get(k, 0)) for k in keep]) for p, v in zip(pts, values)]
    return SweepTable(sweep_names, keep, "count" if counts else "probability", rows)


def to_csv(t: SweepTable) -> str:
    lines = [",".join(t.parameters + t.columns)]
    for p, vals in t.rows:
        lines.append(",".join([f"{p[n]:.12g}" for n in t.parameters] + [f"{v:.12g}" for v in vals]))
    return "\n".join(lines) + "\n"


def to_json(t: SweepTable, reports: list, source: str, zipped: bool, fixed: dict) -> dict:
    first = reports[0]
    doc = {"schema": SCHEMA, "source": source, "parameters": t.parameters,
           "combination": "zip" if zipped else "product", "fixed": fixed, "mode": first.mode,
           "qubits": first.qubits, "bits": first.bits, "points": []}
    for (p, _), r in zip(t.rows, reports):
        point = r.to_json()
        for k in ("schema", "source", "qubits", "bits"):
            point.pop(k, None)
        point["params"] = {n: p[n] for n in t.parameters}
        doc["points"].append(point)
    doc["bit_order"] = reports[0].to_json()["bit_order"]
    return doc


# ------------------------------------------------------------------ a text plot
def text_plot(xs: list[float], ys: list[float], width: int = 60, height: int = 12,
              title: str = "", xlabel: str = "") -> str:
    """y against x on linear axes, in plain text (the CLI prints it under the table).

    >>> print(text_plot([0, 1], [0, 1], width=10, height=3).splitlines()[0])
           1 |         *
    """
    pts = [(x, y) for x, y in zip(xs, ys) if math.isfinite(x) and math.isfinite(y)]
    if not pts:
        return "(no data)"
    x0, x1 = min(x for x, _ in pts), max(x for x, _ in pts)
    y0, y1 = min(y for _, y in pts), max(y for _, y in pts)
    if y1 - y0 < 1e-12:
        y0, y1 = y0 - 1, y1 + 1
    grid = [[" "] * width for _ in range(height)]
    for x, y in pts:
        col = 0 if x1 == x0 else round((x - x0) / (x1 - x0) * (width - 1))
        row = round((y - y0) / (y1 - y0) * (height - 1))
        grid[height - 1 - row][col] = "*"
    label = {0: f"{y1:.4g}", height - 1: f"{y0:.4g}"}
    if height > 2:
        label[(height - 1) // 2] = f"{(y0 + y1) / 2:.4g}"
    out = [title] if title else []
    out += [f"{label.get(r, ''):>8} |" + "".join(row).rstrip() for r, row in enumerate(grid)]
    out.append(" " * 9 + "+" + "-" * width)
    left, right = f"{x0:.4g}", f"{x1:.4g}"
    out.append(" " * 10 + left + " " * max(1, width - len(left) - len(right)) + right +
               (f"  {xlabel}" if xlabel else ""))
    return "\n".join(out)


def save_plot(t: SweepTable, path, xlabel: str) -> None:
    """The table's columns against the first swept parameter, as PNG or SVG (matplotlib)."""
    from qtool.figures import figure_format

    fmt = figure_format(path)

    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    from qtool.figures import write_figure

    fig, ax = plt.subplots(figsize=(7, 4.2))
    xs = [p[xlabel] for p, _ in t.rows]
    for j, col in enumerate(t.columns):
        ax.plot(xs, [vals[j] for _, vals in t.rows], marker=".", label=col)
    ax.set_xlabel(xlabel)
    ax.set_ylabel({"expectation": "expectation value", "probability": "probability",
                   "count": "count"}[t.kind])
    ax.grid(alpha=0.3)
    ax.legend(fontsize="small")
    fig.tight_layout()
    write_figure(fig, path, fmt)
