"""`qtool gen` QEC families: stim's generated memory experiments, as stim text (noise on
all four parameters) or as noise-free OpenQASM that means the same circuit."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
import stim

from qtool import qasm
from qtool.stimfmt.convert import to_stim

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TASKS = {"repetition": "repetition_code:memory", "surface": "surface_code:rotated_memory_z",
         "surface-x": "surface_code:rotated_memory_x", "unrotated": "surface_code:unrotated_memory_z",
         "unrotated-x": "surface_code:unrotated_memory_x", "color": "color_code:memory_xyz"}


def qtool(*args, input=None):
    env = dict(os.environ, PYTHONPATH=ROOT, PYTHONWARNINGS="ignore")
    return subprocess.run([sys.executable, "-m", "qtool", *map(str, args)], input=input,
                          capture_output=True, text=True, env=env, timeout=300)


@pytest.mark.parametrize("name", sorted(TASKS))
def test_stim_output_is_stims_circuit_with_the_noise_on_all_four_parameters(name):
    r = qtool("gen", name, "--distance", 3, "--rounds", 2, "--noise", 0.003, "--format", "stim")
    assert r.returncode == 0, r.stderr
    expected = stim.Circuit.generated(TASKS[name], distance=3, rounds=2,
                                      after_clifford_depolarization=0.003,
                                      before_round_data_depolarization=0.003,
                                      before_measure_flip_probability=0.003,
                                      after_reset_flip_probability=0.003)
    assert stim.Circuit(r.stdout) == expected


@pytest.mark.parametrize("name", sorted(TASKS))
def test_openqasm_output_is_the_same_experiment_without_noise(name):
    r = qtool("gen", name, "--distance", 3, "--rounds", 2, "--qasm", 3)
    assert r.returncode == 0, r.stderr
    program = qasm.parse_program(r.stdout)
    form = to_stim(program.circuit, program.qubits)
    reference = stim.Circuit.generated(TASKS[name], distance=3, rounds=2)
    assert form.circuit.num_measurements == reference.num_measurements
    # every detector and the observable of stim's own circuit are quiet on our samples,
    # with measurement record i of stim's circuit read from classical bit c_i of ours
    order = [form.last_records[f"c_{i}"][0] for i in range(reference.num_measurements)]
    shots = form.circuit.compile_sampler(seed=4).sample(64)[:, order]
    dets, obs = reference.compile_m2d_converter().convert(measurements=shots,
                                                          separate_observables=True)
    assert not dets.any() and not obs.any()


def test_noise_in_openqasm_and_bad_distances_are_clear_errors():
    r = qtool("gen", "surface", "--distance", 3, "--noise", 0.01)
    assert r.returncode == 2 and "OpenQASM has no noise channels" in r.stderr
    r = qtool("gen", "color", "--distance", 4, "--format", "stim")
    assert r.returncode == 2 and "odd" in r.stderr
    r = qtool("gen", "surface", "--format", "stim")
    assert r.returncode == 2 and "missing --distance" in r.stderr


def test_clifford_families_write_stim_and_others_are_refused(tmp_path):
    r = qtool("gen", "ghz", "--qubits", 2000, "--format", "stim", "-o", tmp_path / "g.stim")
    assert r.returncode == 0, r.stderr
    circuit = stim.Circuit((tmp_path / "g.stim").read_text())
    assert circuit.num_qubits == 2000
    sample = circuit.compile_sampler().sample(1) if circuit.num_measurements else None
    assert sample is None
    r = qtool("gen", "qft", "--qubits", 3, "--format", "stim")
    assert r.returncode == 2 and "not a Clifford circuit" in r.stderr
