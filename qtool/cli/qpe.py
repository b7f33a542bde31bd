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

from qtool.cli.common import (ClusterOpt, JsonOpt, PlotOpt, SeedOpt, WorkersOpt, cli_command, note,
                              note_seed, print_json, resolve_seed)

EXAMPLES = """
Examples:

  qtool qpe --model two-level -a 4               all estimators, 8192 shots
  qtool qpe --model hubbard2 -p U=4 -p t=1 -a 6 -s 0  exact distribution
  qtool qpe --model ising2 --state 00 -a 5       product state: a mixture
  qtool qpe --model hubbard2 --mode iterative --json  one ancilla
  qtool qpe --model 'pauli:0.5 Z0 Z1 + 0.3 X0' --plot qpe.png
  qtool qpe study --seed 1
"""

STUDY_EXAMPLES = """
Examples:

  qtool qpe study                          estimators, Trotter sweep, models
  qtool qpe study --only estimators --json
  qtool qpe study --only models --steps 0  exact evolution
  qtool qpe study --only noise             slow: qsim trajectories
  qtool qpe study --plot study.svg
  qtool qpe study --only chemistry         shots to chemical accuracy (H2), a few minutes
"""

qpe_app = typer.Typer(
    name="qpe",
    help="Energy levels by quantum phase estimation: majority, MPD, inverted-MPD, ML, Bayesian and robust (RPE) estimators, each with an error bar.",
    invoke_without_command=True,
    no_args_is_help=False,
)


def register(app: typer.Typer) -> None:
    app.add_typer(qpe_app, name="qpe")


@qpe_app.callback(epilog=EXAMPLES)
@cli_command
def qpe(
    ctx: typer.Context,
    model: Annotated[str, typer.Option("--model", help="two-level | ising2 | hubbard2 | h2 | h2-631g | lih | molecule:FILE | pauli:TERMS | openfermion:FILE")] = "two-level",
    mapping: Annotated[Optional[str], typer.Option("--mapping", help="Molecular models: jw (Jordan-Wigner, default) | bk (Bravyi-Kitaev) | scbk (symmetry-conserving BK, 2 qubits tapered).")] = None,
    param: Annotated[Optional[List[str]], typer.Option("--param", "-p", help="Model parameter NAME=VALUE (repeatable); see `qtool qpe models`.")] = None,
    ancillas: Annotated[int, typer.Option("--ancillas", "-a", help="Phase bits m (outcomes j = 0..2^m-1).")] = 4,
    shots: Annotated[int, typer.Option("--shots", "-s", help="Shots; 0 uses the exact outcome distribution.")] = 8192,
    estimator: Annotated[Optional[List[str]], typer.Option("--estimator", help="textbook/iterative: majority | mpd | mpd-inverted | ml | bayes (iterative: adaptive); eigenstate: kitaev | rpe | bayes; all (repeatable).")] = None,
    trotter_steps: Annotated[int, typer.Option("--trotter-steps", help="Trotter steps per application of U; 0 = exact evolution.")] = 4,
    order: Annotated[int, typer.Option("--order", help="Trotter order, 1 or 2.")] = 2,
    time: Annotated[Optional[float], typer.Option("--time", help="Evolution time of U (default: fit the energy bound into one phase period).")] = None,
    window: Annotated[Optional[str], typer.Option("--window", help="LO:HI, a known energy range to map into one period (default: the Pauli 1-norm bound).")] = None,
    bound: Annotated[str, typer.Option("--bound", help="Energy bound of the default window: norm (Pauli 1-norm) | gershgorin (Gershgorin discs of the sector's matrix: tighter for jw/bk molecules).")] = "norm",
    state: Annotated[str, typer.Option("--state", help="ground (alias: exact) | eigen:K | propagator[:K] (eigenvector of the Trotterized U) | hf (Hartree-Fock: hubbard2 and molecules) | a basis state such as 0110.")] = "ground",
    mode: Annotated[str, typer.Option("--mode", help="textbook | iterative (one ancilla) | eigenstate (no inverse QFT) | multitime (eigenstate inputs: textbook QPE of U, U^2, ..., U^(2^(times-1)), inverted MPDs combined).")] = "textbook",
    times: Annotated[int, typer.Option("--times", help="multitime: number of evolution times T, 2T, 4T, ...")] = 3,
    noise: Annotated[Optional[str], typer.Option("--noise", help="Noise after every moment, e.g. depolarizing:0.001 (qsim trajectories).")] = None,
    target: Annotated[Optional[str], typer.Option("--target", help="Cost report: compile the deepest circuit to this qtool compile target (native | cz | sqrt-iswap | ibm | clifford-t).")] = None,
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
        from qtool.figures import figure_format

        figure_format(plot)
    cfg = QpeConfig(model=model, params=parse_params(param), ancillas=ancillas, shots=shots,
                    estimators=tuple(estimator or ["all"]), steps=trotter_steps, order=order,
                    time=time, energy_range=_parse_window(window), state=state, mode=mode,
                    noise=noise, seed=resolve_seed(seed, announce=False), mapping=mapping,
                    times=times, bound=bound)
    result = run(cfg)
    if target is not None:
        from qtool.qpe.cost import report

        result.cost = report(result, target)
    if seed is None:
        note_seed(cfg.seed)  # after the run: a refused configuration reports no seed
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
        from qtool.render.qpe import render_result

        stdout_console().print(render_result(result))
        if result.cost is not None:
            c = result.cost["compiled"]
            stdout_console().print(f"cost (--target {c['target']}): {c['qubits']} qubits, depth {c['depth']}, "
                                   f"{c['two_qubit']} two-qubit gates in the deepest circuit; "
                                   f"state preparation {c['preparation']}", markup=False)


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


@qpe_app.command("models")
@cli_command
def models() -> None:
    """List the built-in models, their parameters and defaults."""
    from qtool.qpe.models.builtin import DEFAULTS, DESCRIPTIONS

    for name, params in DEFAULTS.items():
        typer.echo(f"{name:10s} {', '.join(f'{k}={v:g}' for k, v in params.items()):18s} {DESCRIPTIONS[name]}")
    from qtool.qpe.models.molecules import MOLECULE_DEFAULTS, MOLECULE_DESCRIPTIONS, h2_bond_lengths

    for name, params in MOLECULE_DEFAULTS.items():
        typer.echo(f"{name:10s} {', '.join(f'{k}={v:g}' for k, v in params.items()):18s} {MOLECULE_DESCRIPTIONS[name]}")
    typer.echo(f"           h2 bond lengths shipped: {', '.join(f'{b:g}' for b in h2_bond_lengths())}")
    typer.echo("molecule:FILE   any OpenFermion MolecularData HDF5 file (parameters frozen, active; --mapping)")
    typer.echo("pauli:TERMS   e.g. pauli:\"0.5 Z0 Z1 + 0.3 X0 - 1\" (real coefficients)")
    typer.echo("openfermion:FILE   a printed QubitOperator or FermionOperator (Jordan-Wigner)")


CURVE_EXAMPLES = """
Examples:

  qtool qpe curve                                  every shipped bond length, all estimators (bayes: all within 1.6 mHa)
  qtool qpe curve --state hf --estimator bayes     Hartree-Fock input (overlap < 1)
  qtool qpe curve --bond 0.7414 --bond 2.0 --json
  qtool qpe curve --mode iterative --estimator bayes --plot h2.png
"""


@qpe_app.command("curve", epilog=CURVE_EXAMPLES)
@cli_command
def curve(
    model: Annotated[str, typer.Option("--model", help="A model with shipped bond lengths: h2.")] = "h2",
    mapping: Annotated[str, typer.Option("--mapping", help="jw | bk | scbk (2 qubits for H2).")] = "scbk",
    bond: Annotated[Optional[List[float]], typer.Option("--bond", help="Bond length in Angstrom (repeatable; default: every shipped one).")] = None,
    ancillas: Annotated[int, typer.Option("--ancillas", "-a", help="Phase bits m (default 6: with 3000 shots, bayes reaches chemical accuracy at every bond).")] = 6,
    shots: Annotated[int, typer.Option("--shots", "-s", help="Shots per circuit setting; 0 = exact distribution.")] = 3000,
    trotter_steps: Annotated[int, typer.Option("--trotter-steps", help="Trotter steps per U (0 = exact evolution).")] = 8,
    order: Annotated[int, typer.Option("--order", help="Trotter order, 1 or 2.")] = 2,
    state: Annotated[str, typer.Option("--state", help="ground (exact eigenstate) | hf (Hartree-Fock).")] = "ground",
    mode: Annotated[str, typer.Option("--mode", help="textbook | iterative | eigenstate | multitime.")] = "textbook",
    times: Annotated[int, typer.Option("--times", help="multitime: number of evolution times.")] = 3,
    estimator: Annotated[Optional[List[str]], typer.Option("--estimator", help="Estimators (repeatable; default all of the mode).")] = None,
    target: Annotated[str, typer.Option("--target", help="Compile target of the depth/2q columns (qtool compile), or none.")] = "cz",
    bound: Annotated[str, typer.Option("--bound", help="Energy bound of the window: norm | gershgorin.")] = "norm",
    repeats: Annotated[int, typer.Option("--repeats", help="--mode iterative bayes: independent repeats (fresh input each); the lowest cluster is the ground state.")] = 8,
    seed: SeedOpt = None,
    json_out: JsonOpt = False,
    plot: PlotOpt = None,
    workers: WorkersOpt = None,
    cluster: ClusterOpt = None,
) -> None:
    """The H2 dissociation curve: QPE ground energy per estimator (with error bars) vs FCI over
    OpenFermion's shipped bond lengths, with compiled depth, 2q gates and shots per point.
    One task per bond length on the batch engine (--workers, --cluster, QTOOL_CLUSTER); each
    point's seed comes from --seed and its index, so the curve does not depend on where it ran.

    The defaults (-a 6, 3000 shots, 8 Trotter steps) are where bayes is within chemical accuracy
    (1.6 mHa) at all 31 bonds, from the exact ground state and from Hartree-Fock (--seed 0; about
    4 s of CPU per bond); the other estimators are shown for comparison and miss at some bonds
    (ml: 30/31 and 22/31). -a 4 --shots 2000 takes a third of the time, but bayes then misses
    at 5 of 31 bonds (ground state, up to 3.5 mHa)."""
    from qtool.cli.batching import executor, run_all
    from qtool.qpe.curve import CurveConfig, CurveResult, bonds_of, curve_point

    if plot is not None:
        from qtool.figures import figure_format

        figure_format(plot)
    cfg = CurveConfig(model=model, mapping=mapping, bonds=tuple(bond) if bond else None, ancillas=ancillas,
                      shots=shots, steps=trotter_steps, order=order, state=state, mode=mode, times=times,
                      estimators=tuple(estimator or ["all"]), seed=resolve_seed(seed),
                      target=None if target == "none" else target, bound=bound, repeats=repeats)
    bonds = bonds_of(cfg)
    with executor(workers, cluster) as ex:
        rows = run_all(ex, curve_point, [(f"bond {b:g}", (cfg, i, b)) for i, b in enumerate(bonds)], "qpe curve")
    result = CurveResult(cfg, rows)
    if plot is not None:
        from qtool.qpe.plot import plot_curve

        plot_curve(result, plot)
        note(f"wrote {plot}")
    if json_out:
        print_json(result.to_json())
    else:
        from qtool.cli.common import stdout_console
        from qtool.render.qpe import render_curve

        stdout_console(min_width=150).print(render_curve(result))  # a wide table: never truncate


@qpe_app.command("noise-cost")
@cli_command
def noise_cost_cmd(
    bond: Annotated[float, typer.Option("--bond", help="H2 bond length (a shipped one).")] = 0.7414,
    noise: Annotated[Optional[List[float]], typer.Option("--noise", help="Depolarising probability per qubit per moment (repeatable).")] = None,
    steps: Annotated[Optional[List[int]], typer.Option("--trotter-steps", help="Trotter steps per U (repeatable).")] = None,
    repeats: Annotated[int, typer.Option("--repeats", help="Seeded runs per shot budget.")] = 20,
    max_shots: Annotated[int, typer.Option("--max-shots", help="Largest budget simulated.")] = 1 << 17,
    target: Annotated[str, typer.Option("--target", help="Compile target of the depth/2q columns, or none.")] = "cz",
    seed: SeedOpt = None,
    json_out: JsonOpt = False,
    workers: WorkersOpt = None,
    cluster: ClusterOpt = None,
) -> None:
    """Shots and depth to chemical accuracy for H2 under depolarising noise, per noise level and
    Trotter steps: the noise-aware adaptive Bayesian estimator (one ancilla), predicted from the
    gate count and measured on the exact noisy channel."""
    from qtool.cli.batching import executor, run_all
    from qtool.errors import QtoolError
    from qtool.qpe.models.molecules import h2_file
    from qtool.qpe.noise_cost import SCHEMA, NoiseCostConfig, cost_row

    h2_file(bond)
    ps = tuple(noise or (1e-4, 1e-3))
    st = tuple(steps or (2, 4, 6, 8, 12))
    if any(not 0 < p < 0.75 for p in ps) or any(s < 1 for s in st) or repeats < 1 or max_shots < 64:
        raise QtoolError("--noise in (0, 0.75), --trotter-steps >= 1, --repeats >= 1, --max-shots >= 64")
    cfg = NoiseCostConfig(bond=bond, noise=ps, steps=st, repeats=repeats, max_shots=max_shots,
                          seed=resolve_seed(seed), target=None if target == "none" else target)
    cells = [(cfg, p, s, i) for i, (p, s) in enumerate((p, s) for p in ps for s in st)]
    with executor(workers, cluster) as ex:
        rows = run_all(ex, cost_row, [(f"p={c[1]:g} steps={c[2]}", c) for c in cells], "qpe noise-cost")
    doc = {"schema": SCHEMA, "config": {k: getattr(cfg, k) for k in cfg.__dataclass_fields__},
           "estimator": "noise-aware adaptive bayes (iterative, 1 ancilla)", "chemical_accuracy_mha": 1.6,
           "rows": rows}
    if json_out:
        print_json(doc)
        return
    from rich.table import Table

    from qtool.cli.common import stdout_console

    t = Table(title=f"H2 {bond:g} A: shots to chemical accuracy under depolarising noise (noise-aware adaptive bayes)")
    for col in ("p", "steps", "Trotter err mHa", "gamma/U", "k max", "predicted shots", "shots (90%)",
                "err mHa", "depth", "2q"):
        t.add_column(col, justify="right")
    for r in rows:
        t.add_row(f"{r['p']:g}", str(r["steps"]), f"{r['trotter_error_mha']:+.2f}", f"{r['gamma_measured']:.3g}",
                  str(r["k_max"]), "-" if r["predicted_shots"] is None else f"{r['predicted_shots']:,}",
                  "-" if r["shots"] is None else f"{r['shots']:,}",
                  "-" if r["quantile_error_mha"] is None else f"{r['quantile_error_mha']:.2f}",
                  str(r.get("depth_deepest", "-")), str(r.get("two_qubit_deepest", "-")))
    stdout_console(min_width=130).print(t)


@qpe_app.command("study", epilog=STUDY_EXAMPLES)
@cli_command
def study(
    m_min: Annotated[int, typer.Option("--m-min", help="Smallest number of ancillas.")] = 2,
    m_max: Annotated[int, typer.Option("--m-max", help="Largest number of ancillas.")] = 6,
    phases: Annotated[int, typer.Option("--phases", help="Phases phi = k/P, k = 0..P-1 (a power of two includes every grid point).")] = 4096,
    shots: Annotated[Optional[List[int]], typer.Option("--shots", "-s", help="Shots per phase (repeatable); 0 = exact distribution. Default: 0 and 8192.")] = None,
    steps: Annotated[int, typer.Option("--steps", help="Trotter steps for the model runs (0 = exact evolution).")] = 4,
    only: Annotated[Optional[List[str]], typer.Option("--only", help="estimators | trotter | models | noise | multitime | chemistry (repeatable; default: all but noise and chemistry, which are slow: qsim trajectories, density matrices and shot ladders).")] = None,
    seed: SeedOpt = None,
    json_out: JsonOpt = False,
    plot: PlotOpt = None,
    workers: WorkersOpt = None,
    cluster: ClusterOpt = None,
) -> None:
    """Compare estimators over a sweep of phases and m, sweep Trotter steps, and report the
    ground-state energy error of each model with each estimator (m = 4 and 6)."""
    from qtool.errors import QtoolError
    from qtool.qpe.study import StudyConfig

    parts = set(only or ["estimators", "trotter", "models", "multitime"])
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
        from qtool.figures import figure_format

        figure_format(plot)
        if "estimators" not in parts:
            raise QtoolError("--plot draws the estimator part: add --only estimators")
    cfg = StudyConfig(ms=tuple(range(m_min, m_max + 1)), n_phases=phases, shots=shot_list, seed=resolve_seed(seed), steps=steps)
    from qtool.cli.batching import executor, run_all
    from qtool.qpe import study_tasks

    units = study_tasks.units(cfg, parts)  # one task per cell; seeded by cell: same result
    with executor(workers, cluster) as ex:
        rows = run_all(ex, study_tasks.run_unit, [(p, (p, c)) for p, c in units], "qpe study")
    result = study_tasks.assemble(cfg, parts, units, rows)
    if plot is not None:
        from qtool.qpe.plot import plot_study

        plot_study(result, plot)
        note(f"wrote {plot}")
    if json_out:
        print_json(result.to_json())
    else:
        from qtool.cli.common import stdout_console
        from qtool.render.qpe import render_study

        stdout_console().print(render_study(result))


PARTS = ("estimators", "trotter", "models", "noise", "multitime", "chemistry")
