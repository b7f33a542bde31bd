"""A call of a `gate` definition kept as one operation (opt-in: `keep_gates=True`).

By default the reader expands every user gate into the gates its body calls, which is what
simulation and compilation want. The editor asks to keep them: `UserGate` is the call
(name, angles, qubit count) with its expansion as the decomposition, so cirq (and qsim,
which decomposes what it has no kernel for) still runs it, and with its `GateDefinition`,
the definition's text, so the writer emits the definition once and the calls, not the
inlined body.

    >>> d = GateDefinition("bell", "gate bell a,b { h a; cx a,b; }", ("h", "cx"))
    >>> g = UserGate(d, (), ((cirq.H, (0,)), (cirq.CNOT, (0, 1))))
    >>> cirq.num_qubits(g), str(g)
    (2, 'bell')
"""

from __future__ import annotations

from dataclasses import dataclass

import cirq

from qtool.qasm.expr import format_angle


@dataclass(frozen=True)
class GateDefinition:
    """One `gate` definition as text (one line, comments dropped) and what it needs.

    `calls`: the gate names its body calls; `needs`: the user definitions those calls
    need, each after the ones it calls (so writing `needs` then the text is valid QASM);
    `modern`: the body uses OpenQASM 3 only syntax (modifiers, gphase)."""

    name: str
    text: str
    calls: tuple[str, ...] = ()
    needs: tuple["GateDefinition", ...] = ()
    modern: bool = False

    def closure(self) -> tuple["GateDefinition", ...]:
        """The definitions to write, in order, for this one to be valid (itself last)."""
        return self.needs + (self,)


@cirq.value_equality
class UserGate(cirq.Gate):
    """A user gate's call: drawn as one named box, written as one call of its definition.

    `body` is the expansion as (gate, local qubit indices) pairs: its decomposition."""

    def __init__(self, definition: GateDefinition, params: tuple[float, ...],
                 body: tuple[tuple[cirq.Gate, tuple[int, ...]], ...], num_qubits: int | None = None):
        self.definition = definition
        self.params = tuple(float(p) for p in params)
        self.body = tuple(body)
        self._n = num_qubits if num_qubits is not None else 1 + max(
            (i for _, idx in self.body for i in idx), default=0)

    @property
    def name(self) -> str:
        return self.definition.name

    def _num_qubits_(self) -> int:
        return self._n

    def _decompose_(self, qubits):
        return [gate.on(*[qubits[i] for i in idx]) for gate, idx in self.body]

    def _has_unitary_(self) -> bool:
        return all(cirq.has_unitary(gate) for gate, _ in self.body)

    def _value_equality_values_(self):
        return self.definition, self.params, self.body, self._n

    def _circuit_diagram_info_(self, args):
        return cirq.CircuitDiagramInfo(wire_symbols=(str(self),) * self._n)

    def __str__(self) -> str:
        if not self.params:
            return self.name
        return f"{self.name}({','.join(format_angle(p) for p in self.params)})"

    def with_params(self, params: tuple[float, ...]) -> "UserGate":
        """The same definition called with other angles: its body expanded again by the
        reader (the definition's text is the one source of what the gate does)."""
        from qtool.qasm.reader import parse_program

        if len(params) != len(self.params):
            raise ValueError(f"{self.name} takes {len(self.params)} angle(s), got {len(params)}")
        args = ",".join(f"__q[{i}]" for i in range(self._n))
        angles = f"({','.join(repr(float(p)) for p in params)})" if params else ""
        text = "\n".join(["OPENQASM 3.0;" if any(d.modern for d in self.definition.closure())
                          else "OPENQASM 2.0;", 'include "qelib1.inc";' if not any(
                              d.modern for d in self.definition.closure()) else 'include "stdgates.inc";',
                          *(d.text for d in self.definition.closure()),
                          f"qreg __q[{self._n}];", f"{self.name}{angles} {args};"])
        op, = parse_program(text, f"<gate {self.name}>", keep_gates=True).circuit.all_operations()
        return op.gate

    def __repr__(self) -> str:
        return f"UserGate({self.definition.name!r}, {self.params!r}, {len(self.body)} ops)"


def flatten(circuit: cirq.AbstractCircuit) -> cirq.Circuit:
    """The circuit with every UserGate call replaced by its body (what the default reader
    returns for the same text): for code that wants standard gates only."""
    def boxed(op) -> bool:
        gate = getattr(op, "gate", None)
        while isinstance(gate, cirq.ControlledGate):  # a box given controls in the editor
            gate = gate.sub_gate
        return isinstance(gate, UserGate)

    def keep(op):
        return not boxed(op)

    if not any(boxed(op.without_classical_controls()) for op in circuit.all_operations()):
        return circuit if isinstance(circuit, cirq.Circuit) else cirq.Circuit(circuit)

    moments = []
    for moment in circuit:
        ops = []
        for op in moment:
            if isinstance(op, cirq.ClassicallyControlledOperation):
                inner = op.without_classical_controls()
                ops.extend(sub.with_classical_controls(*op.classical_controls)
                           for sub in cirq.decompose(inner, keep=keep))
            else:
                ops.extend(cirq.decompose(op, keep=keep))
        moments.append(ops)
    out = cirq.Circuit()
    for ops in moments:
        out += cirq.Circuit(ops)  # a box's body may take several moments
    return out
