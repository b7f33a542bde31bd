"""--noise with --mode iterative: the semi-classical QPE as one circuit with mid-circuit
measurements, sampled shot by shot on qsim trajectories."""

import json

import cirq
import numpy as np
from typer.testing import CliRunner

from qtool.cli.main import app
from qtool.qpe import circuits
from qtool.qpe.run import QpeConfig, _semiclassical_counts, run
from qtool.qpe.trotter import Evolution

runner = CliRunner()


def _h2():
    base = run(QpeConfig(model="h2", mapping="scbk", ancillas=3, shots=0, steps=1, mode="iterative", state="hf"))
    return base, Evolution.for_window(base.model, base.window, 1, 2)


def test_noiseless_semiclassical_circuit_samples_the_branch_distribution():
    base, evo = _h2()
    counts = _semiclassical_counts(evo, 3, base.model.references["hf"], 1500, 7,
                                   cirq.ConstantQubitNoiseModel(cirq.depolarize(0.0)))
    assert counts.sum() == 1500
    assert 0.5 * np.abs(counts / 1500 - base.probabilities).sum() < 0.06


def test_measured_records_get_no_noise_and_the_live_qubits_do():
    base, evo = _h2()
    circuit, keys, qubits = circuits.semiclassical(evo, 3, base.model.references["hf"], cirq.depolarize(0.01))
    assert keys == ["b0", "b1", "b2"]
    measured_at = {}
    for i, moment in enumerate(circuit):
        for op in moment:
            if cirq.is_measurement(op):
                measured_at[op.qubits[0]] = i
    for q, i in measured_at.items():
        later = [op for moment in list(circuit)[i:] for op in moment
                 if q in op.qubits and isinstance(op.gate, cirq.DepolarizingChannel)]
        assert later == []
    assert any(isinstance(op.gate, cirq.DepolarizingChannel) and op.qubits[0] == qubits[-1]
               for op in circuit.all_operations())


def test_noise_spreads_the_iterative_distribution_through_the_cli():
    r = runner.invoke(app, ["qpe", "--model", "h2", "--mapping", "scbk", "-a", "3", "--mode", "iterative",
                            "--trotter-steps", "1", "--shots", "200", "--noise", "depolarizing:0.01",
                            "--estimator", "ml", "--estimator", "bayes", "--seed", "5", "--json"])
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    counts = np.array(doc["outcomes"]["counts"])
    assert counts.sum() == 200 and doc["outcomes"]["probabilities"] is None
    base, _ = _h2()
    clean_peak = int(np.argmax(base.probabilities))
    assert counts[clean_peak] / 200 < base.probabilities[clean_peak] - 0.05
    assert {e["estimator"] for e in doc["estimates"]} == {"ml", "bayes"}


def test_noise_with_exact_distribution_is_still_refused():
    r = runner.invoke(app, ["qpe", "--mode", "iterative", "--noise", "depolarizing:0.01", "--shots", "0"])
    assert r.exit_code == 2 and "--shots > 0" in r.output
