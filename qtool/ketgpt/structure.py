"""Verification, part three: how far apart are the *shapes* of real, generated and random
circuits?

Per circuit: qubits, gates, depth, two-qubit-gate share, interaction-graph density and mean
degree, critical path (two-qubit gates on the longest dependency chain) and the gate-type
histogram. Between two sets: the Jensen-Shannon divergence (base 2, in [0, 1]) of each
metric's histogram on shared bins, and a maximum mean discrepancy over all metrics at once
(RBF kernel on metrics standardised by the real set, bandwidth the real set's median
distance), so one number says how far one set is from another.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from qtool.ketgpt.tokenizer import GATES

SCALARS = ("qubits", "gates", "depth", "two_qubit_share", "density", "mean_degree",
           "critical_path")
GATE_NAMES = tuple(GATES)


@dataclass
class Metrics:
    qubits: int
    gates: int
    depth: int
    two_qubit_share: float
    density: float
    mean_degree: float
    critical_path: int
    gate_counts: Counter

    def vector(self) -> np.ndarray:
        """Scalars, then the share of each gate type."""
        total = max(self.gates, 1)
        shares = [self.gate_counts.get(g, 0) / total for g in GATE_NAMES]
        return np.array([float(getattr(self, s)) for s in SCALARS] + shares)


def statement_metrics(num_qubits: int, statements: Sequence) -> Metrics:
    """Metrics of one circuit given as (name, params, qubits) statements."""
    level = [0] * num_qubits         # ASAP layer reached on each qubit
    crit = [0] * num_qubits          # most two-qubit gates on a chain ending at each qubit
    edges: set[tuple[int, int]] = set()
    counts: Counter = Counter()
    two = 0
    for name, _p, qubits in statements:
        counts[name] += 1
        multi = len(qubits) >= 2
        two += multi
        top = max(level[q] for q in qubits) + 1
        chain = max(crit[q] for q in qubits) + multi
        for q in qubits:
            level[q], crit[q] = top, chain
        for i, a in enumerate(qubits):
            for b in qubits[i + 1:]:
                edges.add((min(a, b), max(a, b)))
    n = max(num_qubits, 1)
    pairs = n * (n - 1) / 2
    gates = len(statements)
    return Metrics(num_qubits, gates, max(level, default=0), two / gates if gates else 0.0,
                   len(edges) / pairs if pairs else 0.0, 2 * len(edges) / n,
                   max(crit, default=0), counts)


def _js(p: np.ndarray, q: np.ndarray) -> float:
    p = p / p.sum() if p.sum() else p
    q = q / q.sum() if q.sum() else q
    m = (p + q) / 2

    def kl(a, b):
        nz = a > 0
        return float(np.sum(a[nz] * np.log2(a[nz] / b[nz])))

    return max(0.0, 0.5 * kl(p, m) + 0.5 * kl(q, m))


def _bins(values: list[np.ndarray], integer: bool, nbins: int = 20) -> np.ndarray:
    allv = np.concatenate(values)
    lo, hi = float(allv.min()), float(allv.max())
    if integer and hi - lo + 1 <= nbins:
        return np.arange(lo - 0.5, hi + 1.5)
    if hi - lo < 1e-12:
        return np.array([lo - 0.5, hi + 0.5])
    return np.linspace(lo, hi + 1e-9 * max(1.0, abs(hi)), nbins + 1)


def js_per_metric(real: list[Metrics], other: list[Metrics],
                  reference: list[list[Metrics]] | None = None) -> dict[str, float]:
    """Jensen-Shannon divergence of every scalar metric, and of the pooled gate types.

    Bins come from the union of `real`, `other` and any `reference` sets, so distances to
    real of two different sets are measured on the same grid.
    """
    sets = [real, other] + (reference or [])
    out = {}
    for s in SCALARS:
        vals = [np.array([float(getattr(m, s)) for m in group]) for group in sets]
        edges = _bins(vals, integer=s in ("qubits", "gates", "depth", "critical_path"))
        hr = np.histogram(vals[0], edges)[0].astype(float)
        ho = np.histogram(vals[1], edges)[0].astype(float)
        out[s] = _js(hr, ho)
    pooled = [sum((m.gate_counts for m in g), Counter()) for g in (real, other)]
    out["gate_types"] = _js(*(np.array([c.get(g, 0) for g in GATE_NAMES], float) for c in pooled))
    return out


def mmd(real: list[Metrics], other: list[Metrics], exclude: Sequence[str] = ()) -> float:
    """Unbiased MMD^2 between the metric vectors of two sets (RBF kernel).

    Features are standardised by the real set's mean and spread, and the bandwidth is the
    median distance within the real set, so mmd(real, A) and mmd(real, B) share one kernel.
    """
    keep = [i for i, name in enumerate(SCALARS + GATE_NAMES) if name not in exclude]
    X = np.array([m.vector()[keep] for m in real])
    Y = np.array([m.vector()[keep] for m in other])
    mu, sd = X.mean(0), X.std(0)
    sd[sd < 1e-9] = 1.0
    X, Y = (X - mu) / sd, (Y - mu) / sd
    d_xx = _sqdist(X, X)
    iu = np.triu_indices(len(X), 1)
    med = float(np.median(d_xx[iu])) if len(X) > 1 else 1.0
    gamma = 1.0 / max(med, 1e-9)
    kxx, kyy, kxy = np.exp(-gamma * d_xx), np.exp(-gamma * _sqdist(Y, Y)), np.exp(-gamma * _sqdist(X, Y))
    n, m = len(X), len(Y)
    term_x = (kxx.sum() - np.trace(kxx)) / (n * (n - 1)) if n > 1 else 0.0
    term_y = (kyy.sum() - np.trace(kyy)) / (m * (m - 1)) if m > 1 else 0.0
    return float(term_x + term_y - 2 * kxy.mean())


def _sqdist(A: np.ndarray, B: np.ndarray) -> np.ndarray:
    return np.maximum(0.0, (A * A).sum(1)[:, None] + (B * B).sum(1)[None, :] - 2 * A @ B.T)


def plot(sets: dict[str, list[Metrics]], path: str) -> None:
    """Histograms of every metric for each set, and the pooled gate-type shares, to a file."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(2, 4, figsize=(16, 7))
    for ax, s in zip(axes.flat, SCALARS):
        vals = [np.array([float(getattr(m, s)) for m in g]) for g in sets.values()]
        edges = _bins(vals, integer=s in ("qubits", "gates", "depth", "critical_path"), nbins=25)
        for label, v in zip(sets, vals):
            ax.hist(v, edges, histtype="step", density=True, label=label, linewidth=1.5)
        ax.set_title(s.replace("_", " "))
    ax = axes.flat[len(SCALARS)]
    width = 0.8 / len(sets)
    x = np.arange(len(GATE_NAMES))
    for k, (label, group) in enumerate(sets.items()):
        c = sum((m.gate_counts for m in group), Counter())
        total = max(sum(c.values()), 1)
        ax.bar(x + k * width, [c.get(g, 0) / total for g in GATE_NAMES], width, label=label)
    ax.set_xticks(x + 0.4 - width / 2, GATE_NAMES, rotation=90, fontsize=6)
    ax.set_title("gate types")
    axes.flat[0].legend()
    fig.suptitle("KetGPT: circuit structure of real, generated and random sets")
    fig.tight_layout()
    from qtool.figures import write_figure

    write_figure(fig, path, "svg" if str(path).lower().endswith(".svg") else "png", dpi=110)
