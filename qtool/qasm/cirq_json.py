"""cirq's JSON format for circuits read from OpenQASM.

qtool's own classes (RegisterQubit, U3Gate, BarrierGate, ...) are not in cirq's JSON
resolver, so the circuit is first expressed in plain cirq: qubits become NamedQubits with
the same names, gates without a cirq class become MatrixGates, barriers are dropped (cirq
has no barrier). Any cirq reads the result with cirq.read_json, and every qtool command that reads a circuit
reads it back (parse_cirq_json; the dispatch is qtool.qasm.load).
"""

from __future__ import annotations

import json
import re

import cirq

from qtool.errors import QasmError, QtoolError
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


# ---------------------------------------------------------------------------- reading
_REG_NAME = re.compile(r"([A-Za-z_][A-Za-z0-9_]*?)_([0-9]+)")


def looks_like_json(text: str) -> bool:
    """True for text whose first non-blank character opens a JSON object or array."""
    head = text.lstrip()[:1]
    return head in ("{", "[")


def parse_cirq_json(text: str, filename: str = "<string>"):
    """cirq JSON text -> qtool.qasm.Program (registers rebuilt from the qubit names).

    Qubits named `reg_i` (what `qtool convert --to cirq-json` writes) become register
    qubits again, registers ranked by first use in the circuit; any other qubits (LineQubit,
    GridQubit, ...) become one register `q` in cirq's order. Measurement keys `c_i` become
    bits of register `c`; any other key on k qubits becomes a register of k bits.
    Raises QasmError (exit 2) for malformed JSON, QtoolError for JSON that is not a circuit.
    """
    from qtool import limits
    from qtool.qasm.qubits import RegisterQubit
    from qtool.qasm.reader import Program

    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        lines = text.splitlines()
        quoted = lines[exc.lineno - 1] if 0 < exc.lineno <= len(lines) else ""
        raise QasmError(f"malformed JSON: {exc.msg}", filename, exc.lineno, exc.colno,
                        quoted) from None
    if not isinstance(doc, dict) or "cirq_type" not in doc:
        raise QtoolError(f"{filename}: JSON without a cirq_type: expected a circuit written "
                         "by `qtool convert --to cirq-json` or cirq.to_json")
    try:
        obj = cirq.read_json(json_text=text)
    except Exception as exc:  # noqa: BLE001 - cirq raises ValueError, KeyError, TypeError, ...
        raise QtoolError(f"{filename}: not a cirq circuit: {type(exc).__name__}: {exc}") from None
    if not isinstance(obj, cirq.AbstractCircuit):
        raise QtoolError(f"{filename}: holds a cirq {type(obj).__name__}, expected a Circuit")
    circuit = cirq.Circuit(obj.unfreeze() if isinstance(obj, cirq.FrozenCircuit) else obj)
    limits.check("gates", sum(1 for _ in circuit.all_operations()), filename)

    order: list[cirq.Qid] = []
    seen = set()
    for op in circuit.all_operations():
        for q in op.qubits:
            if q not in seen:
                seen.add(q)
                order.append(q)
    limits.check("qubits", len(order), filename)
    matches = {q: _REG_NAME.fullmatch(q.name) for q in order if isinstance(q, cirq.NamedQubit)}
    qregs: dict[str, int] = {}
    if order and len(matches) == len(order) and all(matches.values()):
        for q in order:
            reg, i = matches[q].group(1), int(matches[q].group(2))
            qregs[reg] = max(qregs.get(reg, 0), i + 1)
        ranks = {reg: r for r, reg in enumerate(qregs)}
        mapping = {q: RegisterQubit(matches[q].group(1), int(matches[q].group(2)),
                                    ranks[matches[q].group(1)]) for q in order}
    else:
        ordered = sorted(order)
        qregs = {"q": len(ordered)} if ordered else {}
        mapping = {q: RegisterQubit("q", i, 0) for i, q in enumerate(ordered)}
    circuit = circuit.transform_qubits(lambda q: mapping.get(q, q))

    cregs: dict[str, int] = {}

    def bits(op):
        if not isinstance(op.gate, cirq.MeasurementGate):
            return op
        key = op.gate.key
        m = _REG_NAME.fullmatch(key)
        if m and len(op.qubits) == 1:
            cregs[m.group(1)] = max(cregs.get(m.group(1), 0), int(m.group(2)) + 1)
            return op
        reg = re.sub(r"[^A-Za-z0-9_]", "_", key)
        reg = reg if re.match(r"[A-Za-z_]", reg) else "m_" + reg
        cregs[reg] = max(cregs.get(reg, 0), len(op.qubits))
        inverted = set(op.gate.full_invert_mask()) and op.gate.full_invert_mask()
        out = []
        for i, q in enumerate(op.qubits):
            if inverted and inverted[i]:
                out.append(cirq.X(q))
            out.append(cirq.measure(q, key=f"{reg}_{i}"))
            if inverted and inverted[i]:
                out.append(cirq.X(q))
        return out

    circuit = circuit.map_operations(bits)
    limits.check("clbits", sum(cregs.values()), filename)
    return Program(circuit, qregs, cregs)
