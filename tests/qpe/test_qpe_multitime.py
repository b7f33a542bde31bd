"""The paper's eigenstate mode in full: inverted MPD across several evolution times."""

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from qtool.cli.main import app
from qtool.qpe import estimators as est
from qtool.qpe.run import QpeConfig, run
from qtool.qpe.study import StudyConfig, multitime_table

runner = CliRunner()


def test_exact_distributions_give_the_exact_phase_at_every_number_of_times():
    for times in (1, 2, 3):
        r = run(QpeConfig(model="h2", mapping="scbk", ancillas=3, shots=0, steps=0, mode="multitime", times=times))
        assert list(r.estimates) == ["mpd-inverted"]  # bayes needs shots
        assert abs(r.rows()[0]["error"]) < 1e-6  # qsim is single precision
        assert [x["power"] for x in r.readings] == [2**k for k in range(times)]
        # each time's inverted MPD is t phi mod 1
        for x in r.readings:
            assert est.circular_distance(x["angle"], x["power"] * r.exact_phase) < 1e-6


def test_one_time_is_textbook_qpe_and_later_times_use_deeper_circuits():
    one = run(QpeConfig(model="ising2", ancillas=3, shots=0, steps=1, mode="multitime", times=1, state="propagator"))
    text = run(QpeConfig(model="ising2", ancillas=3, shots=0, steps=1, state="propagator"))
    np.testing.assert_allclose(one.probabilities, text.probabilities, atol=1e-6)
    three = run(QpeConfig(model="ising2", ancillas=3, shots=0, steps=1, mode="multitime", times=3, state="propagator"))
    assert three.circuit["depth"] > text.circuit["depth"] and three.circuits_run == 3


def test_kitaev_many_is_kitaev_per_column():
    rng = np.random.default_rng(0)
    angles = rng.random((4, 50))
    np.testing.assert_allclose(est.kitaev_many(angles), [est.kitaev(angles[:, b]) for b in range(50)])


def test_multitime_beats_majority_and_matches_inverted_mpd_at_one_more_bit_for_equal_cost():
    rows = multitime_table(StudyConfig(multitime_cells=((3, 3),), multitime_phases=512, seed=0))
    cell = {r["method"]: r for r in rows}
    multi = cell["multitime mpd-inverted"]
    assert cell["textbook majority"]["u_applications"] == multi["u_applications"]
    assert multi["rms_error"] < 0.5 * cell["textbook majority"]["rms_error"]
    assert multi["rms_error"] < 1.5 * cell["textbook mpd-inverted"]["rms_error"]


def test_cli_multitime_reports_times_and_refuses_bad_values():
    r = runner.invoke(app, ["qpe", "--model", "two-level", "--mode", "multitime", "--times", "2", "-a", "3",
                            "--shots", "300", "--seed", "1", "--json"])
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    assert {e["estimator"] for e in doc["estimates"]} == {"mpd-inverted", "bayes"}
    assert all(e["shots"] == 600 for e in doc["estimates"])
    for args, msg in [(["--times", "0"], "--times 0"), (["-a", "1"], "at least 2 ancillas"),
                      (["--estimator", "majority"], "unknown estimator")]:
        bad = runner.invoke(app, ["qpe", "--mode", "multitime", *args])
        assert bad.exit_code == 2 and msg in bad.output, bad.output


@pytest.mark.parametrize("state", ["hf"])
def test_superposition_input_is_warned_about(state):
    r = run(QpeConfig(model="h2", mapping="scbk", ancillas=3, shots=0, steps=0, mode="multitime", state=state))
    assert any("assumes an eigenstate input" in w for w in r.warnings)
