"""cirq's JSON format for circuits read from OpenQASM.

qtool's own classes (RegisterQubit, U3Gate, BarrierGate, ...) are not in cirq's JSON
resolver, so the circuit is first expressed in plain cirq: qubits become NamedQubits with
the same names, gates without a cirq class become MatrixGates, barriers are dropped (cirq
has no barrier). Any cirq reads the result with cirq.read_json.
"""

from __future__ import annotations

import cirq

from qtool.qasm.gates import BarrierGate, ECRGate, RZXGate, U3Gate

_OWN_GATES = (U3Gate, RZXGate, ECRGate)


def to_plain_cirq(circuit: cirq.AbstractCircuit) -> cirq.Circuit:
    """The same circuit using only classes cirq's JSON resolver knows."""

    def plain_gate(gate):
        if isinstance(gate, _OWN_GATES):
            return cirq.MatrixGate(cirq.unitary(gate))
        if isinstance(gate, cirq.ControlledGate) and isinstance(gate.sub_gate, _OWN_GATES):
            return cirq.ControlledGate(plain_gate(gate.sub_gate), gate.num_controls(),
                                       gate.control_values)
        return gate

    def convert(op):
        if isinstance(op.gate, BarrierGate):
            return []
        if isinstance(op, cirq.ClassicallyControlledOperation):
            inner = convert(op.without_classical_controls())
            return cirq.ClassicallyControlledOperation(inner, op.classical_controls)
        if op.gate is not None:
            gate = plain_gate(op.gate)
            return op if gate is op.gate else gate.on(*op.qubits)
        return op

    renamed = cirq.Circuit(circuit).transform_qubits(lambda q: cirq.NamedQubit(str(q)))
    return renamed.map_operations(convert)


def dumps_cirq_json(circuit: cirq.AbstractCircuit) -> str:
    return cirq.to_json(to_plain_cirq(circuit)) + "\n"
