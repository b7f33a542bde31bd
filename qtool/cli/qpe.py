"""`qtool qpe`: energy levels by quantum phase estimation; `qtool qpe study`: the estimator study.

Layout: `qpe` is a Typer group whose callback runs one estimate when no subcommand is given
(`qtool qpe --model hubbard2 --ancillas 6`), with subcommands `study` (the statistical
comparison of estimators, a Trotter sweep and per-model energy errors) and `models` (the
built-in models and their parameters). Options of the estimate go before any subcommand name
and are refused with one.
"""

from __future__ import annotations

from typing import Annotated, List, Optional

import typer

from qtool.cli.common import JsonOpt, PlotOpt, SeedOpt, cli_command, note, print_json, progress

EXAMPLES = """
Examples:

  qtool qpe -m two-level -a 4                    all estimators, 8192 shots
  qtool qpe -m hubbard2 -p U=4 -p t=1 -a 6 -s 0  exact distribution
  qtool qpe -m ising2 --state 00 -a 5            product state: a mixture
  qtool qpe -m hubbard2 --mode iterative --json  one ancilla
  qtool qpe -m 'pauli:0.5 Z0 Z1 + 0.3 X0' --plot qpe.png
  qtool qpe study --seed 1
"""

STUDY_EXAMPLES = """
Examples:

  qtool qpe study                          estimators, Trotter sweep, models
  qtool qpe study --only estimators --json
  qtool qpe study --only models --steps 0  exact evolution
  qtool qpe study --only noise             slow: qsim trajectories
  qtool qpe study --plot study.svg
"""

qpe_app = typer.Typer(
    name="qpe",
    help="Energy levels by quantum phase estimation, with majority, MPD, inverted-MPD and ML estimators.",
    invoke_without_command=True,
    no_args_is_help=False,
)


def register(app: typer.Typer) -> None:
    app.add_typer(qpe_app, name="qpe")


@qpe_app.callback(epilog=EXAMPLES)
@cli_command
def qpe(
    ctx: typer.Context,
    model: Annotated[str, typer.Option("--model", "-m", help="two-level | ising2 | hubbard2 | pauli:TERMS | openfermion:FILE")] = "two-level",
    param: Annotated[Optional[List[str]], typer.Option("--param", "-p", help="Model parameter NAME=VALUE (repeatable); see `qtool qpe models`.")] = None,
    ancillas: Annotated[int, typer.Option("--ancillas", "-a", help="Phase bits m (outcomes j = 0..2^m-1).")] = 4,
    shots: Annotated[int, typer.Option("--shots", "-s", help="Shots; 0 uses the exact outcome distribution.")] = 8192,
    estimator: Annotated[Optional[List[str]], typer.Option("--estimator", "-e", help="majority | mpd | mpd-inverted | ml | all (repeatable).")] = None,
    trotter_steps: Annotated[int, typer.Option("--trotter-steps", "-k", help="Trotter steps per application of U; 0 = exact evolution.")] = 4,
    order: Annotated[int, typer.Option("--order", help="Trotter order, 1 or 2.")] = 2,
    time: Annotated[Optional[float], typer.Option("--time", help="Evolution time of U (default: fit the energy bound into one phase period).")] = None,
    window: Annotated[Optional[str], typer.Option("--window", help="LO:HI, a known energy range to map into one period (default: the Pauli 1-norm bound).")] = None,
    state: Annotated[str, typer.Option("--state", help="ground (alias: exact) | eigen:K | propagator[:K] (eigenvector of the Trotterized U) | hf (hubbard2 Hartree-Fock) | a basis state such as 0110.")] = "ground",
    mode: Annotated[str, typer.Option("--mode", help="textbook | iterative (one ancilla) | eigenstate (no inverse QFT).")] = "textbook",
    noise: Annotated[Optional[str], typer.Option("--noise", help="Noise after every moment, e.g. depolarizing:0.001 (qsim trajectories).")] = None,
    seed: SeedOpt = None,
    json_out: JsonOpt = False,
    plot: PlotOpt = None,
) -> None:
    """Estimate an energy of a model Hamiltonian by QPE simulated on qsim.

    Prints, per estimator, the phase, energy, exact energy (exact diagonalisation) and error,
    the circuit's size, and a histogram of ancilla outcomes with each estimator's pick marked.
    Phase phi maps to energy E = center + 2 pi (phi - 1/2) / time (see --time, --window).
    """
    if ctx.invoked_subcommand is not None:
        _refuse_options_before_subcommand(ctx)
        return
    from qtool.qpe.models import parse_params
    from qtool.qpe.run import QpeConfig, run, to_json

    if plot is not None:
        from qtool.qpe.plot import check_path

        check_path(plot)
    cfg = QpeConfig(model=model, params=parse_params(param), ancillas=ancillas, shots=shots,
                    estimators=tuple(estimator or ["all"]), steps=trotter_steps, order=order,
                    time=time, energy_range=_parse_window(window), state=state, mode=mode,
                    noise=noise, seed=seed)
    result = run(cfg)
    for w in result.warnings:
        note(f"warning: {w}")
    if plot is not None:
        from qtool.qpe.plot import plot_result

        plot_result(result, plot)
        note(f"wrote {plot}")
    if json_out:
        print_json(to_json(result))
    else:
        from qtool.cli.common import stdout_console

        stdout_console().print(_render_result(result))


def _refuse_options_before_subcommand(ctx: typer.Context) -> None:
    # ParameterSource lives in typer's vendored click: compare by name, not by import.
    given = [p for p in ctx.params if getattr(ctx.get_parameter_source(p), "name", "") == "COMMANDLINE"]
    if given:
        from qtool.errors import QtoolError

        raise QtoolError(f"options {', '.join('--' + g.replace('_', '-') for g in given)} belong to the "
                         f"estimate, not to `qpe {ctx.invoked_subcommand}`")


def _parse_window(text: str | None):
    if text is None:
        return None
    from qtool.errors import QtoolError

    lo, sep, hi = text.partition(":")
    try:
        if not sep:
            raise ValueError
        return float(lo), float(hi)
    except ValueError:
        raise QtoolError(f"--window {text!r}: expected LO:HI, e.g. --window -2:6") from None


def _render_result(result):
    """Summary lines, the estimates table and the marked histogram (rich renderables)."""
    import numpy as np
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from qtool.render.histogram import histogram_table

    cfg, model, w = result.config, result.model, result.window
    params = ", ".join(f"{k}={v:g}" for k, v in model.params.items()) or "-"
    levels = model.spectrum()
    spectrum = ", ".join(f"{e:.6g}" for e in levels[:8]) + (f", ... ({len(levels)} levels)" if len(levels) > 8 else "")
    c = result.circuit
    head = Text.assemble(
        ("model ", "bold"), f"{model.name} ({params}), {model.n_qubits} qubits, {model.sector_label}\n",
        ("spectrum ", "bold"), f"{spectrum}\n",
        ("state ", "bold"), f"{result.state_label}; weight on the compared level "
                            f"{result.overlaps[result.target]:.4f}\n",
        ("window ", "bold"), f"time {w.time:.6g}, E = {w.center:.6g} + {w.energy_per_phase:.6g} (phi - 1/2)\n",
        ("evolution ", "bold"), f"{'exact' if cfg.steps == 0 else f'{cfg.steps} Trotter steps, order {cfg.order}'}; "
                                f"its energy for this level: {result.trotter_energy:.6g}\n",
        ("circuit ", "bold"), f"{cfg.mode}: {c['qubits']} qubits, depth {c['depth']}, {c['two_qubit_gates']} two-qubit "
                              f"gates, {c['multi_qubit_gates']} larger gates; {result.circuits_run} circuit(s) simulated\n",
    )
    table = Table(title="estimates", box=None)
    for col in ("estimator", "phase", "energy", "exact", "error", "|phase error|"):
        table.add_column(col, justify="left" if col == "estimator" else "right")
    for r in result.rows():
        table.add_row(r["estimator"], f"{r['phase']:.6f}", f"{r['energy']:.6f}", f"{r['exact_energy']:.6f}",
                      f"{r['error']:+.2e}", f"{r['phase_error']:.2e}")
    parts = [head, table]
    hist = result.counts if result.counts is not None else result.probabilities
    if hist is not None:
        parts.append(_histogram(result, np.asarray(hist, dtype=float), histogram_table))
    else:
        rt = Table(title="readings (one ancilla per power, no inverse QFT)", box=None)
        for col in ("power", "P(0) X", "P(0) Y", "angle"):
            rt.add_column(col, justify="right")
        for r in result.readings:
            rt.add_row(str(r["power"]), f"{r['p0_x']:.4f}", f"{r['p0_y']:.4f}", f"{r['angle']:.5f}")
        parts.append(rt)
    return Group(*parts)


def _histogram(result, hist, histogram_table):
    import numpy as np

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


@qpe_app.command("models")
@cli_command
def models() -> None:
    """List the built-in models, their parameters and defaults."""
    from qtool.qpe.models.builtin import DEFAULTS, DESCRIPTIONS

    for name, params in DEFAULTS.items():
        typer.echo(f"{name:10s} {', '.join(f'{k}={v:g}' for k, v in params.items()):18s} {DESCRIPTIONS[name]}")
    typer.echo("pauli:TERMS   e.g. pauli:\"0.5 Z0 Z1 + 0.3 X0 - 1\" (real coefficients)")
    typer.echo("openfermion:FILE   a printed QubitOperator or FermionOperator (Jordan-Wigner)")


@qpe_app.command("study", epilog=STUDY_EXAMPLES)
@cli_command
def study(
    m_min: Annotated[int, typer.Option("--m-min", help="Smallest number of ancillas.")] = 2,
    m_max: Annotated[int, typer.Option("--m-max", help="Largest number of ancillas.")] = 6,
    phases: Annotated[int, typer.Option("--phases", help="Phases phi = k/P, k = 0..P-1 (a power of two includes every grid point).")] = 4096,
    shots: Annotated[Optional[List[int]], typer.Option("--shots", "-s", help="Shots per phase (repeatable); 0 = exact distribution. Default: 0 and 8192.")] = None,
    steps: Annotated[int, typer.Option("--steps", help="Trotter steps for the model runs (0 = exact evolution).")] = 4,
    only: Annotated[Optional[List[str]], typer.Option("--only", help="estimators | trotter | models | noise (repeatable; default: all but noise, which runs qsim trajectories and is slow).")] = None,
    seed: Annotated[int, typer.Option("--seed", help="Random seed (the study is reproducible).")] = 0,
    json_out: JsonOpt = False,
    plot: PlotOpt = None,
) -> None:
    """Compare estimators over a sweep of phases and m, sweep Trotter steps, and report the
    ground-state energy error of each model with each estimator (m = 4 and 6)."""
    from qtool.errors import QtoolError
    from qtool.qpe.study import StudyConfig, run_study, work_units

    parts = set(only or ["estimators", "trotter", "models"])
    unknown = parts - set(PARTS)
    if unknown:
        raise QtoolError(f"--only {', '.join(sorted(unknown))}: expected one of {', '.join(PARTS)}")
    if not 1 <= m_min <= m_max <= 10:
        raise QtoolError(f"--m-min {m_min} --m-max {m_max}: expected 1 <= m-min <= m-max <= 10")
    if phases < 1 or phases > 1 << 16:
        raise QtoolError(f"--phases {phases}: expected 1 to 65536")
    shot_list = tuple(shots) if shots else (0, 8192)
    if any(s < 0 for s in shot_list):
        raise QtoolError("--shots must be 0 (exact distribution) or positive")
    if steps < 0:
        raise QtoolError(f"--steps {steps}: expected 0 (exact evolution) or more")
    if plot is not None:
        from qtool.qpe.plot import check_path

        check_path(plot)
        if "estimators" not in parts:
            raise QtoolError("--plot draws the estimator part: add --only estimators")
    cfg = StudyConfig(ms=tuple(range(m_min, m_max + 1)), n_phases=phases, shots=shot_list, seed=seed, steps=steps)
    with progress(work_units(cfg, parts), "qpe study") as advance:
        result = run_study(cfg, tuple(p for p in PARTS if p in parts), advance)
    if plot is not None:
        from qtool.qpe.plot import plot_study

        plot_study(result, plot)
        note(f"wrote {plot}")
    if json_out:
        print_json(result.to_json())
    else:
        from qtool.cli.common import stdout_console

        stdout_console().print(_render_study(result))


PARTS = ("estimators", "trotter", "models", "noise")


def _render_study(result):
    from rich.console import Group
    from rich.table import Table

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
    return Group(*parts)
