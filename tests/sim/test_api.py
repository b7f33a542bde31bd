"""One qtool.sim API for every caller: idle qubits, one-run fallbacks, thread policy, and
errors that name no CLI flag; qpe's and the inspector's backends only call it."""

from __future__ import annotations

import ast
import pathlib

import cirq
import numpy as np
import pytest

from qtool import sim
from qtool.errors import QtoolError, ResourceError
from qtool.inspect import backend as inspect_backend
from qtool.qpe import backend as qpe_backend

ROOT = pathlib.Path(__file__).resolve().parents[2]
OPTS = sim.SimOptions(seed=7, threads=1)


def test_idle_qubits_are_kept_in_order():
    a, b, c = cirq.LineQubit.range(3)
    state = sim.final_state(cirq.Circuit(cirq.X(b)), OPTS, qubits=[a, b, c])
    assert state.shape == (8,) and abs(state[0b010]) == pytest.approx(1.0)
    empty = sim.final_state(cirq.Circuit(), OPTS, qubits=[a, b])
    np.testing.assert_allclose(empty, [1, 0, 0, 0])
    assert sim.expectation(cirq.Circuit(cirq.X(b)), "Z0 + Z1 + Z2", OPTS, [a, b, c]) == pytest.approx(1.0)


def test_one_run_fallbacks():
    q0, q1 = cirq.LineQubit.range(2)
    mid = cirq.Circuit(cirq.H(q0), cirq.measure(q0, key="m"), cirq.CNOT(q0, q1))
    with pytest.raises(sim.NoFinalStateError):
        sim.final_state(mid, OPTS)
    state = sim.final_state(mid, OPTS, one_run=True)  # one sampled branch: |00> or |11>
    probs = np.abs(state) ** 2
    assert probs[0] + probs[3] == pytest.approx(1.0, abs=1e-6) and max(probs) == pytest.approx(1.0)
    controlled = cirq.Circuit(cirq.X(q0), cirq.measure(q0, key="m"),
                              cirq.X(q1).with_classical_controls("m"))
    state = sim.final_state(controlled, OPTS, one_run=True)  # cirq's simulator runs it
    assert abs(state[0b11]) == pytest.approx(1.0, abs=1e-6)


def test_final_state_is_normalised_complex64():
    q = cirq.LineQubit.range(3)
    circuit = cirq.Circuit([cirq.rx(0.1 * i).on_each(*q) for i in range(400)])
    state = sim.final_state(circuit, OPTS)
    assert state.dtype == np.complex64
    assert float(np.vdot(state, state).real) == pytest.approx(1.0, abs=1e-6)


def test_qpe_backend_matches_cirq_with_an_idle_qubit():
    a, b, idle = cirq.LineQubit.range(3)
    circuit = cirq.Circuit(cirq.H(a), cirq.CNOT(a, b), cirq.rz(0.3)(b))
    psi = qpe_backend.state_vector(circuit, [a, idle, b])
    ref = cirq.final_state_vector(circuit + cirq.I(idle), qubit_order=[a, idle, b])
    assert psi.dtype == np.complex128 and cirq.allclose_up_to_global_phase(psi, ref, atol=1e-6)
    counts = qpe_backend.sample_noisy(circuit + cirq.measure(a, b, key="r"), [a, idle, b], "r",
                                      200, 3, sim.parse_noise("bitflip:0.0"))
    assert counts.sum() == 200 and counts[1] == counts[2] == 0


def test_inspector_backend_uses_the_interactive_policy(monkeypatch):
    assert sim.SimOptions.interactive(threads=3).threads == 3
    assert sim.SimOptions.interactive().cpu_threads() == max(1, sim.SimOptions().cpu_threads() - 1)
    a, b = cirq.LineQubit.range(2)
    state = inspect_backend.state_vector(cirq.Circuit(cirq.H(a)), [a, b], seed=1)
    assert abs(state[0b10]) == pytest.approx(2 ** -0.5, abs=1e-6)
    with pytest.raises(ResourceError, match="inspector stops at 26"):
        inspect_backend.state_vector(cirq.Circuit(), cirq.LineQubit.range(27))


@pytest.mark.parametrize("path", ["qtool/qpe/backend.py", "qtool/inspect/backend.py"])
def test_backends_do_not_reach_the_simulators_themselves(path):
    """The three ways to the simulator are one: only qtool.sim builds simulators."""
    tree = ast.parse((ROOT / path).read_text())
    names = {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
    names |= {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    imported = {a.name for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom))
                for a in n.names}
    assert not names & {"Simulator", "QSimSimulator", "simulator", "catch_warnings",
                        "filterwarnings", "on_each"}
    assert "qsimcirq" not in imported and "warnings" not in imported


def test_core_messages_name_no_cli_flag():
    q = cirq.LineQubit(0)
    for call in (lambda: sim.sample(cirq.Circuit(cirq.X(q)), 0, OPTS),
                 lambda: sim.estimate_expectations(cirq.Circuit(cirq.X(q)), ["Z0"], 0, OPTS),
                 lambda: sim.final_state(cirq.Circuit(cirq.measure(q, key="m"), cirq.X(q)), OPTS)):
        with pytest.raises(QtoolError) as info:
            call()
        assert "--" not in str(info.value), str(info.value)
