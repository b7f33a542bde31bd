"""Rendering of `qtool qpe` results: the estimates, the marked outcome histogram, the study.

Kept out of the CLI so the TUI (or a notebook) can show the same tables.
"""

from __future__ import annotations

import numpy as np
from rich.console import Group
from rich.table import Table
from rich.text import Text

from qtool.render.histogram import histogram_table

def render_result(result):
    """Summary lines, the estimates table and the marked histogram (rich renderables)."""

    cfg, model, w = result.config, result.model, result.window
    params = ", ".join(f"{k}={v:g}" for k, v in model.params.items()) or "-"
    levels = model.spectrum()
    spectrum = ", ".join(f"{e:.6g}" for e in levels[:8]) + (f", ... ({len(levels)} levels)" if len(levels) > 8 else "")
    c = result.circuit
    head = Text.assemble(
        ("model ", "bold"), f"{model.name} ({params}), {model.n_qubits} qubits, {model.sector_label}\n",
        ("spectrum ", "bold"), f"{spectrum}\n",
        *_molecule_lines(model),
        ("state ", "bold"), f"{result.state_label}; weight on the compared level "
                            f"{result.overlaps[result.target]:.4f}\n",
        ("window ", "bold"), f"time {w.time:.6g}, E = {w.center:.6g} + {w.energy_per_phase:.6g} (phi - 1/2)\n",
        ("evolution ", "bold"), f"{'exact' if cfg.steps == 0 else f'{cfg.steps} Trotter steps, order {cfg.order}'}; "
                                f"its energy for this level: {result.trotter_energy:.6g}\n",
        ("circuit ", "bold"), f"{cfg.mode}: {c['qubits']} qubits, depth {c['depth']}, {c['two_qubit_gates']} two-qubit "
                              f"gates, {c['multi_qubit_gates']} larger gates; {result.circuits_run} circuit(s) simulated\n",
    )
    table = Table(title="estimates", box=None)
    for col in ("estimator", "phase", "energy", "± bar", "exact", "error", "|phase error|", "shots"):
        table.add_column(col, justify="left" if col == "estimator" else "right")
    for r in result.rows():
        bar = "-" if r.get("error_bar") is None else f"{r['error_bar']:.2e}"
        table.add_row(r["estimator"], f"{r['phase']:.6f}", f"{r['energy']:.6f}", bar, f"{r['exact_energy']:.6f}",
                      f"{r['error']:+.2e}", f"{r['phase_error']:.2e}", str(r.get("shots", "")))
    parts = [head, table]
    hist = result.counts if result.counts is not None else result.probabilities
    if hist is not None:
        parts.append(_histogram(result, np.asarray(hist, dtype=float)))
        if result.readings:  # multitime: one textbook run per evolution time
            mt = Table(title="evolution times (U**t: inverted MPD estimates t phi mod 1)", box=None)
            for col in ("t", "inverted MPD", "resultant"):
                mt.add_column(col, justify="right")
            for r in result.readings:
                mt.add_row(str(r["power"]), f"{r['angle']:.6f}", f"{r['mpd_resultant']:.4f}")
            parts.append(mt)
    else:
        rt = Table(title="readings (one ancilla per power, no inverse QFT)", box=None)
        for col in ("power", "P(0) X", "P(0) Y", "angle"):
            rt.add_column(col, justify="right")
        for r in result.readings:
            rt.add_row(str(r["power"]), f"{r['p0_x']:.4f}", f"{r['p0_y']:.4f}", f"{r['angle']:.5f}")
        parts.append(rt)
    return Group(*parts)


def _molecule_lines(model) -> list:
    """Molecular models: the file, mapping and the reference energies (file FCI vs exact)."""
    info = model.info
    if not info:
        return []
    exact = float(model.spectrum()[0])
    fci = info.get("fci_energy")
    if fci is None:
        ref = f"exact ground {exact:.8f} Ha (the file has no FCI energy)"
    elif info.get("full_space"):
        ref = f"FCI (file) {fci:.8f} Ha, exact diagonalisation {exact:.8f} Ha (diff {exact - fci:+.1e})"
    else:
        ref = (f"active-space FCI (exact diagonalisation) {exact:.8f} Ha; full-space FCI (file) {fci:.8f} Ha "
               f"(truncation {exact - fci:+.2e})")
    return [("molecule ", "bold"), f"{info['basis']}, {info['mapping']}, {info['electrons']} active electrons "
                                   f"in {info['active']} orbitals ({info['frozen']} frozen)\n",
            ("reference ", "bold"), ref + "\n"]


def _histogram(result, hist):

    m = result.config.ancillas
    n = 2**m
    w = result.window
    marks: dict[int, list[str]] = {}
    for name, phase in result.estimates.items():
        marks.setdefault(int(round(phase * n)) % n, []).append(SHORT.get(name, name))
    marks.setdefault(int(round(result.exact_phase * n)) % n, []).append("exact")
    total = hist.sum()
    top = hist.max()
    keep = [j for j in range(n) if hist[j] >= 2e-3 * top or j in marks]
    rows, labels = [], {}
    for j in keep:
        label = f"{j:0{m}b} {j / n:.4f} {float(w.energy(j / n)):+.3f}"
        labels[label] = ", ".join(marks.get(j, []))
        value = f"{int(hist[j])}" if result.counts is not None else f"{hist[j]:.4f}"
        rows.append((label, hist[j] / total, value))
    hidden = n - len(keep)
    title = "ancilla outcomes (bits, phase j/N, energy)" + (f"; {hidden} near-empty rows hidden" if hidden else "")
    table = histogram_table(rows, title=title, label="bits phase energy", bar_width=20,
                            value="count" if result.counts is not None else "probability",
                            marks={k: v for k, v in labels.items() if v})
    table.caption = "◀ marks each estimator's nearest outcome: " + ", ".join(f"{v}={k}" for k, v in SHORT.items())
    return table


SHORT = {"majority": "maj", "mpd": "mpd", "mpd-inverted": "inv", "ml": "ml"}


def render_study(result):

    parts = []
    rows = result.estimators
    if rows:
        shots_values = sorted({r["shots"] for r in rows})
        t = Table(title=f"phase error (turns, circular) over {result.config.n_phases} phases in [0, 1)", box=None)
        t.add_column("m", justify="right")
        t.add_column("estimator")
        for s in shots_values:
            tag = "exact" if s == 0 else f"S={s}"
            t.add_column(f"max {tag}", justify="right", no_wrap=True)
            t.add_column(f"mean {tag}", justify="right", no_wrap=True)
        cell = {(r["m"], r["estimator"], r["shots"]): r for r in rows}
        for m, name in dict.fromkeys((r["m"], r["estimator"]) for r in rows):
            vals = []
            for s in shots_values:
                r = cell.get((m, name, s))
                vals += [f"{r['max_error']:.3e}", f"{r['mean_error']:.3e}"] if r else ["-", "-"]
            t.add_row(str(m), name, *vals)
        parts.append(t)
    sampled = [r for r in rows if r["shots"]]
    if sampled:
        t = Table(title="rms phase error with shots vs the Cramér-Rao bound 1/sqrt(S F), "
                        "F = 4 pi^2 (N^2-1)/3", box=None)
        names = list(dict.fromkeys(r["estimator"] for r in sampled))
        for col in ("m", "shots", *names, "bound"):
            t.add_column(col, justify="right")
        cell = {(r["m"], r["shots"], r["estimator"]): r for r in sampled}
        for m, s in dict.fromkeys((r["m"], r["shots"]) for r in sampled):
            vals = [f"{cell[(m, s, n)]['rms_error']:.2e}" if (m, s, n) in cell else "-" for n in names]
            bound = next(r["cramer_rao"] for r in sampled if r["m"] == m and r["shots"] == s)
            t.add_row(str(m), str(s), *vals, f"{bound:.2e}")
        parts.append(t)
    if result.verdicts:
        v = Table(title="verdict: estimator at m bits vs majority at m+1 bits (lower error wins)", box=None)
        for col in ("m", "shots", "estimator", "max", "maj(m+1)", "mean", "maj(m+1)", "wins?"):
            v.add_column(col, justify="left" if col in ("estimator", "wins?") else "right", no_wrap=True)
        for r in result.verdicts:
            verdict = ("yes" if r["wins_max"] and r["wins_mean"] else "no" if not (r["wins_max"] or r["wins_mean"])
                       else "max only" if r["wins_max"] else "mean only")
            v.add_row(str(r["m"]), "exact" if r["shots"] == 0 else str(r["shots"]), r["challenger"],
                      f"{r['challenger_max']:.2e}", f"{r['majority_m1_max']:.2e}", f"{r['challenger_mean']:.2e}",
                      f"{r['majority_m1_mean']:.2e}", verdict)
        parts.append(v)
    if result.trotter:
        steps = sorted({r["steps"] for r in result.trotter})
        t = Table(title="Trotter error of the ground-state energy (exact eigenphase of the Trotterized U)", box=None)
        t.add_column("model")
        t.add_column("order", justify="right")
        for k in steps:
            t.add_column(f"K={k}", justify="right")
        cell = {(r["model"], r["order"], r["steps"]): r["error"] for r in result.trotter}
        for model, order in dict.fromkeys((r["model"], r["order"]) for r in result.trotter):
            t.add_row(model, str(order), *[f"{cell[(model, order, k)]:+.2e}" for k in steps])
        parts.append(t)
    if result.models:
        shots_values = sorted({r["shots"] for r in result.models})
        steps = result.config.steps
        t = Table(title="ground-state energy error E_est - E_exact "
                        f"({'exact evolution' if steps == 0 else f'{steps} Trotter steps, order {result.config.order}'})",
                  box=None)
        for col in ("model", "m", "estimator"):
            t.add_column(col, justify="right" if col == "m" else "left")
        for s in shots_values:
            t.add_column("exact dist." if s == 0 else f"{s} shots", justify="right")
        t.add_column("bin width", justify="right")
        cell = {(r["model"], r["m"], r["estimator"], r["shots"]): r for r in result.models}
        for model, m, name in dict.fromkeys((r["model"], r["m"], r["estimator"]) for r in result.models):
            vals = [f"{cell[(model, m, name, s)]['error']:+.3e}" for s in shots_values]
            t.add_row(model, str(m), name, *vals, f"{cell[(model, m, name, shots_values[0])]['resolution']:.3g}")
        parts.append(t)
    if result.noise:
        levels = sorted({r["p"] for r in result.noise})
        t = Table(title=f"energy error vs the Trotterized U's eigenvalue under depolarizing noise p per qubit "
                        f"and moment (m={result.config.noise_m}, {result.config.noise_shots} shots, 1 Trotter step)",
                  box=None)
        for col in ("model", "estimator"):
            t.add_column(col)
        for p in levels:
            t.add_column(f"p={p:g}", justify="right")
        cell = {(r["model"], r["estimator"], r["p"]): r for r in result.noise}
        for model, name in dict.fromkeys((r["model"], r["estimator"]) for r in result.noise):
            t.add_row(model, name, *[f"{cell[(model, name, p)]['error_vs_trotter']:+.2e}" for p in levels])
        for model in dict.fromkeys(r["model"] for r in result.noise):
            t.add_row(model, "(resultant)", *[f"{cell[(model, 'majority', p)]['resultant']:.2f}" for p in levels])
        parts.append(t)
    if getattr(result, "multitime", None):
        t = Table(title="multi-time inverted MPD (m ancillas, L times) vs textbook with m+L-1 ancillas at equal "
                        "cost (controlled-U applications); phase errors in turns", box=None)
        for col in ("m", "L", "method", "shots", "U applications", "rms", "95%", "max"):
            t.add_column(col, justify="left" if col == "method" else "right")
        for r in result.multitime:
            t.add_row(str(r["m"]), str(r["times"]), r["method"], str(r["shots"]), str(r["u_applications"]),
                      f"{r['rms_error']:.2e}", f"{r['p95_error']:.2e}", f"{r['max_error']:.2e}")
        parts.append(t)
    if getattr(result, "chemistry", None):
        c = result.config.chemistry
        t = Table(title=f"shots to chemical accuracy (|E - FCI| <= 1.6 mHa in {int(100 * c.quantile)}% of "
                        f"{c.repeats} runs), H2 {c.bond:g} Å {c.mapping}, {c.steps} Trotter steps; "
                        f"depolarizing p per qubit and moment; depth and 2q after compiling to {c.target}",
                  box=None)
        for col in ("state", "m", "p", "estimator", "shots", "U applications", f"{int(100 * c.quantile)}% error mHa",
                    "qubits", "depth", "2q"):
            t.add_column(col, justify="left" if col in ("state", "estimator") else "right")
        for r in result.chemistry:
            t.add_row(r["state"], str(r["m"]), f"{r['p']:g}", r["estimator"],
                      "-" if r["shots"] is None else str(r["shots"]),
                      "-" if r["u_applications"] is None else f"{r['u_applications']:.0f}",
                      f"{r['quantile_error_mha']:.2f}", str(r["qubits"]), str(r["depth"]), str(r["two_qubit"]))
        parts.append(t)
    return Group(*parts)


def render_curve(result, plot_estimator: str | None = None, height: int = 14):
    """The dissociation-curve table (errors vs FCI in mHa, error bars, shots, compiled cost)
    and a terminal plot of FCI (·) and one estimator (o; ● where they share a cell)."""
    names = result.estimators
    cfg = result.config
    t = Table(title=f"H2 dissociation curve: QPE ({cfg.mode}, m={cfg.ancillas}, {cfg.mapping}, "
                    f"{'exact evolution' if cfg.steps == 0 else f'{cfg.steps} Trotter steps'}, state {cfg.state}) "
                    "vs FCI; error ± bar in mHa", box=None)
    for col in ["bond Å", "FCI (Ha)", "Trotter", *names, "shots", "depth", "2q"]:  # errors in mHa
        t.add_column(col, justify="right")
    for r in result.rows:
        cells = []
        for n in names:
            e = r["estimates"][n]
            bar = "" if e["error_bar_mha"] is None else f"±{e['error_bar_mha']:.2f}"
            style = "" if e["chemical_accuracy"] else "bold red"
            cells.append(Text(f"{e['error_mha']:+.2f}{bar}", style=style))
        comp = r["compiled"] or r["uncompiled"]
        twoq = comp.get("two_qubit", comp.get("two_qubit_gates"))
        shots = sorted({str(r["estimates"][n]["shots"]) for n in names})
        t.add_row(f"{r['bond']:g}", f"{r['fci_energy']:.5f}", f"{r['trotter_error_mha']:+.2f}", *cells,
                  "/".join(shots), str(comp["depth"]), str(twoq))
    s = Table(title="summary (chemical accuracy 1.6 mHa)", box=None)
    for col in ("estimator", "max |error| mHa", "mean |error| mHa", "points within"):
        s.add_column(col, justify="left" if col == "estimator" else "right")
    for n, v in result.summary().items():
        s.add_row(n, f"{v['max_abs_error_mha']:.3f}", f"{v['mean_abs_error_mha']:.3f}",
                  f"{v['within_chemical_accuracy']}/{v['points']}")
    return Group(t, s, _curve_plot(result, plot_estimator or ("bayes" if "bayes" in names else names[0]), height))


def _curve_plot(result, name: str, height: int):
    rows = result.rows
    fci = np.array([r["fci_energy"] for r in rows])
    est = np.array([r["estimates"][name]["energy"] for r in rows])
    lo, hi = float(min(fci.min(), est.min())), float(max(fci.max(), est.max()))
    span = (hi - lo) or 1.0

    def level(e):
        return int(round((hi - e) / span * (height - 1)))

    grid = [[" "] * len(rows) for _ in range(height)]
    for i, (f, e) in enumerate(zip(fci, est)):
        grid[level(f)][i] = "·"
        grid[level(e)][i] = "●" if level(e) == level(f) else "o"
    lines = Text()
    lines.append(f"energy (Ha) vs bond length: · FCI, o {name} (● same cell)\n", style="bold")
    for k, line in enumerate(grid):
        label = f"{hi - k * span / (height - 1):9.4f} │" if k % 3 == 0 else "          │"
        lines.append(label + " ".join(line) + "\n")
    lines.append("          └" + "──" * len(rows) + "\n")
    ticks = [f"{r['bond']:g}" for r in rows]
    lines.append(f"           {ticks[0]} … {ticks[-1]} Å ({len(rows)} points)\n")
    return lines
