"""The estimator maths against brute force, independent of the closed forms it uses."""

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from qtool.qpe import estimators as est


def brute_distribution(phi, m):
    """Ancilla register after controlled powers, then the inverse DFT as an explicit matrix."""
    n = 2**m
    x = np.arange(n)
    register = np.exp(2j * np.pi * phi * x) / np.sqrt(n)
    inv_qft = np.exp(-2j * np.pi * np.outer(x, x) / n) / np.sqrt(n)
    return np.abs(inv_qft @ register) ** 2


@pytest.mark.parametrize("m", [1, 2, 3, 5])
@pytest.mark.parametrize("phi", [0.0, 0.125, 0.3, 0.5 + 1e-13, 0.77, 0.999])
def test_distribution_matches_brute_force(m, phi):
    p = est.outcome_probabilities(phi, m)
    assert np.allclose(p, brute_distribution(phi, m), atol=1e-12)
    assert p.sum() == pytest.approx(1.0)


def test_distribution_on_grid_is_a_point_mass():
    p = est.outcome_probabilities(5 / 16, 4)
    assert p[5] == pytest.approx(1.0) and p.sum() == pytest.approx(1.0)


@given(st.floats(0, 1, exclude_max=True, allow_subnormal=False), st.integers(2, 7))
@settings(max_examples=200, deadline=None)
def test_exact_mpd_equals_numeric_circular_mean(phi, m):
    numeric = est.mpd(brute_distribution(phi, m))
    exact = float(np.mod(est.mpd_exact(phi, m), 1.0))
    assert est.circular_distance(numeric, exact) < 1e-9


@given(st.floats(0, 1, exclude_max=True, allow_subnormal=False), st.integers(2, 7))
@settings(max_examples=200, deadline=None)
def test_inversion_round_trip(phi, m):
    theta = float(est.mpd_exact(phi, m))
    back = est.invert_mpd(theta, m)
    assert est.circular_distance(float(est.mpd_exact(back, m)), theta) < 1e-12
    # theta - j/N grows like (phi - j/N)**3 near the grid, so phi itself is only recovered
    # to about the cube root of machine precision there; elsewhere to 1e-9.
    tol = 1e-9 if est.mpd_slope(phi, m) > 1e-3 else 1e-4
    assert est.circular_distance(back, phi) < tol


@pytest.mark.parametrize("m", [2, 3, 6])
def test_mpd_curve_is_monotone_and_fixed_on_grid_and_half_grid(m):
    n = 2**m
    phi = np.linspace(0, 1, 4001)
    theta = est.mpd_exact(phi, m)
    assert np.all(np.diff(theta) >= -1e-15)
    grid = np.arange(n + 1) / n
    assert np.allclose(est.mpd_exact(grid, m), grid, atol=1e-14)
    half = (np.arange(n) + 0.5) / n
    assert np.allclose(est.mpd_exact(half, m), half, atol=1e-14)
    # equivariance under a shift by one grid step
    assert np.allclose(est.mpd_exact(phi + 1 / n, m), theta + 1 / n, atol=1e-12)


@pytest.mark.parametrize("m", [2, 4])
def test_slope_formula_matches_finite_differences(m):
    phi = np.linspace(0.01, 0.99, 97)
    h = 1e-6
    numeric = (est.mpd_exact(phi + h, m) - est.mpd_exact(phi - h, m)) / (2 * h)
    assert np.allclose(est.mpd_slope(phi, m), numeric, atol=1e-5)
    assert est.mpd_slope(3 / 2**m, m) == pytest.approx(0.0, abs=1e-12)


def test_mpd_is_biased_between_grid_points():
    m = 3
    phi = 0.3 / 8  # between 0 and 1/16
    assert est.circular_distance(est.mpd(brute_distribution(phi, m)), phi) > 1e-3
    assert est.circular_distance(est.mpd_inverted(brute_distribution(phi, m)), phi) < 1e-9


def test_majority_picks_the_mode_and_breaks_ties_low():
    assert est.majority([1, 5, 2, 0]) == 0.25
    assert est.majority([3, 0, 3, 0]) == 0.0


def test_mpd_wraps_around_zero():
    # mass at j = 0 and j = N-1: the circular mean is near 1 - 1/(2N), not the linear mean 1/2
    theta = est.mpd([1, 0, 0, 0, 0, 0, 0, 1])
    assert theta == pytest.approx(1 - 1 / 16)


def test_one_ancilla_cannot_tell_phi_from_minus_phi():
    # P(j|phi) = P(-j mod N | -phi), and with N = 2, -j = j: ML is not identifiable at m = 1
    assert np.allclose(brute_distribution(0.2, 1), brute_distribution(0.8, 1))
    assert not np.allclose(brute_distribution(0.2, 2), brute_distribution(0.8, 2))


@given(st.floats(0, 1, exclude_max=True, allow_subnormal=False), st.integers(2, 6))
@settings(max_examples=60, deadline=None)
def test_maximum_likelihood_is_exact_on_the_exact_distribution(phi, m):
    assert est.circular_distance(est.maximum_likelihood(brute_distribution(phi, m)), phi) < 1e-6


def test_maximum_likelihood_agrees_with_brute_force_on_counts():
    rng = np.random.default_rng(3)
    counts = est.sample_counts(brute_distribution(0.4123, 3), 200, rng)
    grid = np.linspace(0, 1, 200001)[:-1]
    brute = grid[np.argmax([np.sum(counts * np.log(np.clip(brute_distribution(x, 3), 1e-300, None)))
                            for x in grid[::50]]) * 50]
    assert est.circular_distance(est.maximum_likelihood(counts), brute) < 3e-4


def test_mpd_resultant_flags_mixtures():
    pure = brute_distribution(0.2, 4)
    mixed = 0.5 * brute_distribution(0.2, 4) + 0.5 * brute_distribution(0.7, 4)
    assert est.mpd_resultant(pure) >= (16 - 2) / 16 - 1e-12
    assert est.mpd_resultant(mixed) < 0.1


def test_bad_histograms_are_rejected():
    for bad in ([1, 2, 3], [0, 0, 0, 0], [1, -1, 0, 0], [[[1, 2]]], [[1, 0], [0, 0]]):
        with pytest.raises(ValueError):
            est.mpd(bad)
    with pytest.raises(ValueError):
        est.invert_mpd(0.3, 1)
    with pytest.raises(ValueError):
        est.estimate("median", [1, 0])
    assert "mpd-inverted" not in est.available(1)


def test_sampling_is_seeded_and_sums_to_shots():
    p = brute_distribution(0.37, 3)
    a = est.sample_counts(p, 1000, np.random.default_rng(7))
    b = est.sample_counts(p, 1000, np.random.default_rng(7))
    assert a.sum() == 1000 and np.array_equal(a, b)


@pytest.mark.parametrize("name", est.ESTIMATORS)
def test_batches_agree_with_one_histogram_at_a_time(name):
    rng = np.random.default_rng(11)
    hists = np.array([est.sample_counts(brute_distribution(p, 4), 300, rng) for p in rng.random(6)])
    batch = est.estimate(name, hists)
    single = [est.estimate(name, h) for h in hists]
    assert isinstance(single[0], float) and batch.shape == (6,)
    assert np.allclose(batch, single)


@given(st.floats(0, 1, exclude_max=True, allow_subnormal=False), st.integers(1, 8))
@settings(max_examples=100, deadline=None)
def test_kitaev_combines_exact_readings(phi, m):
    angles = [(2**k * phi) % 1.0 for k in range(m)]
    assert est.circular_distance(est.kitaev(angles), phi) < 1e-9


def test_kitaev_tolerates_small_reading_errors():
    phi, m = 0.6180339, 6
    rng = np.random.default_rng(2)
    angles = [(2**k * phi + rng.uniform(-0.1, 0.1)) % 1.0 for k in range(m)]
    # the final error is that of the last reading divided by 2**(m-1)
    assert est.circular_distance(est.kitaev(angles), phi) <= 0.1 / 2 ** (m - 1) + 1e-12


@pytest.mark.parametrize("m", [1, 2, 4, 6])
def test_fisher_information_is_constant_and_equals_the_quantum_bound(m):
    n = 2**m
    phi = np.random.default_rng(m).random(50)
    f = est.fisher_information(phi, m)
    qfi = 4 * np.pi**2 * (n * n - 1) / 3
    assert np.allclose(f, qfi, rtol=1e-5)
    assert est.cramer_rao(m, 100) == pytest.approx(1 / np.sqrt(100 * qfi))


def test_fisher_information_by_brute_force_derivative():
    m, phi, h = 3, 0.2345, 1e-6
    p = brute_distribution(phi, m)
    dp = (brute_distribution(phi + h, m) - brute_distribution(phi - h, m)) / (2 * h)
    assert np.sum(dp**2 / p) == pytest.approx(float(est.fisher_information(phi, m)), rel=1e-4)


def test_ml_error_bar_covers_its_bias_on_a_superposition_input():
    """Two eigenphases with weights 0.66 / 0.34 (Hartree-Fock at a stretched bond): ML, a
    one-phase fit, is pulled off the lower phase by much more than shot noise; its bar must
    say so (bootstrap + the misfit to the mixture's lowest phase), while for one eigenphase it
    stays the plain bootstrap."""
    import numpy as np

    from qtool.qpe import errorbars, estimators as est

    m, shots, rng = 5, 3000, np.random.default_rng(3)
    low, high = 0.2031, 0.2570
    probs = 0.66 * est.outcome_probabilities(low, m) + 0.34 * est.outcome_probabilities(high, m)
    hist = est.sample_counts(probs, shots, rng)
    ml = float(est.estimate("ml", hist[None, :])[0])
    bias = float(est.circular_distance(ml, low))
    bar, method = errorbars.histogram_bar("ml", hist, shots, ml, rng)
    assert bias > 3 * 1e-3 and bar >= 0.8 * bias and "misfit" in method
    single = est.sample_counts(est.outcome_probabilities(low, m), shots, rng)
    ml1 = float(est.estimate("ml", single[None, :])[0])
    bar1, method1 = errorbars.histogram_bar("ml", single, shots, ml1, rng)
    assert method1 == "bootstrap" and bar1 < 2e-3 and est.circular_distance(ml1, low) < 3 * bar1
