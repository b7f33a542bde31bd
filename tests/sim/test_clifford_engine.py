"""The stim engine gives qsim's answers on Clifford circuits, and auto picks it exactly then.

Reference values are qsim's (and cirq's) on the same circuits: identical exact
distributions, counts within sampling error. Circuits: QASMBench files stim can run, and
seeded random Clifford circuits written with many spellings of Clifford gates (rz(pi/2),
u3(pi/2, 0, pi), rxx(pi/2), iswap^-1, ecr), mid-circuit measurements, resets, conditions.
"""

from __future__ import annotations

import math
import re

import cirq
import numpy as np
import pytest

from qtool import qasm
from qtool.gates import ECRGate, U3Gate
from qtool.qasm.reader import Program
from qtool.sim import SimOptions
from qtool.sim.report import simulate_program
from qtool.stimfmt.convert import unsupported_reason

PI = math.pi
CLIFFORD_CORPUS = ["cat_state_n4", "bb84_n8", "qrng_n4", "iswap_n2", "hs4_n4",
                   "deutsch_n2", "grover_n2", "lpn_n5", "error_correctiond3_n5", "bv_n14",
                   "qec9xz_n17"]



def run(program, engine, **kw):
    return simulate_program(program, "t", engine_name=engine,
                            options=SimOptions(seed=kw.pop("seed", 5), threads=1), **kw)


def close_counts(a: dict, b: dict, shots: int) -> None:
    """Two samples of one distribution: every outcome's frequencies within 6 sigma."""
    for key in set(a) | set(b):
        pa, pb = a.get(key, 0) / shots, b.get(key, 0) / shots
        p = (pa + pb) / 2
        sigma = math.sqrt(max(p * (1 - p), 1e-12) * 2 / shots)
        assert abs(pa - pb) <= 6 * sigma + 2 / shots, (key, pa, pb)


@pytest.mark.parametrize("name", CLIFFORD_CORPUS)
def test_corpus_clifford_circuits_match_qsim(corpus_program, name):
    program = qasm.load_program(corpus_program(name))
    assert unsupported_reason(program.circuit, program.qubits) is None
    auto = run(program, "auto", shots=3000)
    assert auto.engine == "stim" and auto.engine_reason == "auto: every operation is Clifford"
    close_counts(auto.counts, run(program, "qsim", shots=3000).counts, 3000)
    assert auto.bits == run(program, "qsim", shots=10).bits
    from qtool.sim.engine import no_final_state_reason

    if no_final_state_reason(program.circuit) is None:  # exact distributions, identical
        exact = run(program, "stim", mode="probabilities", top=0).probabilities
        ref = run(program, "qsim", mode="probabilities", top=0).probabilities
        assert set(exact) == set(ref)
        for k in ref:
            assert exact[k] == pytest.approx(ref[k], abs=1e-5)


def random_clifford(n: int, depth: int, rng: np.random.Generator, *, unitary: bool):
    q = cirq.LineQubit.range(n)
    one = [cirq.H, cirq.S, cirq.S ** -1, cirq.X, cirq.Y, cirq.Z, cirq.X ** 0.5, cirq.X ** -0.5,
           cirq.rz(PI / 2), cirq.rx(-PI / 2), cirq.ry(PI), cirq.ZPowGate(exponent=1.5),
           U3Gate(PI / 2, 0, PI), U3Gate(PI / 2, PI / 2, -PI / 2)]
    two = [cirq.CNOT, cirq.CZ, cirq.ControlledGate(cirq.Y), cirq.SWAP, cirq.ISWAP,
           cirq.ISWAP ** -1, cirq.XXPowGate(exponent=0.5), cirq.ZZPowGate(exponent=-0.5),
           ECRGate(), cirq.CZPowGate(exponent=1.0)]
    ops, m = [], 0
    for _ in range(depth):
        r = rng.random()
        if r < 0.45:
            ops.append(one[rng.integers(len(one))](q[rng.integers(n)]))
        elif r < 0.85 or unitary:
            a, b = rng.choice(n, 2, replace=False)
            ops.append(two[rng.integers(len(two))](q[a], q[b]))
        elif r < 0.92:
            ops.append(cirq.measure(q[rng.integers(n)], key=f"c_{m}"))
            m += 1
        elif r < 0.96 or m == 0:
            ops.append(cirq.reset(q[rng.integers(n)]))
        else:
            pauli = [cirq.X, cirq.Y, cirq.Z][rng.integers(3)]
            ops.append(pauli(q[rng.integers(n)]).with_classical_controls(f"c_{rng.integers(m)}"))
    circuit = cirq.Circuit(ops)
    circuit.append(cirq.measure(q[i], key=f"c_{m + i}") for i in range(n))
    return circuit, m + n


def program_of(circuit, n, bits):
    from qtool.qasm.qubits import RegisterQubit

    qs = {cirq.LineQubit(i): RegisterQubit("q", i) for i in range(n)}
    return Program(circuit.transform_qubits(qs), {"q": n}, {"c": bits})


@pytest.mark.parametrize("seed", range(6))
def test_random_unitary_clifford_circuits_have_qsims_exact_distribution(seed):
    rng = np.random.default_rng(seed)
    circuit, bits = random_clifford(5, 40, rng, unitary=True)
    program = program_of(circuit, 5, bits)
    stim_probs = run(program, "auto", mode="probabilities", top=0)
    assert stim_probs.engine == "stim"
    qsim_probs = run(program, "qsim", mode="probabilities", top=0)
    assert set(stim_probs.probabilities) == set(qsim_probs.probabilities)
    for k, p in qsim_probs.probabilities.items():
        assert stim_probs.probabilities[k] == pytest.approx(p, abs=1e-5)
    # amplitudes agree up to one global phase
    a = run(program, "stim", mode="state", top=0).amplitudes
    b = run(program, "qsim", mode="state", top=0).amplitudes
    k0 = max(b, key=lambda k: abs(b[k]))
    phase = b[k0] / a[k0]
    assert abs(abs(phase) - 1) < 1e-5
    assert all(abs(a[k] * phase - b[k]) < 1e-5 for k in b)


@pytest.mark.parametrize("seed", range(3))
def test_random_clifford_circuits_with_measurements_resets_and_conditions(seed):
    rng = np.random.default_rng(100 + seed)
    circuit, bits = random_clifford(4, 25, rng, unitary=False)
    program = program_of(circuit, 4, bits)
    ours = run(program, "auto", shots=600, seed=seed)
    assert ours.engine == "stim"
    ref = run(program, "cirq", shots=600, seed=seed)  # qsim runs no conditions; cirq does
    close_counts(ours.counts, ref.counts, 600)


def test_noise_runs_on_stim_like_qsim_trajectories():
    program = qasm.parse_program('OPENQASM 2.0; include "qelib1.inc"; qreg q[3]; creg c[3];'
                                 'h q[0]; cx q[0],q[1]; cx q[1],q[2]; measure q -> c;')
    for noise in ("bitflip:0.05", "depolarizing:0.03", "phaseflip:0.1"):
        ours = run(program, "auto", shots=3000, noise=noise)
        assert ours.engine == "stim"
        close_counts(ours.counts, run(program, "qsim", shots=3000, noise=noise).counts, 3000)
    damped = run(program, "auto", shots=10, noise="amplitude-damping:0.1")
    assert damped.engine.startswith("qsim") and "not something stim runs" in damped.engine_reason


@pytest.mark.parametrize("gate, name", [("t q[0];", "t on q_0"),
                                        ("rz(pi/2+1e-6) q[0];", "rz(1.570797327) on q_0"),
                                        ("ccx q[0],q[1],q[2];", "ccx on q_0, q_1, q_2"),
                                        ("cu1(pi/2) q[0],q[1];", "cp(1.570796327) on q_0, q_1")])
def test_non_clifford_gates_stay_on_qsim_and_stim_refuses_them(gate, name):
    program = qasm.parse_program(f'OPENQASM 2.0; include "qelib1.inc"; qreg q[3]; h q; {gate}')
    report = run(program, "auto", mode="probabilities")
    assert report.engine == "qsim" and name in report.engine_reason
    from qtool.errors import QtoolError

    # The core says it in its own terms (the CLI says `--engine stim: ...`).
    with pytest.raises(QtoolError, match=re.escape("engine stim: cannot run this circuit: " + name)):
        run(program, "stim", mode="probabilities")


def test_clifford_angles_are_recognised_exactly():
    ok = 'OPENQASM 2.0; include "qelib1.inc"; qreg q[2]; rz(3*pi/2) q[0]; u3(pi,0,pi) q[1]; ' \
         'rx(-pi/2) q[0]; p(pi) q[1]; cp(pi) q[0],q[1]; rzz(pi/2) q[0],q[1];'
    program = qasm.parse_program(ok)
    assert unsupported_reason(program.circuit, program.qubits) is None


def test_wide_ghz_samples_on_stim_and_its_state_is_refused_with_a_hint():
    n = 1000
    text = (f'OPENQASM 2.0; include "qelib1.inc"; qreg q[{n}]; h q[0];'
            + "".join(f"cx q[{i}],q[{i + 1}];" for i in range(n - 1)))
    program = qasm.parse_program(text)
    report = run(program, "auto", shots=200)
    assert report.engine == "stim"
    assert set(report.counts) <= {"0" * n, "1" * n} and sum(report.counts.values()) == 200
    assert len(report.counts) == 2
    value = run(program, "auto", shots=1, observables=["Z0*Z999", "X0", "-1.5*Z3*Z500"])
    assert [e.value for _, e in value.expectations] == [1.0, 0.0, -1.5]
    from qtool.errors import ResourceError

    with pytest.raises(ResourceError, match="stim samples it without a state vector, so drop "
                                            "--probs/--state and pass --shots N"):
        run(program, "auto", mode="probabilities")


def test_expectations_on_stim_are_exact_and_match_qsim(corpus_program):
    program = qasm.load_program(corpus_program("cat_state_n4"))
    obs = ["Z0*Z1", "X0*X1*X2*X3", "0.5*Y0*Y1 + Z2", "Z0"]
    ours = run(program, "auto", shots=10, observables=obs)
    ref = run(program, "qsim", shots=10, observables=obs)
    assert ours.engine == "stim"
    for (_, a), (_, b) in zip(ours.expectations, ref.expectations):
        assert a.stderr is None and a.value == pytest.approx(b.value, abs=1e-5)


def test_state_stays_on_qsim_under_auto():
    program = qasm.parse_program('OPENQASM 2.0; include "qelib1.inc"; qreg q[1]; y q[0];')
    report = run(program, "auto", mode="state")
    assert report.engine == "qsim" and "global phase" in report.engine_reason
    assert report.amplitudes["1"] == pytest.approx(1j, abs=1e-6)  # qsim keeps Y's phase
