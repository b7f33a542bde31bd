"""The verifier on mid-circuit measurement and classical control (deferred measurement):
it accepts honest compilations and rejects a condition moved before its measurement."""

from __future__ import annotations

import cirq
import pytest
from typer.testing import CliRunner

import qtool.compile.deferred as deferred
from qtool import qasm
from qtool.cli.main import app
from qtool.compile.verify import check_equivalence

from .helpers import SAMPLES

runner = CliRunner()


def teleport():
    c = qasm.load(str(SAMPLES / "teleportation.qasm"))
    return list(c.all_operations()), sorted(c.all_qubits())


def _reorder_condition_first(ops):
    """What the old router wrote: `if (m1 == 1) x` moved before `measure -> m1`."""
    ops = list(ops)
    i_meas = next(i for i, op in enumerate(ops) if cirq.is_measurement(op)
                  and cirq.measurement_key_name(op) == "m1_0")
    i_if = next(i for i, op in enumerate(ops) if op.classical_controls)
    cond = ops.pop(i_if)
    ops.insert(i_meas, cond)
    return ops


def test_accepts_the_input_and_a_per_branch_phase():
    ops, qs = teleport()
    v = check_equivalence(ops, qs, ops, qs, qs)
    assert v.ok and v.method == "deferred-measurement", v
    # rz(pi) = -i Z under the condition: a phase on one branch only, unobservable.
    phased = [op.without_classical_controls().gate == cirq.Z and
              cirq.rz(3.141592653589793).on(*op.qubits).with_classical_controls(
                  *op.classical_controls) or op for op in ops]
    assert phased != ops
    assert check_equivalence(ops, qs, phased, qs, qs).ok


def test_rejects_a_condition_moved_before_its_measurement():
    ops, qs = teleport()
    bad = _reorder_condition_first(ops)
    v = check_equivalence(ops, qs, bad, qs, qs)
    assert not v.ok and v.method == "deferred-measurement", v


def test_rejects_the_reordering_under_a_permutation():
    # The compiled circuit lives on relabelled wires (as routing reports it): still caught,
    # and the honest relabelled circuit still passes.
    ops, qs = teleport()
    perm = {qs[0]: qs[2], qs[1]: qs[0], qs[2]: qs[1]}
    moved = [op.transform_qubits(lambda q: perm[q]) for op in ops]
    init = [perm[q] for q in qs]
    assert check_equivalence(ops, qs, moved, init, init).ok
    bad = _reorder_condition_first(moved)
    assert not check_equivalence(ops, qs, bad, init, init).ok


def test_rejects_measurements_of_one_bit_swapped():
    a, b = cirq.LineQubit.range(2)
    orig = [cirq.X(a), cirq.measure(a, key="m"), cirq.measure(b, key="m"),
            cirq.X(b).with_classical_controls("m")]
    swapped = [cirq.X(a), cirq.measure(b, key="m"), cirq.measure(a, key="m"),
               cirq.X(b).with_classical_controls("m")]
    assert check_equivalence(orig, [a, b], orig, [a, b], [a, b]).ok
    assert not check_equivalence(orig, [a, b], swapped, [a, b], [a, b]).ok


def test_rejects_a_wrong_gate_after_a_mid_circuit_measurement():
    a, b = cirq.LineQubit.range(2)
    orig = [cirq.H(a), cirq.measure(a, key="m"), cirq.H(a), cirq.CNOT(a, b)]
    wrong = [cirq.H(a), cirq.measure(a, key="m"), cirq.S(a), cirq.CNOT(a, b)]
    assert check_equivalence(orig, [a, b], orig, [a, b], [a, b]).ok
    assert not check_equivalence(orig, [a, b], wrong, [a, b], [a, b]).ok


def test_random_state_path(monkeypatch):
    monkeypatch.setattr(deferred, "EXACT_MAX_WORK", 1)
    ops, qs = teleport()
    v = check_equivalence(ops, qs, ops, qs, qs)
    assert v.ok and "random" in v.method
    assert not check_equivalence(ops, qs, _reorder_condition_first(ops), qs, qs).ok


def test_out_of_reach_is_skipped_with_the_reason():
    a, b = cirq.LineQubit.range(2)
    ops = [cirq.H(a), cirq.measure(a, key="m"), cirq.reset(a),
           cirq.X(b).with_classical_controls("m")]
    v = check_equivalence(ops, [a, b], ops, [a, b], [a, b])
    assert v.method == "skipped" and "resets" in v.detail


def test_too_many_ancillas_is_skipped(monkeypatch):
    monkeypatch.setattr(deferred, "MAX_QUBITS", 5)
    ops, qs = teleport()
    v = check_equivalence(ops, qs, ops, qs, qs)
    assert v.method == "skipped" and "6 qubits (3 + 3 ancillas), more than 5" in v.detail


def test_cli_says_not_verified_when_skipped(tmp_path):
    f = tmp_path / "reset.qasm"
    f.write_text('OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[2];\ncreg c[1];\nh q[0];\n'
                 "measure q[0] -> c[0];\nreset q[0];\nif (c == 1) x q[1];\n")
    r = runner.invoke(app, ["compile", str(f), "-t", "cz"])
    assert r.exit_code == 0, r.stderr
    assert "NOT verified (mid-circuit measurement or classical control, and the circuit " \
           "resets qubits)" in r.stderr


@pytest.fixture
def little_memory(monkeypatch):
    import qtool.sim.memory as memory

    # check_memory reads limits() (to name the tightest one); available_bytes is their least.
    monkeypatch.setattr(memory, "limits", lambda: {"MemAvailable": 1000})


def test_verify_refuses_for_memory_exit_3(little_memory):
    r = runner.invoke(app, ["compile", str(SAMPLES / "teleportation.qasm"), "--verify"])
    assert r.exit_code == 3, (r.exit_code, r.stderr)
    assert "verification refused: a " in r.stderr and "only 1000 B is available" in r.stderr
    assert "compile without --verify, or where more memory" in r.stderr and r.stdout == ""
    r = runner.invoke(app, ["compile", str(SAMPLES / "qft.qasm"), "--verify"])
    assert r.exit_code == 3 and "verification refused" in r.stderr


def test_default_verify_skips_for_memory(little_memory):
    r = runner.invoke(app, ["compile", str(SAMPLES / "qft.qasm")])
    assert r.exit_code == 0, r.stderr
    assert "NOT verified (not enough memory to verify" in r.stderr


def test_the_core_refusal_names_its_own_parameter(little_memory):
    """A library caller reads `verify`, the argument it passed, not the CLI's flag."""
    from qtool import qasm
    from qtool.compile import compile_circuit
    from qtool.errors import ParameterError

    circuit = qasm.parse((SAMPLES / "teleportation.qasm").read_text(), "teleportation.qasm")
    with pytest.raises(ParameterError) as info:
        compile_circuit(circuit, verify=True)
    assert info.value.exit_code == 3
    assert "compile without verify, or where more memory is free" in str(info.value)
