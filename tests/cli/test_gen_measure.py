"""`qtool gen --measure` measures each family's readout register, not its ancillas."""

from __future__ import annotations

import json

import cirq
import numpy as np
import pytest
from typer.testing import CliRunner

from qtool import circuits, qasm
from qtool.circuits import arithmetic, oracles, phase_estimation, shor
from qtool.cli.main import app

runner = CliRunner()


def outcomes(circuit: cirq.Circuit, reps: int = 64) -> set[str]:
    keys = sorted((k for k in cirq.measurement_key_names(circuit)), key=lambda k: int(k[2:]))
    result = cirq.Simulator(seed=5).run(circuit, repetitions=reps)
    data = np.hstack([result.measurements[k] for k in keys])
    return {"".join(map(str, row)) for row in data}


@pytest.mark.parametrize("n,seed", [(2, 0), (6, 1), (9, 7)])
def test_bv_measure_reads_the_secret_with_certainty(n, seed):
    secret = "".join(map(str, oracles.bv_secret(n, np.random.default_rng(seed))))
    r = runner.invoke(app, ["gen", "bv", "--qubits", str(n), "--seed", str(seed), "--measure"])
    assert r.exit_code == 0, r.output
    c = qasm.parse(r.stdout)
    assert len(cirq.measurement_key_names(c)) == n - 1  # the |-> ancilla is not measured
    assert outcomes(c) == {secret}
    sim = runner.invoke(app, ["simulate", "-", "--shots", "200", "--seed", "3", "--json"],
                        input=r.stdout)
    assert sim.exit_code == 0, sim.output
    assert json.loads(sim.stdout)["counts"] == {secret: 200}


def test_dj_measure_never_reads_all_zeros():
    c = circuits.generate("dj", 6, seed=2, measure=True)
    got = outcomes(c)
    assert all(len(b) == 5 for b in got) and "00000" not in got


@pytest.mark.parametrize("family", ["qpeexact", "ae", "qpeinexact"])
def test_phase_estimation_measures_the_counting_register(family):
    n = 5
    c = circuits.generate(family, n, seed=4, measure=True)
    assert len(cirq.measurement_key_names(c)) == n - 1
    if family == "qpeexact":
        theta = phase_estimation.qpe_phase(n, np.random.default_rng(4), exact=True)
        assert outcomes(c) == {format(round(theta * 2 ** (n - 1)), f"0{n - 1}b")}


def test_shor_measures_the_counting_register():
    n = 9
    c = circuits.generate("shor", n, seed=1, measure=True)
    measured = {op.qubits[0] for op in c.all_operations() if cirq.is_measurement(op)}
    assert measured == set(cirq.LineQubit.range(n - shor.work_bits(n)))


def test_adder_measures_the_sum():
    n = 7
    a, b = arithmetic.adder_inputs(n, np.random.default_rng(3))
    c = circuits.generate("adder", n, seed=3, measure=True)
    [bits] = outcomes(c, 8)
    k = (n - 1) // 2
    assert len(bits) == k
    assert sum(int(x) << i for i, x in enumerate(bits)) == (a + b) % 2 ** k


def test_multiplier_measures_the_product():
    n = 8
    a, b = arithmetic.multiplier_inputs(n, np.random.default_rng(2))
    c = circuits.generate("multiplier", n, seed=2, measure=True)
    [bits] = outcomes(c, 8)
    assert len(bits) == n - 2 * (n // 4)
    assert int(bits, 2) == a * b  # the product register is big-endian on the line


@pytest.mark.parametrize("family", ["ghz", "qft", "grover", "wstate"])
def test_families_without_ancillas_measure_every_qubit(family):
    c = circuits.generate(family, 4, seed=1, measure=True)
    assert sorted(cirq.measurement_key_names(c), key=lambda k: int(k[2:])) == [
        f"c_{i}" for i in range(4)]


def test_every_family_readout_is_within_its_qubits():
    for fam in circuits.FAMILIES.values():
        for n in {fam.min_qubits, min(fam.max_qubits, fam.min_qubits + 3)}:
            idx = fam.readout_qubits(n)
            assert idx and len(set(idx)) == len(idx) and all(0 <= i < n for i in idx), fam.name
