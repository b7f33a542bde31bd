"""Simulation on qsim checked against cirq.Simulator and hand-derived states."""

from __future__ import annotations

import math

import cirq
import numpy as np
import pytest

from qtool import qasm, sim
from qtool.errors import QtoolError, ResourceError

HEAD = 'OPENQASM 2.0;\ninclude "qelib1.inc";\n'
OPTS = sim.SimOptions(seed=1234, threads=1)


def within_sigma(count, shots, p, k=5.0):
    """Binomial count consistent with probability p within k standard deviations."""
    sigma = math.sqrt(shots * p * (1 - p)) or 1.0
    return abs(count - shots * p) <= k * sigma


def test_bell_state_by_hand():
    state = sim.final_state(qasm.parse(HEAD + "qreg q[2]; h q[0]; cx q[0],q[1];"), OPTS)
    np.testing.assert_allclose(state, [1 / math.sqrt(2), 0, 0, 1 / math.sqrt(2)], atol=1e-6)


def test_bit_order_first_declared_qubit_is_leftmost():
    prog = qasm.parse_program(HEAD + "qreg a[1]; qreg b[2]; x b[1];")
    probs = sim.probabilities(prog.circuit, OPTS, prog.qubits)
    assert probs.argmax() == 0b001  # a_0=0, b_0=0, b_1=1


def test_matches_cirq_on_corpus(corpus):
    names = ["qft_n4.qasm", "grover_n2.qasm", "qaoa_n6.qasm", "vqe_n4.qasm", "dnn_n8.qasm",
             "iswap_n2.qasm", "hs4_n4.qasm", "fredkin_n3.qasm"]
    for name in names:
        (path,) = corpus.rglob(name)
        prog = qasm.load_program(path)
        ours = sim.final_state(prog.circuit, OPTS, prog.qubits)
        body = cirq.drop_terminal_measurements(prog.circuit)
        ref = cirq.Simulator(dtype=np.complex128).simulate(
            body, qubit_order=prog.qubits).final_state_vector
        assert cirq.allclose_up_to_global_phase(ours, ref, atol=1e-5), name


def test_sampling_counts_follow_probabilities():
    c = qasm.parse(HEAD + "qreg q[1]; creg c[1]; ry(pi/3) q[0]; measure q[0] -> c[0];")
    shots = 4000
    s = sim.sample(c, shots, OPTS)
    assert s.engine == sim.ENGINE_QSIM and s.keys == ["c_0"]
    assert within_sigma(s.counts.get("1", 0), shots, math.sin(math.pi / 6) ** 2)


def test_seed_makes_sampling_reproducible():
    c = qasm.parse(HEAD + "qreg q[3]; creg c[3]; h q; measure q -> c;")
    assert sim.sample(c, 500, OPTS).counts == sim.sample(c, 500, OPTS).counts


def test_mid_circuit_measurement_and_reset_on_qsim():
    # q0 is measured (50/50), reset, then flipped: the last measurement of c_0 is always 1.
    c = qasm.parse(HEAD + """qreg q[2]; creg c[2];
        h q[0]; measure q[0] -> c[1]; reset q[0]; x q[0]; measure q[0] -> c[0];""")
    s = sim.sample(c, 400, OPTS)
    assert s.engine.startswith("qsim")
    assert set(s.counts) <= {"10", "11"}
    assert within_sigma(s.counts.get("11", 0), 400, 0.5)


def test_classically_controlled_falls_back_to_cirq(samples):
    prog = qasm.load_program(samples / "teleportation.qasm")
    s = sim.sample(prog.circuit, 4000, OPTS, keys=prog.clbits, qubits=prog.qubits)
    assert s.engine == sim.ENGINE_CIRQ
    ones = sum(v for k, v in s.counts.items() if k[-1] == "1")  # c2, the teleported qubit
    assert within_sigma(ones, 4000, 0.25)


def test_expectation_values():
    c = qasm.parse(HEAD + "qreg q[3]; h q[0]; cx q[0],q[1]; x q[2];")
    assert sim.expectation(c, "Z0*Z1", OPTS) == pytest.approx(1.0, abs=1e-6)
    assert sim.expectation(c, "X0*X1 - 0.5*Z2 + 2", OPTS) == pytest.approx(3.5, abs=1e-6)
    assert sim.expectation(c, "Z0", OPTS) == pytest.approx(0.0, abs=1e-6)


@pytest.mark.parametrize("text, words", [
    ("Z5", "qubit 5 does not exist"), ("Q0", "expected a term"), ("Z0 Z1 +", "expected a term"),
    ("", "empty observable"),
])
def test_bad_observables(text, words):
    c = qasm.parse(HEAD + "qreg q[2]; h q[0]; h q[1];")
    with pytest.raises(QtoolError, match=words):
        sim.expectation(c, text, OPTS)


def test_depolarizing_noise_flips_outcomes():
    c = qasm.parse(HEAD + "qreg q[1]; x q[0];")
    clean = sim.sample(c, 300, OPTS)
    noisy = sim.sample(c, 2000, OPTS, noise=sim.parse_noise("depolarizing:0.3"))
    assert clean.counts == {"1": 300}
    assert within_sigma(noisy.counts.get("0", 0), 2000, 0.2)  # 2p/3 of shots flip


@pytest.mark.parametrize("spec, words", [
    ("gaussian:0.1", "unknown noise"), ("depolarizing:x", "expected a probability"),
    ("depolarizing:1.5", "between 0 and 1"),
])
def test_bad_noise(spec, words):
    with pytest.raises(QtoolError, match=words):
        sim.parse_noise(spec)


def test_memory_guard_refuses_with_the_bytes_needed():
    with pytest.raises(ResourceError) as info:
        sim.check_memory(40)
    assert info.value.exit_code == 3
    assert f"{sim.state_bytes(40):,} bytes" in str(info.value)
    assert sim.check_memory(10, available=10**9) == sim.state_bytes(10)


@pytest.mark.parametrize("body, reason", [
    ("measure q[0] -> c[0]; h q[0];", "a mid-circuit measurement"),
    ("h q[0]; reset q[0];", "a reset"),
    ("measure q[0] -> c[0]; if (c == 1) x q[0];", "classically controlled operations"),
])
def test_no_final_state_is_a_specific_error_without_cli_flags(body, reason):
    """A Python caller gets NoFinalStateError with the reason; only the CLI names flags."""
    c = qasm.parse(HEAD + "qreg q[1]; creg c[1];" + body)
    with pytest.raises(sim.NoFinalStateError) as info:
        sim.final_state(c, OPTS)
    assert info.value.reason == reason and info.value.exit_code == 2
    assert "--" not in str(info.value) and reason in str(info.value)


def test_cli_words_the_hint_for_no_final_state(tmp_path):
    from typer.testing import CliRunner

    from qtool.cli.main import app

    path = tmp_path / "mid.qasm"
    path.write_text(HEAD + "qreg q[1]; creg c[1]; measure q[0] -> c[0]; h q[0];")
    r = CliRunner().invoke(app, ["simulate", str(path), "--probs"])
    assert r.exit_code == 2
    assert r.stderr.strip() == (
        f"qtool: error: {path}: this circuit has a mid-circuit measurement, so it has no single "
        "final state: sample it (drop --probs/--state, or give --shots) instead")


@pytest.mark.parametrize("observable", ["Y0", "X1*Y2", "Y0*Y1*Z3 - 0.3*X0*Z2 + 0.7", "Z0*X1*Y2*X3"])
def test_pauli_expectations_match_cirq_on_a_random_state(observable):
    circuit = cirq.testing.random_circuit(qubits=4, n_moments=10, op_density=0.9, random_state=9)
    order = sorted(circuit.all_qubits())
    ref_state = cirq.Simulator(dtype=np.complex128).simulate(circuit, qubit_order=order).final_state_vector
    psum = sim.pauli_sum_on(observable, order)
    ref = psum.expectation_from_state_vector(ref_state, {q: i for i, q in enumerate(order)})
    assert sim.expectation(circuit, observable, OPTS, order) == pytest.approx(ref.real, abs=1e-5)


def test_simulation_leaves_float_arithmetic_alone():
    """qsim's denormals-are-zero mode would flush numpy's subnormals process-wide."""
    import sys

    sim.final_state(qasm.parse(HEAD + "qreg q[1]; h q[0];"), OPTS)
    tiny = sys.float_info.min / 4  # subnormal
    assert np.float64(tiny) * 1.0 != 0.0


def test_condition_before_any_measurement_reads_zero(corpus):
    """OpenQASM bits start at 0: `if (cr == 0)` before a measurement always fires."""
    p = qasm.parse_program(HEAD + "qreg q[2]; creg c[1]; creg d[1]; if (c == 0) x q[0];"
                           "if (c == 1) x q[1]; measure q[0] -> d[0];")
    s = sim.sample(p.circuit, 50, OPTS, keys=p.clbits, qubits=p.qubits)
    assert s.counts == {"01": 50}  # c_0 never measured (0), d_0 = 1
    (path,) = corpus.rglob("cc_n12.qasm")
    prog = qasm.load_program(path)
    assert sum(sim.sample(prog.circuit, 20, OPTS, keys=prog.clbits, qubits=prog.qubits).counts.values()) == 20


def test_every_small_corpus_file_simulates(corpus):
    """Real files of up to 12 qubits all run (whatever engine they need), keyed by their clbits."""
    from qtool.errors import QasmError

    ran = 0
    for path in sorted(corpus.rglob("*.qasm")):
        try:
            prog = qasm.load_program(path)
        except QasmError:
            continue
        if len(prog.qubits) > 12:
            continue
        s = sim.sample(prog.circuit, 8, OPTS, keys=prog.clbits or None, qubits=prog.qubits)
        assert sum(s.counts.values()) == 8, path.name
        ran += 1
    assert ran >= 80
