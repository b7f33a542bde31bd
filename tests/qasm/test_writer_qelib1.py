"""Written OpenQASM 2 needs only the paper's qelib1.inc (arXiv:1707.03429).

Qiskit's qasm2 reader always serves `include "qelib1.inc"` from its built-in copy of the
paper's file (not Qiskit's later, larger one), so strict=True with no custom instructions is
exactly the check "a strict reader with the paper's library accepts this".
"""

from __future__ import annotations

import re

import cirq
import numpy as np
import pytest

from qtool import qasm
from qtool.qasm.gates import ECRGate, RZXGate, U3Gate

from .helpers import equal_up_to_phase

qasm2 = pytest.importorskip("qiskit.qasm2")
from qiskit.quantum_info import Operator  # noqa: E402

PAPER_QELIB1 = {"u3", "u2", "u1", "cx", "id", "x", "y", "z", "h", "s", "sdg", "t", "tdg", "rx",
                "ry", "rz", "cz", "cy", "ch", "ccx", "crz", "cu1", "cu3"}

a, b, c, d, e = cirq.LineQubit.range(5)
# One op per gate name the version-2 writer can emit (the name is what the test expects).
CASES = [
    ("u3", U3Gate(0.3, 0.5, -0.7).on(a)),
    ("rx", cirq.rx(0.3).on(a)), ("x", cirq.X(a)), ("sx", cirq.X(a) ** 0.5),
    ("sxdg", cirq.X(a) ** -0.5), ("ry", cirq.ry(0.4).on(a)), ("y", cirq.Y(a)),
    ("rz", cirq.rz(0.5).on(a)), ("z", cirq.Z(a)), ("s", cirq.S(a)), ("sdg", cirq.S(a) ** -1),
    ("t", cirq.T(a)), ("tdg", cirq.T(a) ** -1), ("u1", cirq.Z(a) ** 0.3), ("h", cirq.H(a)),
    ("id", cirq.I(a)), ("cx", cirq.CNOT(a, b)), ("cz", cirq.CZ(a, b)),
    ("cu1", cirq.CZ(a, b) ** 0.3), ("swap", cirq.SWAP(a, b)), ("iswap", cirq.ISWAP(a, b)),
    ("rzz", cirq.ZZ(a, b) ** 0.3), ("rxx", cirq.XX(a, b) ** 0.3), ("ryy", cirq.YY(a, b) ** 0.3),
    ("rzx", RZXGate(0.7).on(a, b)), ("ecr", ECRGate().on(a, b)), ("ccx", cirq.CCX(a, b, c)),
    ("ccz", cirq.CCZ(a, b, c)), ("cswap", cirq.CSWAP(a, b, c)),
    ("cy", cirq.Y(b).controlled_by(a)), ("ch", cirq.H(b).controlled_by(a)),
    ("crx", cirq.rx(0.3).on(b).controlled_by(a)), ("cry", cirq.ry(0.4).on(b).controlled_by(a)),
    ("crz", cirq.rz(0.5).on(b).controlled_by(a)), ("csx", (cirq.X ** 0.5).on(b).controlled_by(a)),
    ("cu", cirq.MatrixGate(cirq.testing.random_unitary(2, random_state=5)).on(b).controlled_by(a)),
    ("c3x", cirq.X(d).controlled_by(a, b, c)), ("c4x", cirq.X(e).controlled_by(a, b, c, d)),
    ("rxx", cirq.ISWAP(a, b) ** 0.3),
]


def _names(text: str) -> set[str]:
    """Gate names called in the body (definitions and declarations excluded)."""
    out = set()
    for line in text.splitlines()[2:]:
        if line.startswith(("gate ", "qreg ", "creg ", "measure ", "barrier ", "reset ")):
            continue
        m = re.match(r"([a-z][a-z0-9_]*)", line)
        if m:
            out.add(m.group(1))
    return out


def _qiskit_unitary(text: str) -> np.ndarray:
    circuit = qasm2.loads(text, strict=True)
    # Qiskit numbers qubits little-endian; cirq's unitary puts the first qubit leftmost.
    return Operator(circuit).reverse_qargs().data


def _check(circuit: cirq.Circuit) -> str:
    text = qasm.dumps(circuit)
    assert text.splitlines()[:2] == ["OPENQASM 2.0;", 'include "qelib1.inc";']
    qubits = cirq.LineQubit.range(max(q.x for q in circuit.all_qubits()) + 1)
    want = circuit.unitary(qubit_order=qubits)
    assert equal_up_to_phase(_qiskit_unitary(text), want)
    back = qasm.parse(text)
    assert equal_up_to_phase(back.unitary(qubit_order=sorted(back.all_qubits())), want)
    return text


@pytest.mark.parametrize("name, op", CASES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(CASES)])
def test_each_gate_is_read_by_a_strict_reader_with_the_papers_qelib1(name, op):
    # An H on every qubit first, so a gate that is diagonal or a permutation is not
    # checked only on basis states.
    circuit = cirq.Circuit([cirq.H.on_each(*op.qubits), op, cirq.rx(0.2).on_each(*op.qubits)])
    text = _check(circuit)
    assert name in _names(text)
    # Every name outside the paper's file is defined once, before its first use.
    lines = text.splitlines()
    for used in _names(text) - PAPER_QELIB1:
        defs = [i for i, line in enumerate(lines) if line.startswith(f"gate {used}(")
                or line.startswith(f"gate {used} ")]
        assert len(defs) == 1, (used, text)
        first_use = min(i for i, line in enumerate(lines) if re.match(rf"{used}\b", line))
        assert defs[0] < first_use


def test_cases_cover_every_name_the_writer_can_emit():
    from qtool.qasm import writer

    emitted = set().union(*(_names(qasm.dumps(cirq.Circuit(op))) for _, op in CASES))
    assert emitted == (PAPER_QELIB1 | set(writer._DEFINITIONS)) - {"u2", "cu3", "c3sqrtx"}


def test_one_circuit_with_every_gate_defines_each_once():
    circuit = cirq.Circuit(op for _, op in CASES)
    text = _check(circuit)
    gate_lines = [line.split()[1].split("(")[0] for line in text.splitlines() if line.startswith("gate ")]
    assert len(gate_lines) == len(set(gate_lines))
    # c4x is defined in terms of c3x and c3sqrtx: each still appears once.
    assert {"c3x", "c3sqrtx", "c4x", "swap", "cu", "rzz"} <= set(gate_lines)


def test_the_papers_library_rejects_what_it_lacks():
    """The reference really is strict: without the definition, Qiskit refuses `swap`."""
    with pytest.raises(qasm2.QASM2ParseError, match="swap"):
        qasm2.loads('OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[2];\nswap q[0],q[1];\n',
                    strict=True)
