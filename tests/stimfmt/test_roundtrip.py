"""Stim's format both ways: OpenQASM -> stim -> OpenQASM keeps a circuit's meaning, every
stim gate reads back to the same Clifford, and what a format cannot say is an error."""

from __future__ import annotations

import os
import subprocess
import sys

import cirq
import numpy as np
import pytest
import stim

from qtool import qasm
from qtool.errors import QtoolError
from qtool.sim import SimOptions
from qtool.sim.report import simulate_program
from qtool.stimfmt.convert import convert_program_to_stim, to_stim
from qtool.stimfmt.read import parse_stim, to_cirq

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CLIFFORD = ["cat_state_n4", "bb84_n8", "qrng_n4", "iswap_n2", "hs4_n4", "deutsch_n2",
            "grover_n2", "lpn_n5", "error_correctiond3_n5", "bv_n14", "qec9xz_n17"]


def qtool(*args, input=None):
    env = dict(os.environ, PYTHONPATH=ROOT, PYTHONWARNINGS="ignore")
    return subprocess.run([sys.executable, "-m", "qtool", *map(str, args)], input=input,
                          capture_output=True, text=True, env=env, timeout=300)



@pytest.mark.parametrize("name", CLIFFORD)
def test_qasm_to_stim_to_qasm_keeps_the_meaning(corpus_program, name):
    original = qasm.load_program(corpus_program(name))
    text = convert_program_to_stim(original)
    back = qasm.parse_any(text, "x.stim")
    assert back.qregs == original.qregs and back.cregs == original.cregs
    assert back.clbits == original.clbits and back.qubits == original.qubits
    again = qasm.parse_program(qasm.dumps(back.circuit, 3, qubits=back.qubits, cregs=back.cregs))
    assert again.qregs == original.qregs and again.cregs == original.cregs
    a = simulate_program(original, engine_name="stim", shots=3000, options=SimOptions(seed=1))
    b = simulate_program(again, engine_name="stim", shots=3000, options=SimOptions(seed=2))
    assert a.bits == b.bits
    close_counts(a.counts, b.counts, 3000)
    circuit = original.circuit
    if circuit.are_all_measurements_terminal():
        body = cirq.drop_terminal_measurements(circuit)
        if cirq.has_unitary(body):  # the same Clifford exactly (tableaus ignore global phase)
            t0 = stim.Tableau.from_circuit(to_stim(body, original.qubits).circuit)
            t1 = stim.Tableau.from_circuit(to_stim(cirq.drop_terminal_measurements(again.circuit),
                                                   again.qubits).circuit)
            assert t0 == t1


def close_counts(a: dict, b: dict, shots: int) -> None:
    for key in set(a) | set(b):
        pa, pb = a.get(key, 0) / shots, b.get(key, 0) / shots
        p = (pa + pb) / 2
        assert abs(pa - pb) <= 6 * np.sqrt(max(p * (1 - p), 1e-12) * 2 / shots) + 2 / shots


UNITARY_GATES = sorted(g.name for g in stim.gate_data().values()
                       if g.is_unitary and not g.takes_pauli_targets and g.name not in ("I", "II"))


@pytest.mark.parametrize("name", UNITARY_GATES)
def test_every_stim_gate_reads_back_as_the_same_clifford(name):
    width = 2 if stim.gate_data(name).is_two_qubit_gate else 1
    circuit = stim.Circuit(f"{name} {' '.join(map(str, range(width)))}")
    read = parse_stim(str(circuit))
    q = cirq.LineQubit.range(width)
    ops = to_cirq(read, q)
    u = (ops + cirq.Circuit(cirq.I.on_each(*q))).unitary(qubit_order=q)
    expected = stim.Tableau.from_named_gate(name).to_unitary_matrix(endian="big")
    assert cirq.allclose_up_to_global_phase(u, expected, atol=1e-6)
    back = to_stim(ops, q).circuit
    assert stim.Tableau.from_circuit(back) == stim.Tableau.from_named_gate(name)


def test_measurements_resets_conditions_and_noise_round_trip_through_cirq():
    text = ("R 0 1 2\nH 0\nMX 1\nMY !2\nCX rec[-1] 0\nCZ 1 rec[-2]\nMR 0\nRX 1\nRY 2\n"
            "X_ERROR(0.1) 0\nDEPOLARIZE2(0.02) 1 2\nPAULI_CHANNEL_1(0.1, 0.05, 0.01) 0\n"
            "M(0.05) 0 1 2\n")
    read = parse_stim(text)
    q = cirq.LineQubit.range(3)
    circuit = to_cirq(read, q)
    again = to_stim(circuit, q).circuit
    assert again.num_measurements == read.circuit.num_measurements == 6
    # same measurement statistics, bit by bit
    a = read.circuit.compile_sampler(seed=1).sample(20000).mean(axis=0)
    b = again.compile_sampler(seed=2).sample(20000).mean(axis=0)
    assert np.allclose(a, b, atol=0.03), (a, b)


def test_what_stim_cannot_say_is_an_error_naming_it(tmp_path):
    r = qtool("convert", "-", "--to", "stim", input='OPENQASM 2.0; include "qelib1.inc"; '
                                                   'qreg q[1]; h q[0]; t q[0];')
    assert r.returncode == 2 and "cannot write this circuit as stim: t on q_0" in r.stderr
    assert r.stdout == ""


def test_what_openqasm_cannot_say_is_an_error_naming_it(tmp_path):
    path = tmp_path / "rep.stim"
    path.write_text(str(stim.Circuit.generated("repetition_code:memory", distance=3, rounds=2,
                                               after_clifford_depolarization=0.01)))
    r = qtool("convert", path, "--to", "qasm3")
    assert r.returncode == 2
    assert "6 DETECTOR" in r.stderr and "DEPOLARIZE2" in r.stderr and "OBSERVABLE_INCLUDE" in r.stderr
    r = qtool("convert", "-", input="H 0\nMPP X0*X1\n")
    assert r.returncode == 2 and "MPP" in r.stderr and "Traceback" not in r.stderr
    r = qtool("convert", "-", "--from", "stim", input="H 0 0 q\n")
    assert r.returncode == 2 and "not a valid stim circuit" in r.stderr


def test_every_command_reads_stim_files_and_stdin(tmp_path, samples):
    r = qtool("convert", samples / "bell.qasm", "--to", "stim", "-o", tmp_path / "bell.stim")
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "bell.stim").read_text().splitlines()[0] == "H 0"
    for cmd in (["info"], ["draw"], ["simulate", "--seed", "1"], ["convert"]):
        r = qtool(cmd[0], tmp_path / "bell.stim", *cmd[1:])
        assert r.returncode == 0, (cmd, r.stderr)
    r = qtool("simulate", "-", "--from", "stim", "--probs", "--json",
              input=(tmp_path / "bell.stim").read_text())
    assert r.returncode == 0 and '"00": 0.5' in r.stdout.replace("0.5000", "0.5")


def test_a_stim_file_with_detectors_reports_observables_and_detection_events():
    circuit = stim.Circuit.generated("surface_code:rotated_memory_z", distance=3, rounds=3,
                                     after_clifford_depolarization=0.01)
    program = qasm.parse_any(str(circuit), "s.stim")
    report = simulate_program(program, engine_name="auto", shots=5000, options=SimOptions(seed=3))
    assert report.engine == "stim" and report.bits == ["obs_0"]
    doc = report.to_json()
    assert doc["detectors"]["detectors"] == circuit.num_detectors
    # the same as stim's own detector sampler with the same seed
    dets, obs = circuit.compile_detector_sampler(seed=3).sample(5000, separate_observables=True)
    assert report.counts.get("1", 0) == int(obs[:, 0].sum())
    assert doc["detectors"]["detection_events"] == int(dets.sum())


def test_invalid_stim_is_a_clear_error():
    with pytest.raises(QtoolError, match="not a valid stim circuit"):
        parse_stim("CX 0\n", "bad.stim")
