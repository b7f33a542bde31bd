"""Figures for `qtool qpe --plot` and `qtool qpe study --plot` (matplotlib, PNG or SVG).

Rendered off-screen (Agg) into memory and written atomically, so an interrupted run never
leaves half a file.
"""

from __future__ import annotations

from qtool.errors import ParameterError
from qtool.figures import figure_format, write_figure

COLOURS = {"majority": "tab:red", "mpd": "tab:blue", "mpd-inverted": "tab:green", "ml": "tab:purple",
           "kitaev": "tab:orange", "exact": "black", "bayes": "tab:cyan", "rpe": "tab:brown"}


def _figure():
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    return plt


def _save(fig, path) -> None:
    write_figure(fig, path, figure_format(path), bbox_inches="tight", dpi=120)


def plot_result(result, path) -> None:
    """Outcome distribution of one QPE run against phase, each estimator and the exact phase marked."""
    import numpy as np

    plt = _figure()
    fig, ax = plt.subplots(figsize=(8, 4))
    if result.readings and "p0_x" in result.readings[0]:
        powers = [r["power"] for r in result.readings]
        ax.plot(powers, [r["p0_x"] for r in result.readings], "o-", label="P(0), X basis")
        ax.plot(powers, [r["p0_y"] for r in result.readings], "s-", label="P(0), Y basis")
        ax.set_xscale("log", base=2)
        ax.set_xlabel("power of U")
        ax.set_ylabel("probability")
    else:
        n = 2**result.config.ancillas
        hist = result.counts if result.counts is not None else result.probabilities
        hist = np.asarray(hist, dtype=float) / np.sum(hist)
        ax.bar(np.arange(n) / n, hist, width=0.8 / n, align="center", color="0.7", label="outcomes j/N")
        if result.probabilities is not None and result.counts is not None:
            ax.plot(np.arange(n) / n, result.probabilities, "k.", label="exact P(j)")
        ax.axvline(result.exact_phase, color=COLOURS["exact"], ls=":", label="exact phase")
        for name, phase in result.estimates.items():
            ax.axvline(phase, color=COLOURS.get(name, "tab:gray"), ls="--", label=name)
        ax.set_xlabel("phase (turns)")
        ax.set_ylabel("frequency")
        ax.set_xlim(-0.5 / n, 1 - 0.5 / n)
        w = result.window
        top = ax.secondary_xaxis("top", functions=(lambda p: w.center + w.energy_per_phase * (p - 0.5),
                                                   lambda e: 0.5 + (e - w.center) / w.energy_per_phase))
        top.set_xlabel("energy")
    cfg = result.config
    ax.set_title(f"QPE {result.model.name}, m={cfg.ancillas}, shots={cfg.shots or 'exact'}, mode={cfg.mode}")
    ax.legend(fontsize=8)
    _save(fig, path)


def plot_study(study, path) -> None:
    """Max (solid) and mean (dashed) phase error against m, one panel per shots setting."""
    rows = study.estimators
    if not rows:
        raise ParameterError("plot", " needs the estimator part of the study")
    plt = _figure()
    shots_values = sorted({r["shots"] for r in rows})
    fig, axes = plt.subplots(1, len(shots_values), figsize=(5 * len(shots_values), 4), squeeze=False)
    for ax, shots in zip(axes[0], shots_values):
        for name in dict.fromkeys(r["estimator"] for r in rows):
            sel = [r for r in rows if r["shots"] == shots and r["estimator"] == name]
            ms = [r["m"] for r in sel]
            colour = COLOURS.get(name, "tab:gray")
            ax.plot(ms, [max(r["max_error"], 1e-12) for r in sel], "o-", color=colour, label=f"{name} max")
            ax.plot(ms, [max(r["mean_error"], 1e-12) for r in sel], "s--", color=colour, label=f"{name} mean")
        ax.set_yscale("log")
        ax.set_xlabel("ancillas m")
        ax.set_ylabel("phase error (turns)")
        ax.set_title("exact distribution" if shots == 0 else f"{shots} shots")
    axes[0][0].legend(fontsize=7)
    _save(fig, path)


def plot_curve(result, path) -> None:
    """Energy vs bond length (FCI line, each estimator with error bars) and the error panel
    (mHa) with the chemical-accuracy band."""
    import numpy as np

    plt = _figure()
    rows = result.rows
    bonds = np.array([r["bond"] for r in rows])
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(8, 7), sharex=True)
    top.plot(bonds, [r["fci_energy"] for r in rows], "k-", label="FCI")
    for i, name in enumerate(result.estimators):
        e = np.array([r["estimates"][name]["energy"] for r in rows])
        err = np.array([r["estimates"][name]["error_mha"] for r in rows])
        bar = np.array([r["estimates"][name]["error_bar_mha"] or 0.0 for r in rows])
        shift = (i - len(result.estimators) / 2) * 0.01
        colour = COLOURS.get(name, "tab:gray")
        top.errorbar(bonds + shift, e, yerr=bar / 1e3, fmt="o", ms=3, color=colour, label=name)
        bottom.errorbar(bonds + shift, err, yerr=bar, fmt="o-", ms=3, color=colour, label=name)
    bottom.axhspan(-1.6, 1.6, color="0.9", label="chemical accuracy")
    bottom.set_yscale("symlog", linthresh=1.0)
    top.set_ylabel("energy (Ha)")
    bottom.set_ylabel("QPE - FCI (mHa)")
    bottom.set_xlabel("H-H bond length (Angstrom)")
    cfg = result.config
    top.set_title(f"H2 STO-3G by QPE ({cfg.mode}, m={cfg.ancillas}, {cfg.mapping}, shots {cfg.shots})")
    top.legend(fontsize=7)
    _save(fig, path)
