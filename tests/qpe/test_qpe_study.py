"""The estimator study: known closed-form values, the verdict logic, reproducibility."""

import cirq
import numpy as np
import pytest

from qtool.qpe import estimators as est
from qtool.qpe.study import StudyConfig, estimator_table, model_errors, run_study, trotter_sweep, verdicts
from qtool.qpe.trotter import cancel_adjacent_inverses


def small(**kw):
    base = dict(ms=(2, 3, 4), n_phases=256, shots=(0, 2000), seed=5)
    base.update(kw)
    return StudyConfig(**base)


def test_exact_rows_match_closed_forms():
    rows = {(r["m"], r["shots"], r["estimator"]): r for r in estimator_table(small())}
    for m in (2, 3, 4):
        n = 2**m
        maj = rows[(m, 0, "majority")]
        assert maj["max_error"] == pytest.approx(1 / (2 * n))  # the phase grid holds the half-way points
        assert maj["mean_error"] == pytest.approx(1 / (4 * n))
        # the MPD's max error from its closed form, on a much finer grid
        fine = np.linspace(0, 1 / n, 20001)
        bias = np.abs(est.mpd_exact(fine, m) - fine).max()
        assert rows[(m, 0, "mpd")]["max_error"] <= bias + 1e-12
        assert rows[(m, 0, "mpd")]["max_error"] == pytest.approx(bias, rel=0.02)
        assert rows[(m, 0, "mpd-inverted")]["mean_error"] < 1e-8
        assert rows[(m, 0, "ml")]["max_error"] < 1e-6


def test_sampled_rows_are_reproducible_and_seed_dependent():
    a = estimator_table(small(shots=(500,)))
    b = estimator_table(small(shots=(500,)))
    c = estimator_table(small(shots=(500,), seed=6))
    assert a == b and a != c


def test_verdict_logic():
    rows = [
        {"m": 2, "shots": 0, "estimator": "mpd", "max_error": 0.05, "mean_error": 0.034},
        {"m": 3, "shots": 0, "estimator": "majority", "max_error": 0.0625, "mean_error": 0.031},
        {"m": 3, "shots": 0, "estimator": "mpd", "max_error": 0.02, "mean_error": 0.01},
    ]
    (v,) = verdicts(rows)
    assert v["m"] == 2 and v["wins_max"] and not v["wins_mean"]


def test_trotter_sweep_errors_shrink_with_steps():
    rows = trotter_sweep(StudyConfig(models=("ising2",), trotter_steps=(1, 2, 4, 8)))
    for order in (1, 2):
        errs = [abs(r["error"]) for r in rows if r["order"] == order]
        assert all(a > b for a, b in zip(errs, errs[1:]))
        # two non-commuting groups (ZZ and X1 + X2): both orders are similar matrices, so the
        # eigenvalue error is second order in 1/K for both
        assert errs[-2] / errs[-1] == pytest.approx(4, rel=0.1)


def test_model_errors_rows():
    rows = model_errors(StudyConfig(models=("two-level",), model_ms=(3,), shots=(0, 100), steps=0))
    assert {r["estimator"] for r in rows} == set(est.ESTIMATORS) and len(rows) == 8
    exact = {r["estimator"]: r for r in rows if r["shots"] == 0}
    assert abs(exact["mpd-inverted"]["error"]) < 1e-4 and abs(exact["ml"]["error"]) < 1e-4


def test_run_study_parts_and_json():
    res = run_study(small(), parts=("estimators",))
    doc = res.to_json()
    assert doc["schema"] == "qtool.qpe.study/1" and doc["trotter"] == [] and doc["models"] == []
    assert {v["challenger"] for v in doc["verdicts"]} == {"mpd", "mpd-inverted"}


def test_cancel_adjacent_inverses_keeps_the_unitary():
    q = cirq.LineQubit.range(3)
    ops = [cirq.H(q[0]), cirq.CNOT(q[0], q[1]), cirq.rz(0.3).on(q[2]), cirq.CNOT(q[0], q[1]), cirq.H(q[0]),
           cirq.rx(np.pi / 2).on(q[1]), cirq.rx(-np.pi / 2).on(q[1]), cirq.CNOT(q[1], q[2])]
    out = cancel_adjacent_inverses(ops)
    assert len(out) == 2
    assert np.allclose(cirq.Circuit(out).unitary(qubit_order=q), cirq.Circuit(ops).unitary(qubit_order=q))
    blocked = [cirq.H(q[0]), cirq.CNOT(q[0], q[1]), cirq.H(q[0])]
    assert len(cancel_adjacent_inverses(blocked)) == 3


def test_noise_sweep_rows():
    from qtool.qpe.study import noise_sweep

    cfg = StudyConfig(noise_models=("two-level",), noise_levels=(0.0, 0.02), noise_m=2, noise_shots=200, seed=3)
    rows = noise_sweep(cfg)
    assert len(rows) == 2 * 5 and {r["p"] for r in rows} == {0.0, 0.02}
    res = {r["p"]: r["resultant"] for r in rows if r["estimator"] == "majority"}
    assert res[0.02] < res[0.0]  # noise spreads the outcome distribution
    assert rows == noise_sweep(cfg)  # seeded trajectories repeat


def test_study_tasks_run_the_chemistry_and_multitime_parts_like_run_study():
    """`qpe study` runs through study_tasks: its chemistry and multi-time parts used to be
    dropped there (the CLI printed nothing for --only chemistry)."""
    from qtool.qpe import study_tasks
    from qtool.qpe.chemistry import ChemistryConfig
    from qtool.qpe.study import StudyConfig, run_study

    chem = ChemistryConfig(states=("ground", "hf"), ms=(2,), noise=(0.0,), repeats=4, max_shots=32, steps=1,
                           estimators=("ml",))
    cfg = StudyConfig(chemistry=chem, multitime_cells=((3, 2), (2, 2)), multitime_phases=32, multitime_shots=50)
    parts = ("multitime", "chemistry")
    units = study_tasks.units(cfg, parts)
    assert len(units) == 4
    got = study_tasks.assemble(cfg, parts, units, [study_tasks.run_unit(p, c) for p, c in units])
    want = run_study(cfg, parts)
    assert got.chemistry == want.chemistry and len(got.chemistry) == 2
    assert got.multitime == want.multitime and len(got.multitime) == 8
