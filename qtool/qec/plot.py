"""Threshold curves as a PNG or SVG (matplotlib, headless)."""

from __future__ import annotations


def save_plot(points, path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from qtool.figures import figure_format, write_figure

    fig, ax = plt.subplots(figsize=(6, 4.5))
    for d in sorted({p.distance for p in points}):
        pts = sorted((p for p in points if p.distance == d and p.shots), key=lambda p: p.noise)
        xs = [p.noise for p in pts]
        ys = [p.per_round(p.rate) for p in pts]
        lo = [y - p.per_round(p.interval()[0]) for p, y in zip(pts, ys)]
        hi = [p.per_round(p.interval()[1]) - y for p, y in zip(pts, ys)]
        ax.errorbar(xs, ys, yerr=[lo, hi], marker="o", capsize=3, label=f"d={d}")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("physical noise P")
    ax.set_ylabel("logical error rate per round")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()
    write_figure(fig, path, figure_format(path), dpi=120)
