"""End-to-end QPE runs against exact diagonalisation, and mode equivalences."""

import numpy as np
import pytest

from typer.testing import CliRunner

from qtool.cli.main import app
from qtool.errors import QtoolError
from qtool.qpe import estimators as est
from qtool.qpe.run import QpeConfig, run, to_json

runner = CliRunner()

MODELS = ["two-level", "ising2", "hubbard2"]


@pytest.mark.parametrize("name", MODELS)
def test_noiseless_energies_match_exact_diagonalisation(name):
    r = run(QpeConfig(model=name, ancillas=6, shots=0, steps=8))
    w = r.window
    trotter_err = abs(r.trotter_energy - r.exact_energy)
    assert trotter_err < 0.01  # 8 steps: the Trotter error is small for these models
    rows = {row["estimator"]: row for row in r.rows()}
    half_bin = w.energy_per_phase / 2**7
    assert abs(rows["majority"]["error"]) <= half_bin + trotter_err + 1e-9
    # the input is H's eigenvector, not exactly the Trotterized U's: the unbiased estimators
    # land on the Trotterized eigenphase up to that small mismatch
    for e in ("mpd-inverted", "ml"):
        assert abs(rows[e]["energy"] - r.trotter_energy) < 2e-3
        assert abs(rows[e]["error"]) < trotter_err + 2e-3


def test_exact_evolution_makes_unbiased_estimators_exact():
    r = run(QpeConfig(model="ising2", ancillas=3, shots=0, steps=0))
    assert r.trotter_energy == pytest.approx(r.exact_energy)
    rows = {row["estimator"]: row for row in r.rows()}
    assert abs(rows["mpd-inverted"]["error"]) < 1e-4  # qsim works in single precision
    assert abs(rows["ml"]["error"]) < 1e-4
    assert abs(rows["majority"]["error"]) > 1e-3  # three bits cannot hit this energy


@pytest.mark.parametrize("name,state", [("ising2", "01"), ("hubbard2", "hf"), ("two-level", "eigen:1")])
def test_iterative_mode_reproduces_the_textbook_distribution(name, state):
    """The semi-classical QFT: one ancilla with feedback gives the same P(j), any input state."""
    a = run(QpeConfig(model=name, ancillas=4, shots=0, state=state, steps=1))
    b = run(QpeConfig(model=name, ancillas=4, shots=0, state=state, steps=1, mode="iterative"))
    assert np.allclose(a.probabilities, b.probabilities, atol=1e-5)
    assert b.circuit["qubits"] == 1 + a.model.n_qubits and b.circuits_run <= 2**4 - 1


@pytest.mark.parametrize("name", MODELS)
def test_propagator_eigenstate_makes_unbiased_estimators_hit_the_trotter_energy(name):
    r = run(QpeConfig(model=name, ancillas=3, shots=0, steps=1, state="propagator"))
    rows = {row["estimator"]: row for row in r.rows()}
    for e in ("mpd-inverted", "ml"):
        assert abs(rows[e]["energy"] - r.trotter_energy) < 2e-4 * r.window.energy_per_phase
    assert np.allclose(r.probabilities, est.outcome_probabilities(r.window.phase(r.trotter_energy), 3), atol=1e-5)


def test_superposition_input_gives_a_mixture_and_flags_it():
    r = run(QpeConfig(model="ising2", ancillas=5, shots=0, state="00", steps=0))
    assert r.overlaps.max() < 0.99 and r.overlaps.sum() == pytest.approx(1.0)
    expected = sum(w * est.outcome_probabilities(r.window.phase(e), 5)
                   for w, e in zip(r.overlaps, r.model.spectrum()))
    assert np.allclose(r.probabilities, expected, atol=1e-5)


def test_eigenstate_mode_without_inverse_qft():
    r = run(QpeConfig(model="hubbard2", ancillas=6, shots=0, steps=0, mode="eigenstate"))
    assert list(r.estimates) == ["kitaev", "rpe"]  # bayes needs shots
    assert abs(r.rows()[0]["error"]) < 1e-3
    t = run(QpeConfig(model="hubbard2", ancillas=6, shots=0, steps=0))
    assert r.circuit["depth"] < t.circuit["depth"] and r.circuit["qubits"] == 5
    assert len(r.readings) == 6 and r.circuits_run == 12


def test_shots_are_reproducible_with_a_seed():
    cfg = QpeConfig(model="ising2", ancillas=4, shots=500, seed=42)
    a, b = run(cfg), run(cfg)
    assert a.counts.sum() == 500 and np.array_equal(a.counts, b.counts)
    assert a.estimates == b.estimates


def test_noisy_run_samples_on_qsim_trajectories():
    r = run(QpeConfig(model="two-level", ancillas=3, shots=200, noise="depolarizing:0.01", steps=1, seed=5))
    assert r.probabilities is None and r.counts.sum() == 200
    clean = run(QpeConfig(model="two-level", ancillas=3, shots=0, steps=1))
    # noise spreads the distribution: the clean mode loses weight
    mode = int(np.argmax(clean.probabilities))
    assert r.counts[mode] / 200 < clean.probabilities[mode] + 0.05


def test_energy_window_option_zooms_in():
    wide = run(QpeConfig(model="hubbard2", ancillas=4, shots=0, steps=0))
    tight = run(QpeConfig(model="hubbard2", ancillas=4, shots=0, steps=0, energy_range=(-1.0, 5.0)))
    assert tight.window.energy_per_phase < wide.window.energy_per_phase / 2
    assert not tight.warnings
    bad = run(QpeConfig(model="hubbard2", ancillas=4, shots=0, steps=0, energy_range=(0.0, 1.0)))
    assert any("alias" in w for w in bad.warnings)


def test_one_ancilla_warns_about_the_ml_mirror_ambiguity():
    r = run(QpeConfig(ancillas=1, shots=0))
    assert "mpd-inverted" not in r.estimates
    assert any("1 - phi" in w for w in r.warnings)


def test_json_document():
    doc = to_json(run(QpeConfig(model="two-level", ancillas=3, shots=100, seed=1)))
    assert doc["schema"] == "qtool.qpe/1"
    assert {r["estimator"] for r in doc["estimates"]} == set(est.ESTIMATORS) | {"bayes"}
    assert sum(doc["outcomes"]["counts"]) == 100 and len(doc["outcomes"]["probabilities"]) == 8
    assert doc["exact_energy"] == pytest.approx(-np.hypot(1.0, 0.5))
    import json

    json.dumps(doc)


@pytest.mark.parametrize("cfg,needle", [
    (QpeConfig(ancillas=0), "ancillas"),
    (QpeConfig(shots=-1), "shots"),
    (QpeConfig(steps=-1), "steps -1: expected 0"),  # the core names its field; the CLI says --trotter-steps
    (QpeConfig(order=3), "order"),
    (QpeConfig(time=-1.0), "time"),
    (QpeConfig(mode="bayes"), "mode"),
    (QpeConfig(noise="depolarizing:0.1", shots=0), "noise"),
    (QpeConfig(noise="dephasing:0.1"), "unknown noise"),
    (QpeConfig(noise="depolarizing:2"), "between 0 and 1"),
    (QpeConfig(model="nope"), "unknown model"),
    (QpeConfig(estimators=("median",)), "unknown estimator"),
    (QpeConfig(ancillas=1, estimators=("mpd-inverted",)), "2 ancillas"),
    (QpeConfig(state="eigen:9"), "eigen:K"),
    (QpeConfig(state="propagator:x"), "propagator:K"),
    (QpeConfig(state="010"), "expected 1 bits"),
    (QpeConfig(state="hf"), "expected ground"),
    (QpeConfig(energy_range=(2.0, 1.0)), "LO < HI"),
    (QpeConfig(mode="eigenstate", estimators=("mpd",)), "own estimator"),
])
def test_bad_configs_raise_clear_errors(cfg, needle):
    with pytest.raises(QtoolError, match=needle):
        run(cfg)


def test_gershgorin_window_is_a_valid_and_tighter_bound_for_jordan_wigner_h2():
    from qtool.qpe.models import get_model
    from qtool.qpe.phase import energy_bound, gershgorin_range

    for bond in (0.1, 0.7414, 3.0):
        model = get_model("h2", {"bond": bond}, "jw")
        lo, hi = gershgorin_range(model)
        spec = model.spectrum()
        nlo, nhi = energy_bound(model, "norm")
        assert lo <= spec.min() and spec.max() <= hi and hi - lo < 0.8 * (nhi - nlo)
    base = dict(model="h2", mapping="jw", ancillas=4, shots=0, steps=0, estimators=("ml",))
    tight, loose = run(QpeConfig(**base, bound="gershgorin")), run(QpeConfig(**base))
    assert tight.window.energy_per_phase < 0.8 * loose.window.energy_per_phase
    assert not tight.warnings and abs(tight.rows()[0]["error"]) < abs(loose.rows()[0]["error"]) + 1e-3
    r = runner.invoke(app, ["qpe", "--bound", "tight"])
    assert r.exit_code == 2 and "norm, gershgorin" in r.output
