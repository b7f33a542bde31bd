"""Per family: does a circuit generated under `f:NAME` have the family's connectivity?

Why: the pooled divergences (honest.py) mix every family, so a model that draws the right
*mixture* of interaction graphs can still give a 4-qubit "qft" the graph of a ghz chain
(issue 18 found density and mean degree barely learned, close to random's). So, family by
family and size by size, generated circuits are compared with the library's circuits of that
family and size -- the family's definition, not a held-out sample: seeded families draw
seeds from dataset.HELD_OUT_SEED on (never trained on), seedless ones are one circuit per
size -- and a uniform random circuit matched to each reference (baselines.random_uniform)
is scored the same way, so every figure has its floor beside it.

Two numbers per metric (interaction-graph density, mean degree, two-qubit share):
- `js`: Jensen-Shannon divergence of the metric's histogram, reference vs generated (bins
  shared with the random set, as structure.js_per_metric does);
- `gap`: the mean over sizes of |mean generated - mean reference|, which small samples
  measure more steadily than a histogram.
"""

from __future__ import annotations

import random
from typing import Sequence

import numpy as np

from qtool.ketgpt import baselines, structure

METRICS = ("density", "mean_degree", "two_qubit_share")


def reference(family: str, n: int, count: int, seed: int = 0) -> list[tuple[int, list]]:
    """`count` library circuits of the family on n qubits, as (n, statements); a seedless
    family gives the same circuit each time."""
    from qtool import circuits
    from qtool.ketgpt.convert import circuit_statements
    from qtool.ketgpt.dataset import HELD_OUT_SEED

    spec = circuits.FAMILIES[family]
    out = []
    for k in range(count if spec.seeded else 1):
        c = circuits.generate(family, n, seed=HELD_OUT_SEED + 7919 * seed + k, level="indep")
        out.append(circuit_statements(c, n))
    return out * (1 if spec.seeded else count)


def compare(ref: Sequence[tuple], gen: Sequence[tuple], floor: Sequence[tuple] = ()) -> dict:
    """{"js": {metric: divergence}, "gap": {metric: mean |difference| per size}} of `gen`
    against `ref` (lists of (n, statements); bins shared with `floor` when given)."""
    mr = [structure.statement_metrics(n, s) for n, s in ref]
    mg = [structure.statement_metrics(n, s) for n, s in gen]
    mf = [structure.statement_metrics(n, s) for n, s in floor]
    js = structure.js_per_metric(mr, mg, [mf] if mf else None)
    gap = {}
    sizes = sorted({m.qubits for m in mr})
    for name in METRICS:
        diffs = []
        for n in sizes:
            a = [getattr(m, name) for m in mr if m.qubits == n]
            b = [getattr(m, name) for m in mg if m.qubits == n]
            if a and b:
                diffs.append(abs(float(np.mean(a)) - float(np.mean(b))))
        gap[name] = float(np.mean(diffs)) if diffs else float("nan")
    return {"js": {k: js[k] for k in METRICS}, "gap": gap}


def by_family(ckpt, families: Sequence[str] | None = None, sizes: Sequence[int] = (3, 4, 5, 6, 7, 8),
              per_size: int = 5, seed: int = 0) -> dict:
    """Per library family the checkpoint can be conditioned on: generated vs the family
    (`generated`) and uniform random vs the family (`uniform`), as `compare` gives them."""
    from qtool import circuits
    from qtool.ketgpt.generate import generate
    from qtool.ketgpt.sample import SampleOptions

    tok = ckpt.tokenizer
    names = [f for f in (families or tok.families)
             if f in circuits.FAMILIES and f"f:{f}" in tok.index]
    rng = random.Random(seed)
    out = {}
    for k, fam in enumerate(names):
        spec = circuits.FAMILIES[fam]
        ref, gen = [], []
        for n in sizes:
            if not spec.min_qubits <= n <= spec.max_qubits:
                continue
            ref += reference(fam, n, per_size, seed)
            for g in generate(ckpt, per_size, n, fam,
                              SampleOptions(seed=seed * 1000 + 131 * k + n, threads=1)):
                _n, _f, sts = tok.decode(g.tokens)
                gen.append((n, sts))
        if not ref:
            continue
        uniform = baselines.random_uniform(ref, rng)
        out[fam] = {"generated": compare(ref, gen, uniform), "uniform": compare(ref, uniform, gen),
                    "count": len(gen)}
    return out


def summary(report: dict) -> dict:
    """Means over families of every figure, for a one-line comparison of two models."""
    out = {}
    for who in ("generated", "uniform"):
        for kind in ("js", "gap"):
            for m in METRICS:
                vals = [f[who][kind][m] for f in report.values() if not np.isnan(f[who][kind][m])]
                out[f"{who}.{kind}.{m}"] = float(np.mean(vals)) if vals else float("nan")
    return out


def table(report: dict) -> list[str]:
    """Per family: JS and gap of density and mean degree, generated vs uniform random."""
    lines = [f"{'family':<15}{'JS dens gen':>12}{'rand':>7}{'JS deg gen':>11}{'rand':>7}"
             f"{'gap dens gen':>13}{'rand':>7}{'gap deg gen':>12}{'rand':>7}"]
    for fam, f in report.items():
        g, u = f["generated"], f["uniform"]
        lines.append(f"{fam:<15}{g['js']['density']:>12.3f}{u['js']['density']:>7.3f}"
                     f"{g['js']['mean_degree']:>11.3f}{u['js']['mean_degree']:>7.3f}"
                     f"{g['gap']['density']:>13.3f}{u['gap']['density']:>7.3f}"
                     f"{g['gap']['mean_degree']:>12.3f}{u['gap']['mean_degree']:>7.3f}")
    s = summary(report)
    lines.append(f"{'mean':<15}{s['generated.js.density']:>12.3f}{s['uniform.js.density']:>7.3f}"
                 f"{s['generated.js.mean_degree']:>11.3f}{s['uniform.js.mean_degree']:>7.3f}"
                 f"{s['generated.gap.density']:>13.3f}{s['uniform.gap.density']:>7.3f}"
                 f"{s['generated.gap.mean_degree']:>12.3f}{s['uniform.gap.mean_degree']:>7.3f}")
    return lines
