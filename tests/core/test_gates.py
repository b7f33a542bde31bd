"""qtool.gates: one classifier and one Euler decomposition that every layer shares.

The classifier is checked against the reader's own gate table (every standard name, random
angles), so the names qtool writes and the names it reads cannot drift apart.
"""

from __future__ import annotations

import math

import cirq
import numpy as np
import pytest
from cirq.circuits.qasm_output import QasmUGate

from qtool import gates
from qtool.ketgpt.convert import circuit_statements
from qtool.qasm.gates import STANDARD, standard_gate

RNG = np.random.default_rng(7)
ALIASES_WITHOUT_NAME = {"u0", "v", "vdg", "CX", "cnot", "toffoli", "fredkin", "c3sqrtx", "cs",
                        "csdg", "u", "U", "u2", "u1", "phase", "r", "cu1", "cphase", "cu3"}


def _random_params(n: int) -> tuple[float, ...]:
    return tuple(float(x) for x in RNG.uniform(-2 * math.pi, 2 * math.pi, n))


@pytest.mark.parametrize("name", sorted(STANDARD))
def test_classify_inverts_the_readers_gate_table(name):
    spec = STANDARD[name]
    for _ in range(5):
        params = _random_params(spec.num_params)
        gate = standard_gate(name, params)
        named = gates.classify(gate)
        if name not in ALIASES_WITHOUT_NAME and name not in ("c3sqrtx",):
            assert named is not None, name
        if named is None:
            continue
        back = standard_gate(*named)
        if isinstance(gate, cirq.ControlledGate):  # a phase under a control is observable
            assert np.allclose(cirq.unitary(back), cirq.unitary(gate), atol=1e-9), (name, named)
        else:
            assert cirq.allclose_up_to_global_phase(cirq.unitary(back), cirq.unitary(gate),
                                                    atol=1e-9), (name, named)


def test_the_names_of_fixed_gates():
    cases = {cirq.S: "s", cirq.Z ** -0.25: "tdg", cirq.Z ** 1.75: "tdg", cirq.X ** 0.5: "sx",
             cirq.X ** -0.5: "sxdg", cirq.H: "h", cirq.CNOT: "cx", cirq.CZ: "cz",
             cirq.SWAP: "swap", cirq.ISWAP: "iswap", cirq.CCX: "ccx", cirq.CCZ: "ccz",
             cirq.CSWAP: "cswap", cirq.I: "id", gates.BarrierGate(3): "barrier",
             cirq.ResetChannel(): "reset", gates.ECRGate(): "ecr"}
    for gate, name in cases.items():
        assert gates.classify(gate) == (name, ()), gate


def test_rotation_classes_and_powers_carry_their_angle():
    assert gates.classify(cirq.rx(0.3)) == ("rx", (pytest.approx(0.3),))
    assert gates.classify(cirq.XPowGate(exponent=0.3)) == ("rx", (pytest.approx(0.3 * math.pi),))
    assert gates.classify(cirq.ZPowGate(exponent=0.3)) == ("p", (pytest.approx(0.3 * math.pi),))
    assert gates.classify(cirq.rz(0.5 * math.pi)) == ("rz", (pytest.approx(0.5 * math.pi),))
    assert gates.classify(cirq.CZPowGate(exponent=0.5)) == ("cp", (pytest.approx(math.pi / 2),))
    assert gates.classify(cirq.ZZPowGate(exponent=0.2)) == ("rzz", (pytest.approx(0.2 * math.pi),))


def test_both_u3_classes_are_u3():
    """cirq's QasmUGate has `lmda`, not `lam`: it used to slip past a hasattr test."""
    ours = gates.U3Gate(0.1, 0.2, 0.3)
    cirqs = QasmUGate(0.1 / math.pi, 0.2 / math.pi, 0.3 / math.pi)
    assert gates.classify(ours) == ("u3", (0.1, 0.2, 0.3))
    name, params = gates.classify(cirqs)
    assert name == "u3" and params == pytest.approx((0.1, 0.2, 0.3))
    q = cirq.LineQubit(0)
    assert circuit_statements(cirq.Circuit(cirqs(q)))[1] == [("u3", pytest.approx(params), (0,))]


def test_controlled_sub_gates_are_named_exactly():
    assert gates.classify(cirq.ControlledGate(cirq.ry(0.4))) == ("cry", (pytest.approx(0.4),))
    # Z**0.5 with a global shift is not s under a control: it falls through to cu, exact.
    shifted = cirq.ZPowGate(exponent=0.5, global_shift=0.25)
    name, params = gates.classify(cirq.ControlledGate(shifted))
    assert name == "cu"
    assert np.allclose(cirq.unitary(standard_gate(name, params)),
                       cirq.unitary(cirq.ControlledGate(shifted)))
    assert gates.classify(cirq.ControlledGate(cirq.X, control_values=[0])) is None
    assert gates.classify(cirq.ControlledGate(cirq.X, num_controls=3)) == ("c3x", ())


def test_symbolic_and_unknown_gates_have_no_name():
    import sympy
    assert gates.classify(cirq.rx(sympy.Symbol("t"))) is None
    assert gates.classify(cirq.MatrixGate(np.eye(4))) is None
    assert gates.classify(cirq.CNOT ** 0.3) is None
    assert gates.classify(cirq.CNOT ** 0.5) == ("csx", ())
    assert gates.classify(None) is None


@pytest.mark.parametrize("seed", range(20))
def test_u3_angles_and_zyz_rebuild_any_unitary_exactly(seed):
    u = cirq.testing.random_unitary(2, random_state=seed)
    theta, phi, lam, gamma = gates.u3_angles(u)
    assert np.allclose(cirq.unitary(gates.U3Gate(theta, phi, lam, gamma)), u, atol=1e-9)
    alpha, beta, g, delta = gates.zyz(u)
    rebuilt = np.exp(1j * alpha) * (cirq.unitary(cirq.rz(beta)) @ cirq.unitary(cirq.ry(g))
                                    @ cirq.unitary(cirq.rz(delta)))
    assert np.allclose(rebuilt, u, atol=1e-9)


@pytest.mark.parametrize("u", [np.eye(2), np.diag([1, 1j]), np.array([[0, 1], [1j, 0]]),
                               np.array([[0, -1j], [1j, 0]]), 1j * np.eye(2)])
def test_u3_angles_edge_cases_are_exact(u):
    u = np.asarray(u, dtype=complex)
    assert np.allclose(cirq.unitary(gates.U3Gate(*gates.u3_angles(u))), u, atol=1e-12)


def test_is_barrier_takes_an_operation_or_a_gate():
    q = cirq.LineQubit.range(2)
    assert gates.is_barrier(gates.BarrierGate(2).on(*q))
    assert gates.is_barrier(gates.BarrierGate(2))
    assert not gates.is_barrier(cirq.CZ(*q))


def test_angles_read_as_typed():
    """pi * (0.3 / pi) is 0.30000000000000004: the name carries the 0.3 the user wrote."""
    assert gates.classify(cirq.rx(0.3)) == ("rx", (0.3,))
    assert gates.classify(cirq.ControlledGate(cirq.rz(0.3))) == ("crz", (0.3,))


def test_writer_and_statistics_use_the_same_names():
    from qtool.analysis.metrics import op_name
    from qtool.qasm.writer import dumps
    q = cirq.LineQubit.range(3)
    ops = [cirq.S(q[0]), cirq.ZPowGate(exponent=0.3)(q[1]), cirq.CZPowGate(exponent=0.2)(*q[:2]),
           cirq.ControlledGate(cirq.ry(0.4))(*q[:2]), cirq.CCZ(*q), cirq.CNOT(q[0], q[2])]
    text = dumps(cirq.Circuit(ops), 3)
    for op in ops:
        assert op_name(op) == gates.classify(op.gate)[0]
        assert f"\n{op_name(op)}" in text or f"\n{op_name(op)}(" in text, (op_name(op), text)


@pytest.mark.parametrize("power", [-1, 3, -3, 5, 1])
def test_iswap_powers_are_named_only_when_they_are_iswap(power):
    """iSWAP's powers repeat every 4: ISWAP**-1 and ISWAP**3 were once named (and written)
    as iswap, so `qtool convert` turned an inverse iSWAP into an iSWAP."""
    from qtool import qasm

    a, b = cirq.LineQubit.range(2)
    gate = cirq.ISWAP ** power
    assert (gates.classify(gate) == ("iswap", ())) == (power % 4 == 1)
    back = qasm.parse(qasm.dumps(cirq.Circuit(gate(a, b))))
    assert cirq.allclose_up_to_global_phase(
        cirq.unitary(gate), back.unitary(qubit_order=sorted(back.all_qubits())), atol=1e-7)
