"""`simulate_program`: the Python face of `qtool simulate`."""

from __future__ import annotations

import pytest

from qtool import qasm
from qtool.sim import SimOptions
from qtool.sim.report import SCHEMA, simulate_program

OPTS = SimOptions(seed=5, threads=1)


def test_counts_report_for_measured_circuit(samples):
    prog = qasm.load_program(samples / "ghz.qasm")
    rep = simulate_program(prog, "ghz.qasm", options=OPTS, shots=300)
    doc = rep.to_json()
    assert doc["schema"] == SCHEMA and doc["mode"] == "counts"
    assert set(doc["counts"]) == {"00000", "11111"} and sum(doc["counts"].values()) == 300
    assert doc["bits"] == ["c_0", "c_1", "c_2", "c_3", "c_4"]


def test_probabilities_and_top(samples):
    prog = qasm.load_program(samples / "grover.qasm")
    rep = simulate_program(prog, mode="probabilities", options=OPTS, top=1)
    assert list(rep.probabilities) == ["101"] and rep.unlisted == 7
    assert rep.probabilities["101"] == pytest.approx(0.9453, abs=1e-3)
    assert rep.truncated and rep.listed_probability == pytest.approx(0.9453, abs=1e-3)


def test_state_amplitudes_of_qft(samples):
    prog = qasm.load_program(samples / "qft.qasm")
    rep = simulate_program(prog, mode="state", options=OPTS)
    assert len(rep.amplitudes) == 16
    assert all(abs(abs(a) - 0.25) < 1e-6 for a in rep.amplitudes.values())


def test_noise_needs_counts(samples):
    prog = qasm.load_program(samples / "qft.qasm")
    from qtool.sim.report import NoiseNeedsCountsError

    with pytest.raises(NoiseNeedsCountsError, match="noise runs trajectories"):
        simulate_program(prog, mode="probabilities", noise="depolarizing:0.1", options=OPTS)
