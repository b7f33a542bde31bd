"""`--level indep`: rewrite any circuit the families build into the basic gate set.

One worklist loop: an operation already in the basic set (qtool.circuits.gateset) is kept,
any other is expanded one level and its pieces go back on the list. Expansion prefers
constructions that stay small and readable over cirq's generic ones:

- the QFT gate becomes h / cp / swap (the textbook circuit);
- multi-controlled X and single-qubit U become Toffoli chains (qtool.circuits.mcx),
  borrowing qubits the operation does not touch;
- a two-qubit matrix becomes at most three CZs plus single-qubit gates (KAK);
- anything else uses cirq's own exact decomposition, or, for a bare matrix on three or more
  qubits, the quantum Shannon decomposition.

Global phase is dropped only at the top level, where it is unobservable: expansions of a
*controlled* operation are exact, phase included.
"""

from __future__ import annotations

import math

import cirq
import numpy as np

from qtool.circuits import mcx as mcx_lib
from qtool.circuits.gateset import basic_gate, basic_name, canonical, cp, from_matrix
from qtool.circuits.gateset import p as p_gate
from qtool.errors import QtoolError


def to_indep(circuit: cirq.Circuit) -> cirq.Circuit:
    """The same circuit (up to global phase) using only basic gates and measurements."""
    qubits = frozenset(circuit.all_qubits())
    return cirq.Circuit(merge_rotations(lower_ops(list(circuit.all_operations()), qubits)))


def lower_ops(ops: list[cirq.Operation], qubits: frozenset) -> list[cirq.Operation]:
    """Basic-gate operations for `ops`; `qubits` are those that may be borrowed."""
    out: list[cirq.Operation] = []
    stack = list(reversed(ops))
    while stack:
        op = stack.pop()
        op = op.untagged
        basic = canonical(op)
        if basic is not None:
            out.extend(basic)
            continue
        stack.extend(reversed(expand(op, qubits)))
    return out


_ROTATIONS = ("rx", "ry", "rz", "p", "u3")


def merge_rotations(ops: list[cirq.Operation]) -> list[cirq.Operation]:
    """Fuse each run of parametrised single-qubit gates (rx ry rz p u3) on one qubit: a run
    of one kind becomes one gate with the summed angle, a mixed run one u3, an identity
    nothing. Decompositions leave many such runs (rz ry rz from controlled-U, u3 u3 from
    KAK); named gates (h, t, ...) are left alone so circuits stay readable."""
    out: list[cirq.Operation] = []
    pending: dict[cirq.Qid, list[cirq.Operation]] = {}
    for op in ops:
        if len(op.qubits) == 1 and basic_name(op) in _ROTATIONS:
            pending.setdefault(op.qubits[0], []).append(op)
            continue
        for q in op.qubits:
            out.extend(_merged(pending.pop(q, [])))
        out.append(op)
    for run in pending.values():
        out.extend(_merged(run))
    return out


def _merged(run: list[cirq.Operation]) -> list[cirq.Operation]:
    if len(run) < 2:
        return run
    names = {basic_name(op) for op in run}
    q = run[0].qubits[0]
    if len(names) == 1 and names != {"u3"}:
        kind = next(iter(names))
        angle = sum(basic_gate(op)[1][0] for op in run)
        if abs(math.remainder(angle, 2 * math.pi if kind == "p" else 4 * math.pi)) < 1e-12:
            return []
        gate = {"rx": cirq.rx, "ry": cirq.ry, "rz": cirq.rz, "p": p_gate}[kind](angle)
        return canonical(gate.on(q))
    u = np.eye(2, dtype=complex)
    for op in run:
        u = cirq.unitary(op) @ u
    if cirq.allclose_up_to_global_phase(u, np.eye(2), atol=1e-12):
        return []
    return [from_matrix(u, q)]


def expand(op: cirq.Operation, qubits: frozenset) -> list[cirq.Operation]:
    """One level of decomposition of a non-basic operation."""
    spare = sorted(qubits - set(op.qubits))
    if isinstance(op, cirq.CircuitOperation):
        return list(op.mapped_circuit(deep=False).all_operations())
    if isinstance(op.gate, cirq.QuantumFourierTransformGate):
        return qft_ops(op.qubits, without_reverse=getattr(op.gate, "_without_reverse", False))
    inverted = _inverse_qft(op.gate)
    if inverted is not None:
        return cirq.inverse(qft_ops(op.qubits, without_reverse=inverted))
    if isinstance(op.gate, (cirq.XXPowGate, cirq.YYPowGate, cirq.ZZPowGate)):
        return pauli_pair_ops(op.gate, *op.qubits)
    if isinstance(op, cirq.ControlledOperation):
        pieces = _expand_controlled(op, spare)
        if pieces is not None:
            return pieces
    if isinstance(op.gate, cirq.MatrixGate) or cirq.decompose_once(op, default=None) is None:
        return _expand_matrix(op)
    return cirq.decompose_once(op)


def qft_ops(qubits, without_reverse: bool = False) -> list[cirq.Operation]:
    """The textbook QFT on `qubits` (big-endian, as cirq.qft): h, cp, and a final reversal."""
    qubits = list(qubits)
    n = len(qubits)
    ops: list[cirq.Operation] = []
    for i in range(n):
        ops.append(cirq.H(qubits[i]))
        for j in range(i + 1, n):
            ops.append(cp(math.pi / 2 ** (j - i))(qubits[j], qubits[i]))
    if not without_reverse:
        ops += [cirq.SWAP(qubits[i], qubits[n - 1 - i]) for i in range(n // 2)]
    return ops


def _inverse_qft(gate) -> bool | None:
    """For cirq.qft(..., inverse=True), whose gate is a private inverse wrapper of the QFT
    gate: its without_reverse flag; None for any other gate (then cirq's exact but less
    readable decomposition is used, so a change in cirq's internals costs only looks)."""
    original = getattr(gate, "_original", None)
    if isinstance(original, cirq.QuantumFourierTransformGate):
        return getattr(original, "_without_reverse", False)
    return None


def pauli_pair_ops(gate, a, b) -> list[cirq.Operation]:
    """XX/YY/ZZ**t = exp(-i pi t/2 P(x)P) up to phase: cx, rz(pi t), cx in the P basis."""
    theta = float(gate.exponent) * math.pi
    if isinstance(gate, cirq.XXPowGate):
        pre, post = [cirq.H(a), cirq.H(b)], [cirq.H(a), cirq.H(b)]
    elif isinstance(gate, cirq.YYPowGate):
        pre = [cirq.rx(math.pi / 2)(a), cirq.rx(math.pi / 2)(b)]
        post = [cirq.rx(-math.pi / 2)(a), cirq.rx(-math.pi / 2)(b)]
    else:
        pre = post = []
    return pre + [cirq.CNOT(a, b), cirq.rz(theta)(b), cirq.CNOT(a, b)] + post


def _expand_controlled(op: cirq.ControlledOperation, spare) -> list[cirq.Operation] | None:
    values = [tuple(v) for v in op.control_values]
    if any(len(v) != 1 for v in values):
        return None  # a control active on several values: let cirq expand it
    controls = list(op.controls)
    if any(q.dimension != 2 for q in controls):
        return None
    flips = [cirq.X(q) for q, (v,) in zip(controls, values) if v == 0]
    sub = op.sub_operation
    if len(sub.qubits) == 0:  # a controlled global phase: a phase on the controls
        body = mcx_lib.mcu(controls[:-1], controls[-1], np.diag([1, _phase(sub)]), spare)
    elif len(sub.qubits) == 1 and cirq.has_unitary(sub):
        u = cirq.unitary(sub)
        if np.allclose(u, cirq.unitary(cirq.X)):
            body = mcx_lib.mcx(controls, sub.qubits[0], spare)
        elif np.allclose(u, cirq.unitary(cirq.Z)):
            t = sub.qubits[0]
            body = [cirq.H(t), *mcx_lib.mcx(controls, t, spare), cirq.H(t)]
        else:
            body = mcx_lib.mcu(controls, sub.qubits[0], u, spare)
    else:
        inner = cirq.decompose_once(sub, default=None)
        if inner is None:
            return None
        body = [piece.controlled_by(*controls) for piece in inner]
    return flips + body + flips


def _phase(op: cirq.Operation) -> complex:
    u = cirq.unitary(op)
    return complex(np.asarray(u).reshape(-1)[0])


def _expand_matrix(op: cirq.Operation) -> list[cirq.Operation]:
    if not cirq.has_unitary(op):
        raise QtoolError(f"cannot decompose {op} into the basic gate set")
    u = cirq.unitary(op)
    qs = op.qubits
    if len(qs) == 1:
        return [cirq.MatrixGate(u).on(*qs)]
    if len(qs) == 2:
        return list(cirq.two_qubit_matrix_to_cz_operations(qs[0], qs[1], u,
                                                           allow_partial_czs=False))
    return list(cirq.quantum_shannon_decomposition(list(qs), u))
