"""The `--plot FILE` figure of `qtool bench simulate`: median time against qubits, log
scale, one line per backend, one panel per family (PNG or SVG by the file's suffix)."""

from __future__ import annotations

from pathlib import Path

from qtool.figures import figure_format, write_figure


def series(report, family: str) -> dict[str, list[tuple[int, float]]]:
    """Backend -> [(qubits, median seconds)] for one family, backends that ran only."""
    out: dict[str, list[tuple[int, float]]] = {}
    for point in report.points:
        if point.family != family:
            continue
        for res in point.results:
            if res.median is not None:
                out.setdefault(res.backend, []).append((point.qubits, res.median))
    return out


def save_plot(report, path: str | Path) -> None:
    """Write the figure atomically; the format follows the suffix (.png or .svg)."""
    fmt = figure_format(path)
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    families = list(dict.fromkeys(p.family for p in report.points))
    fig, axes = plt.subplots(1, len(families), figsize=(4.5 * len(families), 4), squeeze=False)
    for ax, family in zip(axes[0], families):
        for backend, pts in series(report, family).items():
            ax.plot([q for q, _ in pts], [t for _, t in pts], marker="o", label=backend)
        ax.set_yscale("log")
        ax.set_title(family)
        ax.set_xlabel("qubits")
        ax.grid(True, which="both", alpha=0.3)
    axes[0][0].set_ylabel("median wall time (s)")
    axes[0][-1].legend()
    cfg = report.config
    fig.suptitle(f"qtool bench simulate: {report.threads} threads, fusion {cfg.fusion}, "
                 f"{cfg.precision} precision")
    fig.tight_layout()
    write_figure(fig, path, fmt)
