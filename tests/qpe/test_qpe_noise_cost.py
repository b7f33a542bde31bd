"""`qtool qpe noise-cost`: the exact noisy channel it samples from, and the command's report."""

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from qtool.cli.main import app
from qtool.qpe import circuits
from qtool.qpe.backend import noisy_coherence
from qtool.qpe.models import get_model
from qtool.qpe.noise_cost import coherence_source
from qtool.qpe.phase import window_for
from qtool.qpe.run import QpeConfig, noise_decay
from qtool.qpe.trotter import Evolution
from qtool.sim import parse_noise

runner = CliRunner()


def test_superoperator_power_matches_cirqs_density_matrix_of_the_noisy_round():
    model = get_model("h2", {"bond": 1.5}, "scbk")
    evo = Evolution.for_window(model, window_for(model), 1, 2)
    psi = model.eigenstate(0)
    rho01, moments = coherence_source(evo, psi, 2e-3)
    qc = circuits.iterative_round(evo, 3, 0.0, psi, readout=False)
    # cirq also depolarises after the state preparation and the first H: a few moments more
    ref = noisy_coherence(qc.circuit, qc.qubits, parse_noise("depolarizing:0.002"))
    assert rho01(3) == pytest.approx(ref, abs=5e-3) and moments > 10
    clean, _ = coherence_source(evo, psi, 0.0)
    assert abs(rho01(3)) < abs(clean(3))
    # the gate-count decay the estimator assumes is within a factor 2 of the channel's
    gamma = noise_decay(evo, QpeConfig(noise="depolarizing:0.002"))
    measured = -np.log(abs(rho01(4)) / abs(clean(4))) / 4
    assert 0.5 < gamma / measured < 2


def test_cli_noise_cost_reports_prediction_measurement_and_the_trotter_limit():
    r = runner.invoke(app, ["qpe", "noise-cost", "--noise", "1e-4", "--trotter-steps", "2", "--trotter-steps", "8",
                            "--repeats", "2", "--max-shots", "128", "--target", "none", "--seed", "0",
                            "--workers", "1", "--json"])
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    assert doc["schema"] == "qtool.qpe.noise-cost/1"
    two, eight = doc["rows"]
    assert two["trotter_error_mha"] > 1.6 and "Trotter error alone" in two["reason"]
    assert eight["predicted_shots"] > 128 and "not simulated" in eight["reason"]
    assert eight["k_max"] >= 5 and eight["gamma_measured"] > 0
    bad = runner.invoke(app, ["qpe", "noise-cost", "--noise", "2"])
    assert bad.exit_code == 2
