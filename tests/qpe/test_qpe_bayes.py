"""The Bayesian phase estimator (grid posterior, credible intervals, adaptive iterative rounds),
robust phase estimation and the error bars of every estimator.

Coverage tests draw the true phase from the prior (uniform) and the data from the exact
outcome probabilities with numpy: under that design a Bayesian credible interval of level L
covers the truth with probability exactly L, so the observed rate must be within a binomial
tolerance of L. The circuits are not under test there (tests/qpe/test_qpe_run checks them)."""

import math

import numpy as np
import pytest
from typer.testing import CliRunner

from qtool.cli.main import app
from qtool.qpe import bayes, errorbars, estimators as est
from qtool.qpe.run import QpeConfig, run

runner = CliRunner()


def _tolerance(level: float, n: int) -> float:
    return 3.5 * math.sqrt(level * (1 - level) / n)  # 3.5 sigma: a false alarm every ~2000 runs


@pytest.mark.parametrize("m, shots", [(3, 40), (5, 400)])
def test_textbook_credible_intervals_cover_at_their_nominal_rate(m, shots):
    rng = np.random.default_rng([19, m])
    n = 250
    hits = {0.5: 0, 0.9: 0}
    for _ in range(n):
        phi = rng.random()
        counts = est.sample_counts(est.outcome_probabilities(phi, m), shots, rng)
        post = bayes.textbook_posterior(counts)
        for level in hits:
            hits[level] += post.covers(phi, level)
    for level, h in hits.items():
        assert abs(h / n - level) < _tolerance(level, n), (level, h / n)


def test_adaptive_credible_intervals_cover_and_beat_the_fixed_power_schedule():
    rng = np.random.default_rng(7)
    n, level = 200, 0.9
    hits, errors = 0, []
    for _ in range(n):
        phi = rng.random()
        result = bayes.adaptive(bayes.binomial_measure(lambda k, b: float(bayes.p0(phi, k, b)), rng),
                                k_max=16, shots=240, batch=8)
        hits += result.posterior.covers(phi, level)
        errors.append(est.circular_distance(result.posterior.mean(), phi))
        assert result.shots == 240 and result.max_power <= 16
    assert abs(hits / n - level) < _tolerance(level, n)
    # Heisenberg-limited powers: the rms error is far below one grid cell of 5 ancillas (1/32)
    assert math.sqrt(np.mean(np.square(errors))) < 2e-3


def test_adaptive_schedule_grows_the_power_as_the_posterior_narrows():
    phi = 0.3141
    result = bayes.adaptive(bayes.binomial_measure(lambda k, b: float(bayes.p0(phi, k, b)),
                                                   np.random.default_rng(1)), k_max=64, shots=400, batch=10)
    powers = [s[0] for s in result.settings]
    assert powers[0] == 1 and powers[-1] == 64 and powers == sorted(powers[:6]) + powers[6:]


def test_posterior_std_matches_the_cramer_rao_scale_for_many_shots():
    m, shots, phi = 4, 20000, 0.3
    counts = est.sample_counts(est.outcome_probabilities(phi, m), shots, np.random.default_rng(0))
    post = bayes.textbook_posterior(counts)
    assert post.std() == pytest.approx(est.cramer_rao(m, shots), rel=0.3)
    assert est.circular_distance(post.mean(), phi) < 4 * post.std()
    lo, hi = post.interval(0.95)
    assert lo < post.mean() < hi and hi - lo == pytest.approx(2 * 1.96 * post.std(), rel=0.15)


def test_bootstrap_bars_track_the_real_spread_of_the_ml_estimate():
    m, shots = 4, 500
    rng = np.random.default_rng(3)
    phi = 0.2 + 1 / 64  # between grid points, where ML is regular
    errs, bars = [], []
    for _ in range(60):
        counts = est.sample_counts(est.outcome_probabilities(phi, m), shots, rng)
        e = est.maximum_likelihood(counts)
        errs.append(est.circular_distance(e, phi))
        bars.append(errorbars.histogram_bar("ml", counts, shots, e, rng)[0])
    assert np.mean(bars) == pytest.approx(math.sqrt(np.mean(np.square(errs))), rel=0.35)


def test_majority_bar_never_falls_below_its_grid_half_width():
    probs = est.outcome_probabilities(0.1, 3)
    bar, method = errorbars.histogram_bar("majority", probs, 0, est.majority(probs), np.random.default_rng(0))
    assert bar == pytest.approx(1 / 16) and "1/(2N)" in method


def test_rpe_schedule_spends_most_on_coarse_powers_within_the_budget():
    sched = errorbars.rpe_schedule(5, 20000)
    assert sched == sorted(sched, reverse=True) and abs(2 * sum(sched) - 20000) < 20


def test_every_estimator_reports_an_error_bar_through_the_cli():
    import json

    for mode, names in [("textbook", {"majority", "mpd", "mpd-inverted", "ml", "bayes"}),
                        ("iterative", {"majority", "mpd", "mpd-inverted", "ml", "bayes"}),
                        ("eigenstate", {"kitaev", "rpe", "bayes"})]:
        r = runner.invoke(app, ["qpe", "--model", "h2", "--mapping", "scbk", "-a", "4", "--shots", "400",
                                "--trotter-steps", "0", "--mode", mode, "--seed", "2", "--json"])
        assert r.exit_code == 0, r.output
        rows = json.loads(r.stdout)["estimates"]
        assert {row["estimator"] for row in rows} == names
        for row in rows:
            assert row["error_bar"] > 0 and row["shots"] > 0, row
            # the reported bar is honest: no estimate is more than 6 bars off (majority, mpd: rounding/bias)
            assert abs(row["error"]) < 6 * row["error_bar"] + 1e-9, row
        b = next(row for row in rows if row["estimator"] == "bayes")
        lo, hi = b["interval"]["energy"]
        assert lo < b["energy"] < hi and b["interval"]["level"] == 0.95


def test_bayes_with_exact_distribution_is_refused():
    r = runner.invoke(app, ["qpe", "--estimator", "bayes", "--shots", "0"])
    assert r.exit_code == 2 and "--estimator bayes: needs --shots > 0" in r.output


def test_iterative_bayes_with_hartree_fock_input_reaches_chemical_accuracy():
    """H2 at equilibrium, HF input (ground weight 0.987), one ancilla, adaptive powers up to 16."""
    r = run(QpeConfig(model="h2", mapping="scbk", ancillas=5, shots=2000, steps=0, state="hf", seed=4,
                      mode="iterative", estimators=("bayes",)))
    row = r.rows()[0]
    assert abs(row["error"]) < 1.6e-3 and row["error_bar"] < 1.6e-3


def _adaptive_at(phi, rng, shots=240, gamma=0.0, gammas=(0.0,), k_max=16):
    measure = bayes.binomial_measure(lambda k, b: float(bayes.p0(phi, k, b, gamma)), rng)
    return bayes.adaptive(measure, k_max=k_max, shots=shots, batch=8, gammas=gammas)


def test_lowest_cluster_groups_repeats_by_eigenphase_and_picks_the_lowest():
    rng = np.random.default_rng(11)
    runs = [_adaptive_at(phi, rng) for phi in (0.61, 0.42, 0.61, 0.42, 0.61)]
    lowest, groups = bayes.lowest_cluster(runs)
    assert len(groups) == 2 and len(lowest) == 2
    assert all(est.circular_distance(r.posterior.mean(), 0.42) < 0.01 for r in lowest)


def test_noise_aware_adaptive_posterior_covers_where_the_noise_blind_one_does_not():
    """Visibility e^{-gamma k} with gamma = 0.05 per U: the decay marginalised on decay_grid
    keeps the 90% intervals honest; the noise-blind likelihood is overconfident."""
    rng = np.random.default_rng(23)
    n, level, gamma = 60, 0.9, 0.05
    aware = blind = 0
    for _ in range(n):
        phi = rng.random()
        aware += _adaptive_at(phi, rng, 200, gamma, bayes.decay_grid(gamma), k_max=64).posterior.covers(phi, level)
        blind += _adaptive_at(phi, rng, 200, gamma, (0.0,), k_max=64).posterior.covers(phi, level)
    assert abs(aware / n - level) < _tolerance(level, n), aware / n
    assert blind / n < level - _tolerance(level, n), blind / n


def test_iterative_bayes_recovers_from_collapses_onto_the_excited_state():
    """H2 at 2.5 A, HF input (ground weight 0.59): 8 repeats collapse onto the ground or the
    doubly excited state; the lowest cluster is the ground energy."""
    r = run(QpeConfig(model="h2", params={"bond": 2.5}, mapping="scbk", ancillas=4, shots=800, steps=1,
                      state="hf", seed=6, mode="iterative", estimators=("bayes",)))
    row = r.rows()[0]
    assert abs(row["energy"] - r.trotter_energy) < 4 * row["error_bar"] < 1e-2
    assert "fell into 2 clusters" in " ".join(r.warnings) and row["shots"] == 800
