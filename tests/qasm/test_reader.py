"""The OpenQASM reader on hand-made programs: gates, definitions, registers, expressions."""

from __future__ import annotations

import math

import cirq
import numpy as np
import pytest

from qtool import qasm
from qtool.qasm.gates import STANDARD, U3Gate

from .helpers import equal_up_to_phase, unitary_over

HEAD = 'OPENQASM 2.0;\ninclude "qelib1.inc";\n'


def u3(t, p, l):
    return np.array([[math.cos(t / 2), -np.exp(1j * l) * math.sin(t / 2)],
                     [np.exp(1j * p) * math.sin(t / 2), np.exp(1j * (p + l)) * math.cos(t / 2)]])


def controlled(u):
    """|0><0| (x) I + |1><1| (x) u, control first (leftmost)."""
    d = u.shape[0]
    out = np.eye(2 * d, dtype=complex)
    out[d:, d:] = u
    return out


# Textbook matrices, written out by hand (control first, first qubit most significant).
X = np.array([[0, 1], [1, 0]])
H = np.array([[1, 1], [1, -1]]) / math.sqrt(2)
SX = np.array([[1 + 1j, 1 - 1j], [1 - 1j, 1 + 1j]]) / 2
REFERENCE = {
    "h q[0];": H,
    "sx q[0];": SX,
    "sxdg q[0];": SX.conj().T,
    "u3(0.3,0.2,0.1) q[0];": u3(0.3, 0.2, 0.1),
    "u2(0.2,0.1) q[0];": u3(math.pi / 2, 0.2, 0.1),
    "u1(0.7) q[0];": np.diag([1, np.exp(0.7j)]),
    "p(0.7) q[0];": np.diag([1, np.exp(0.7j)]),
    "rx(0.4) q[0];": np.array([[math.cos(0.2), -1j * math.sin(0.2)], [-1j * math.sin(0.2), math.cos(0.2)]]),
    "rz(0.4) q[0];": np.diag([np.exp(-0.2j), np.exp(0.2j)]),
    "cx q[0],q[1];": controlled(X),
    "cu1(0.5) q[0],q[1];": np.diag([1, 1, 1, np.exp(0.5j)]),
    "cu3(0.3,0.2,0.1) q[0],q[1];": controlled(u3(0.3, 0.2, 0.1)),
    "cu(0.3,0.2,0.1,0.4) q[0],q[1];": controlled(np.exp(0.4j) * u3(0.3, 0.2, 0.1)),
    "crz(0.4) q[0],q[1];": controlled(np.diag([np.exp(-0.2j), np.exp(0.2j)])),
    "ch q[0],q[1];": controlled(H),
    "csx q[0],q[1];": controlled(SX),
    "rzz(0.6) q[0],q[1];": np.diag(np.exp(-0.3j * np.array([1, -1, -1, 1]))),
    "iswap q[0],q[1];": np.array([[1, 0, 0, 0], [0, 0, 1j, 0], [0, 1j, 0, 0], [0, 0, 0, 1]]),
    # Qiskit documents ECR little-endian; SWAP.M.SWAP puts its first qubit first.
    "ecr q[0],q[1];": (lambda m: m[[0, 2, 1, 3]][:, [0, 2, 1, 3]])(
        np.array([[0, 1, 0, 1j], [1, 0, -1j, 0], [0, 1j, 0, 1], [-1j, 0, 1, 0]]) / math.sqrt(2)),
    "cswap q[0],q[1],q[2];": np.eye(8)[[0, 1, 2, 3, 4, 6, 5, 7]],
    "ccx q[0],q[1],q[2];": np.eye(8)[[0, 1, 2, 3, 4, 5, 7, 6]],
}


@pytest.mark.parametrize("stmt", sorted(REFERENCE))
def test_gate_matrix_is_exact(stmt):
    prog = qasm.parse_program(HEAD + "qreg q[3];\n" + stmt)
    n = int(round(math.log2(REFERENCE[stmt].shape[0])))
    got = unitary_over(prog.circuit, prog.qubits[:n])
    np.testing.assert_allclose(got, REFERENCE[stmt], atol=1e-9)


def test_every_standard_gate_matches_qiskit():
    pytest.importorskip("qiskit")
    from qiskit import qasm2, quantum_info

    arities = {name: (spec.num_params, spec.num_qubits) for name, spec in STANDARD.items()}
    # Gates qelib1.inc defines by a circuit, which qtool expands from its prelude.
    arities.update({"rccx": (0, 3), "rc3x": (0, 4), "dcx": (0, 2), "xx_plus_yy": (2, 2),
                    "xx_minus_yy": (2, 2)})
    compared = 0
    for name, (num_params, num_qubits) in sorted(arities.items()):
        params = ",".join(f"{0.3 + 0.17 * i}" for i in range(num_params))
        stmt = f"{name}{'(' + params + ')' if params else ''} " + ",".join(
            f"q[{i}]" for i in range(num_qubits)) + ";"
        text = HEAD + f"qreg q[{num_qubits}];\n" + stmt
        prog = qasm.parse_program(text)
        ours = unitary_over(prog.circuit, prog.qubits)
        try:
            qc = qasm2.loads(text, custom_instructions=qasm2.LEGACY_CUSTOM_INSTRUCTIONS)
        except (qasm2.QASM2ParseError, TypeError):
            continue  # a name Qiskit does not know (our aliases) or cannot build (u0)
        theirs = quantum_info.Operator(qc.reverse_bits()).data
        assert equal_up_to_phase(ours, theirs), name
        compared += 1
    assert compared >= 35


def test_user_gates_with_parameters_and_nesting():
    text = HEAD + """
    gate rot(a, b) t { rz(a) t; ry(b/2) t; }
    gate pair(a) x, y { rot(a, 2*a) x; cx x, y; rot(-a, pi) y; }
    qreg q[2];
    pair(0.25) q[0], q[1];
    """
    c = qasm.parse(text)
    q0, q1 = sorted(c.all_qubits())
    ref = cirq.Circuit(cirq.rz(0.25)(q0), cirq.ry(0.25)(q0), cirq.CNOT(q0, q1),
                       cirq.rz(-0.25)(q1), cirq.ry(math.pi / 2)(q1))
    assert equal_up_to_phase(c.unitary(), ref.unitary())


def test_registers_keep_declaration_order_and_names():
    prog = qasm.parse_program(HEAD + "qreg z[2]; qreg anc[1]; qreg a[1]; x anc[0];")
    assert [str(q) for q in prog.qubits] == ["z_0", "z_1", "anc_0", "a_0"]
    assert sorted(prog.qubits) == prog.qubits
    assert isinstance(prog.qubits[0], cirq.Qid) and prog.qubits[0].name == "z_0"


def test_broadcast_over_registers():
    c = qasm.parse(HEAD + "qreg a[3]; qreg b[3]; h a; cx a, b; cx a[0], b;")
    ops = list(c.all_operations())
    assert sum(op.gate == cirq.H for op in ops) == 3
    pairs = [tuple(str(q) for q in op.qubits) for op in ops if op.gate == cirq.CNOT]
    assert pairs[:3] == [("a_0", "b_0"), ("a_1", "b_1"), ("a_2", "b_2")]
    assert pairs[3:] == [("a_0", "b_0"), ("a_0", "b_1"), ("a_0", "b_2")]


@pytest.mark.parametrize("expr, value", [
    ("pi/2", math.pi / 2), ("-pi/4", -math.pi / 4), ("2*pi^2", 2 * math.pi ** 2),
    ("sin(pi/2) + ln(1)", 1.0), ("-(1+2)*3", -9.0), ("sqrt(2)/2", math.sqrt(2) / 2),
    ("exp(0) - cos(0) + tan(0)", 0.0), ("-2^2", -4.0), ("1.5e-1", 0.15), ("2^3^2", 2.0 ** 9),
])
def test_expressions(expr, value):
    c = qasm.parse(HEAD + f"qreg q[1]; rz({expr}) q[0];")
    (op,) = c.all_operations()
    assert op.gate == cirq.rz(value)


def test_barrier_reset_measure_if_and_opaque():
    prog = qasm.parse_program(HEAD + """
    opaque mystery(a) q;
    qreg q[2]; creg c[2];
    h q[0]; barrier q; reset q[1];
    measure q[0] -> c[0];
    if (c == 1) x q[1];
    measure q -> c;
    """)
    ops = list(prog.circuit.all_operations())
    assert any(isinstance(op, cirq.ClassicallyControlledOperation) for op in ops)
    assert sum(cirq.is_measurement(op) for op in ops) == 3
    assert any(isinstance(op.gate, cirq.ResetChannel) for op in ops)
    assert prog.clbits == ["c_0", "c_1"]


def test_barrier_keeps_order():
    c = qasm.parse(HEAD + "qreg q[2]; x q[0]; barrier q; x q[1];")
    moments = [m for m in c if any(op.gate == cirq.X for op in m)]
    assert len(moments) == 2  # x q[1] may not slide before the barrier


def test_openqasm3_subset():
    c3 = qasm.parse("""OPENQASM 3.0;
    include "stdgates.inc";
    qubit[3] q;
    bit[3] c;
    h q[0];
    ctrl @ x q[0], q[1];
    ctrl(2) @ x q[0], q[1], q[2];
    negctrl @ x q[0], q[2];
    inv @ s q[1];
    pow(2) @ t q[2];
    c[0] = measure q[0];
    if (c[0] == 1) { x q[2]; }
    c = measure q;
    """)
    c2 = qasm.parse(HEAD + """qreg q[3]; creg c[3];
    h q[0]; cx q[0], q[1]; ccx q[0], q[1], q[2]; x q[0]; cx q[0], q[2]; x q[0]; sdg q[1]; s q[2];""")
    qs = sorted(c2.all_qubits())
    assert equal_up_to_phase(unitary_over(c3, qs), unitary_over(c2, qs))
    ops = list(c3.all_operations())
    assert sum(cirq.is_measurement(op) for op in ops) == 4
    (ifop,) = [op for op in ops if isinstance(op, cirq.ClassicallyControlledOperation)]
    assert ifop.without_classical_controls() == cirq.X(qs[2])
    assert [str(k) for k in cirq.control_keys(ifop)] == ["c_0"]
    coherent3 = cirq.Circuit(op for op in c3.all_operations()
                             if not cirq.is_measurement(op)
                             and not isinstance(op, cirq.ClassicallyControlledOperation))
    assert equal_up_to_phase(unitary_over(coherent3, qs), unitary_over(c2, qs))


def test_u3_gate_has_exact_unitary():
    np.testing.assert_allclose(cirq.unitary(U3Gate(0.3, 0.2, 0.1)), u3(0.3, 0.2, 0.1), atol=1e-12)
