"""`qtool qpe curve` (the H2 dissociation curve) and the cost report of `qtool qpe --target`."""

import json

from typer.testing import CliRunner

from qtool.cli.main import app
from qtool.qpe.curve import CHEMICAL_ACCURACY, CurveConfig, curve_point, run_curve

runner = CliRunner()
SMALL = CurveConfig(bonds=(0.7414, 2.0), ancillas=3, shots=400, steps=2, estimators=("mpd-inverted", "bayes"))


def test_points_are_pure_functions_of_config_index_and_bond():
    a = curve_point(SMALL, 1, 2.0)
    b = curve_point(SMALL, 1, 2.0)
    assert a == b
    assert curve_point(SMALL, 0, 2.0)["estimates"] != a["estimates"]  # the index picks the seed


def test_run_curve_maps_points_through_any_executor():
    calls = []

    def recording_map(f, *iterables):
        calls.append(list(zip(*iterables)))
        return map(f, *iterables)

    result = run_curve(SMALL, map_fn=recording_map)
    assert calls == [[(0, 0.7414), (1, 2.0)]]
    assert [r["bond"] for r in result.rows] == [0.7414, 2.0]
    for r in result.rows:
        assert r["exact_energy"] == r["fci_energy"] or abs(r["exact_energy"] - r["fci_energy"]) < 1e-8
        for e in r["estimates"].values():
            assert e["chemical_accuracy"] == (abs(e["error_mha"]) <= 1e3 * CHEMICAL_ACCURACY)
        assert r["compiled"]["target"] == "cz" and r["compiled"]["two_qubit"] > 0


def test_cli_curve_json_table_and_plot(tmp_path):
    out = tmp_path / "h2.svg"
    args = ["qpe", "curve", "--bond", "0.7414", "--bond", "1.5", "-a", "3", "--shots", "300",
            "--trotter-steps", "2", "--seed", "4", "--estimator", "ml", "--estimator", "bayes", "--workers", "1"]
    r = runner.invoke(app, [*args, "--json", "--plot", str(out)])
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    assert doc["schema"] == "qtool.qpe.curve/1" and len(doc["rows"]) == 2
    assert set(doc["summary"]) == {"ml", "bayes"} and doc["chemical_accuracy_mha"] == 1.6
    assert out.read_text().startswith("<?xml")
    text = runner.invoke(app, args).output
    assert "summary (chemical accuracy 1.6 mHa)" in text and "· FCI" in text and "1.5" in text


def test_cli_curve_refuses_other_models_and_unshipped_bonds():
    r = runner.invoke(app, ["qpe", "curve", "--model", "lih"])
    assert r.exit_code == 2 and "shipped bond lengths" in r.output
    r = runner.invoke(app, ["qpe", "curve", "--bond", "0.75"])
    assert r.exit_code == 2 and "0.7414" in r.output


def test_cost_report_compiles_the_deepest_circuit_to_the_target():
    base = ["qpe", "--model", "h2", "--mapping", "scbk", "-a", "3", "--shots", "100", "--trotter-steps", "1",
            "--seed", "1", "--json"]
    docs = {}
    for target in ("cz", "ibm"):
        r = runner.invoke(app, [*base, "--target", target])
        assert r.exit_code == 0, r.output
        docs[target] = json.loads(r.stdout)["cost"]
    assert docs["cz"]["compiled"]["target"] == "cz" and docs["ibm"]["compiled"]["target"] == "ibm"
    assert docs["cz"]["compiled"]["qubits"] == 5
    assert docs["cz"]["estimators"]["bayes"]["shots"] == 100
    assert docs["cz"]["uncompiled"]["two_qubit_gates"] >= docs["cz"]["compiled"]["two_qubit"] > 0
    r = runner.invoke(app, [*base, "--target", "nope"])
    assert r.exit_code == 2


def test_cost_report_leaves_out_a_generic_state_preparation_and_says_so():
    base = ["qpe", "--model", "lih", "-a", "2", "--shots", "50", "--trotter-steps", "1", "--seed", "1",
            "--estimator", "ml", "--target", "cz", "--json"]
    ground = json.loads(runner.invoke(app, base).stdout)["cost"]["compiled"]
    hf = json.loads(runner.invoke(app, [*base, "--state", "hf"]).stdout)["cost"]["compiled"]
    assert ground["prep_excluded"] is True and hf["prep_excluded"] is False
    assert ground["two_qubit"] == hf["two_qubit"]  # HF is X gates: no two-qubit cost


def test_cli_curve_runs_on_the_batch_engine_with_the_same_seeded_result_on_1_and_2_workers():
    args = ["qpe", "curve", "--bond", "0.7414", "--bond", "2.0", "-a", "3", "--shots", "300",
            "--trotter-steps", "1", "--seed", "5", "--estimator", "ml", "--estimator", "bayes",
            "--target", "none", "--json"]
    docs = []
    for workers in ("1", "2"):
        r = runner.invoke(app, [*args, "--workers", workers])
        assert r.exit_code == 0, r.output
        docs.append(json.loads(r.stdout))
    assert docs[0]["rows"] == docs[1]["rows"] and len(docs[0]["rows"]) == 2
    assert "qpe curve: 2 tasks on" in r.stderr


def test_cost_report_of_a_wide_molecule_says_the_initial_state_preparation_is_not_counted():
    """8 system qubits (LiH, 4 active orbitals, jw): the exact ground state is qsim's initial
    state, so the circuit holds no preparation and the figures are QPE alone; the report says
    so (it used to claim the preparation was included)."""
    import numpy as np

    from qtool.qpe import circuits

    assert circuits.enters_as_initial_state(np.ones(2**8) / 16)
    assert not circuits.enters_as_initial_state(np.eye(2**8)[5])  # a basis state: X gates
    assert not circuits.enters_as_initial_state(np.ones(2**6) / 8)  # one matrix gate
    r = runner.invoke(app, ["qpe", "--model", "lih", "--param", "frozen=1", "--param", "active=4", "-a", "1",
                            "--shots", "20", "--trotter-steps", "1", "--seed", "1", "--estimator", "ml",
                            "--target", "cz"])
    assert r.exit_code == 0, r.output
    assert "state preparation not in the circuit" in r.stdout and "QPE alone" in r.stdout


def test_curve_defaults_are_the_settings_that_reach_chemical_accuracy():
    """`qpe curve` with no settings but the bond runs m=6, 3000 shots (the CLI and CurveConfig
    agree), and bayes is within 1.6 mHa at a stretched bond."""
    r = runner.invoke(app, ["qpe", "curve", "--bond", "2.2", "--seed", "0", "--estimator", "bayes",
                            "--target", "none", "--json"])
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    assert (doc["config"]["ancillas"], doc["config"]["shots"]) == (6, 3000) == (CurveConfig().ancillas,
                                                                                CurveConfig().shots)
    assert doc["rows"][0]["estimates"]["bayes"]["chemical_accuracy"]
    assert "chemical accuracy" in runner.invoke(app, ["qpe", "curve", "--help"]).stdout
