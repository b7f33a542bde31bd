"""Expectation values under noise and mid-circuit measurement: trajectory averages checked
against cirq.DensityMatrixSimulator (measurements dephased, so the reference is the
unconditional mixed state), through `qtool simulate` as a user runs it."""

from __future__ import annotations

import json

import cirq
import numpy as np
import pytest
from typer.testing import CliRunner

from qtool import qasm, sim
from qtool.cli.main import app

HEAD = 'OPENQASM 2.0;\ninclude "qelib1.inc";\n'
runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def density_matrix_value(circuit, observable, noise=None):
    """<O> on the final mixed state: cirq's density-matrix simulator, measurements dephased."""
    body = cirq.Circuit(circuit)
    if noise is not None:
        body = body.with_noise(noise)
    rho = cirq.DensityMatrixSimulator(dtype=np.complex128).simulate(
        cirq.dephase_measurements(body)).final_density_matrix
    order = sorted(circuit.all_qubits())
    psum = sim.pauli_sum_on(observable, order)
    return float(np.real(psum.expectation_from_density_matrix(
        rho, {q: i for i, q in enumerate(order)}, check_preconditions=False)))


def test_bell_under_depolarizing_noise_matches_density_matrix(samples):
    """The bug: `--noise depolarizing:0.1 --expect Z0*Z1` printed 1 beside noisy counts."""
    r = run("simulate", samples / "bell.qasm", "--noise", "depolarizing:0.1", "--expect", "Z0*Z1",
            "--seed", "11", "--shots", "4000", "--json")
    assert r.exit_code == 0, r.stderr
    doc = json.loads(r.stdout)
    (e,) = doc["expectations"]
    assert e["observable"] == "Z0*Z1" and e["trajectories"] == 4000
    # Reference: noise after h and after cx; the measurement moment's noise comes after the
    # measurement, so neither the counts nor the expectation see it.
    q0, q1 = qasm.load_program(samples / "bell.qasm").qubits
    ref = density_matrix_value(cirq.Circuit(cirq.H(q0), cirq.CNOT(q0, q1)), "Z0*Z1",
                               sim.parse_noise("depolarizing:0.1"))
    assert ref == pytest.approx(0.6510, abs=1e-3)  # (1 - 4p/3)^3 on the two-qubit Bell state
    assert 0 < e["stderr"] < 0.03
    assert abs(e["value"] - ref) < 4 * e["stderr"]
    # ... and the counts printed beside it agree: the parity of the sampled bitstrings.
    counts = doc["counts"]
    parity = sum((1 if k.count("1") % 2 == 0 else -1) * v for k, v in counts.items()) / 4000
    assert abs(parity - ref) < 4 * np.sqrt((1 - ref ** 2) / 4000)


def test_text_output_shows_mean_and_standard_error(samples):
    r = run("simulate", samples / "bell.qasm", "--noise", "depolarizing:0.1", "--expect", "Z0*Z1",
            "--seed", "1")
    assert r.exit_code == 0, r.stderr
    assert "<Z0*Z1> = 0." in r.stdout and "±" in r.stdout
    assert "standard error over 1024 trajectories" in r.stdout
    assert "<Z0*Z1> = 1\n" not in r.stdout


def test_seed_makes_the_estimate_reproducible(samples):
    args = ("simulate", samples / "bell.qasm", "--noise", "bitflip:0.2", "--expect", "Z0*Z1 + X0",
            "--seed", "5", "--json")
    assert json.loads(run(*args).stdout)["expectations"] == json.loads(run(*args).stdout)["expectations"]


@pytest.mark.parametrize("noise", [None, "depolarizing:0.05", "amplitude-damping:0.2"])
def test_mid_circuit_measurement_expectations_against_density_matrix(noise):
    text = HEAD + """qreg q[2]; creg c[2];
        h q[0]; measure q[0] -> c[0]; h q[0]; cx q[0],q[1]; ry(0.7) q[1];
        measure q[1] -> c[1]; rx(0.3) q[1];"""
    circuit = qasm.parse(text)
    observable = "X0 + Z1 + 0.5*Z0*Y1"
    (est,) = sim.estimate_expectations(circuit, [observable], 4096, sim.SimOptions(seed=3, threads=1),
                                       noise=sim.parse_noise(noise))
    ref = density_matrix_value(circuit, observable, sim.parse_noise(noise))
    assert est.trajectories == 4096 and est.stderr > 0
    assert abs(est.value - ref) < 4 * est.stderr + 1e-6, (est, ref)


def test_noiseless_unitary_circuit_stays_exact(samples):
    r = run("simulate", samples / "bell.qasm", "--expect", "Z0*Z1", "--json")
    (e,) = json.loads(r.stdout)["expectations"]
    assert e["value"] == pytest.approx(1.0, abs=1e-6)
    assert e["stderr"] is None and e["trajectories"] is None


def test_classically_controlled_expectation_is_refused_clearly(samples):
    r = run("simulate", samples / "teleportation.qasm", "--expect", "Z2")
    assert r.exit_code == 2
    assert "classically controlled operations" in r.stderr and "without --expect" in r.stderr
    assert "Traceback" not in r.stderr
