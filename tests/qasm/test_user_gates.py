"""`keep_gates=True`: a user gate's call stays one UserGate op, and the writer writes its
`gate` definition once and the calls. Opt-in only: the default reader still expands."""

from __future__ import annotations

import cirq
import pytest

from qtool import sim
from qtool.qasm import dumps, parse_program
from qtool.qasm.reader import earliest_circuit
from qtool.qasm.usergate import UserGate, flatten
from tests.qasm.helpers import equal_up_to_phase, unitary_over

# corpus programs that define gates (QASMBench small); their calls and definitions
DEFINING = ["adder_n10", "wstate_n3", "qec_sm_n5", "ipea_n2", "pea_n5"]


def _user_ops(circuit):
    return [op for op in circuit.all_operations()
            if isinstance(getattr(op.without_classical_controls(), "gate", None), UserGate)]


def _moments(circuit):
    """The circuit as its dependency order fixes it: operations packed as early as they go
    (a box takes one moment, its body several), each moment as a set."""
    return [set(m.operations) for m in earliest_circuit(list(circuit.all_operations()))]


@pytest.mark.parametrize("name", DEFINING)
def test_corpus_round_trip_keeps_definitions_and_calls(corpus_program, name):
    text = corpus_program(name).read_text()
    kept = parse_program(text, name, keep_gates=True)
    plain = parse_program(text, name)
    assert _user_ops(kept.circuit) and not _user_ops(plain.circuit)  # opt-in only
    # the boxes' bodies are exactly what the default reader expands
    assert _moments(flatten(kept.circuit)) == _moments(plain.circuit)
    out = dumps(kept.circuit, qubits=kept.qubits, cregs=kept.cregs)
    defined = {d.name for op in _user_ops(kept.circuit)
               for d in op.without_classical_controls().gate.definition.closure()}
    for gate in defined:
        assert sum(line.startswith(f"gate {gate} ") for line in out.splitlines()) == 1
    calls = [line for line in out.splitlines() if not line.startswith("gate ")
             and line.split(" ")[0] in defined]
    assert len(calls) == len([op for op in _user_ops(kept.circuit)
                              if not cirq.is_measurement(op)
                              and not getattr(op, "classical_controls", None)])
    again = parse_program(out, "saved", keep_gates=True)
    assert dumps(again.circuit, qubits=again.qubits, cregs=again.cregs) == out  # stable
    # read back without keeping: the same circuit as the original file
    assert _moments(parse_program(out, "saved").circuit) == _moments(plain.circuit)


def test_unitary_and_simulation_of_boxes(corpus_program):
    text = corpus_program("wstate_n3").read_text()
    kept = parse_program(text, "w", keep_gates=True).circuit
    plain = parse_program(text, "w").circuit
    qubits = sorted(plain.all_qubits())
    assert equal_up_to_phase(unitary_over(kept, qubits), unitary_over(plain, qubits))
    coherent = cirq.Circuit(op for op in kept.all_operations() if not cirq.is_measurement(op))
    reference = cirq.Circuit(op for op in plain.all_operations() if not cirq.is_measurement(op))
    a = sim.final_state(coherent, qubits=qubits)
    b = sim.final_state(reference, qubits=qubits)
    assert cirq.allclose_up_to_global_phase(a, b, atol=1e-5)


PARAM = """OPENQASM 2.0;
include "qelib1.inc";
gate rot(t) a { rz(t) a; h a; }
gate pair(t) a,b { rot(t/2) a; cx a,b; }
qreg q[2];
creg c[2];
pair(pi/3) q[0],q[1];
pair(0.25) q[1],q[0];
measure q[0] -> c[0];
if (c == 1) rot(pi) q[1];
"""


def test_parameters_nesting_and_conditions():
    kept = parse_program(PARAM, "p", keep_gates=True)
    ops = _user_ops(kept.circuit)
    assert [str(op.without_classical_controls().gate) for op in ops] == ["pair(pi/3)", "pair(0.25)", "rot(pi)"]
    out = dumps(kept.circuit, qubits=kept.qubits, cregs=kept.cregs)
    lines = out.splitlines()
    # rot is written before pair, which calls it; each once
    assert lines.index("gate rot(t) a { rz(t) a; h a; }") < lines.index(
        "gate pair(t) a,b { rot(t/2) a; cx a,b; }")
    assert "pair(pi/3) q[0],q[1];" in lines and "pair(0.25) q[1],q[0];" in lines
    assert "if (c == 1) rot(pi) q[1];" in lines
    v3 = dumps(kept.circuit, 3, qubits=kept.qubits, cregs=kept.cregs)
    assert "gate pair(t) a,b { rot(t/2) a; cx a,b; }" in v3.splitlines()
    assert _moments(parse_program(v3, "v3").circuit) == _moments(parse_program(PARAM, "p").circuit)


def test_writer_inlines_what_the_version_cannot_say():
    text = ('OPENQASM 3.0;\ninclude "stdgates.inc";\ngate cc a,b { ctrl @ x a,b; }\n'
            "qubit[2] q;\nh q[0];\ncc q[0],q[1];\n")
    kept = parse_program(text, "m", keep_gates=True)
    assert "gate cc a,b { ctrl @ x a,b; }" in dumps(kept.circuit, 3)
    v2 = dumps(kept.circuit, 2)  # OpenQASM 2 has no modifiers: the call is expanded
    assert "gate cc" not in v2 and "cc q" not in v2
    assert equal_up_to_phase(parse_program(v2).circuit.unitary(), parse_program(text).circuit.unitary())


def test_two_definitions_with_one_name_do_not_clash():
    a = parse_program('OPENQASM 2.0;\ninclude "qelib1.inc";\ngate g a { h a; }\nqreg q[1];\ng q[0];\n',
                      keep_gates=True).circuit
    b = parse_program('OPENQASM 2.0;\ninclude "qelib1.inc";\ngate g a { x a; }\nqreg q[1];\ng q[0];\n',
                      keep_gates=True).circuit
    out = dumps(a + b)
    assert out.count("gate g ") == 1 and "x q[0];" in out  # the second one is inlined
    assert equal_up_to_phase(parse_program(out).circuit.unitary(), cirq.unitary(cirq.X) @ cirq.unitary(cirq.H))


def test_flatten_expands_boxes_given_controls():
    box = parse_program('OPENQASM 2.0;\ninclude "qelib1.inc";\ngate bell a,b { h a; cx a,b; }\n'
                        "qreg q[2];\nbell q[0],q[1];\n", keep_gates=True).circuit
    op, = box.all_operations()
    controlled = cirq.Circuit(op.controlled_by(cirq.NamedQubit("c")))
    flat = flatten(controlled)
    assert not any(isinstance(getattr(o.gate, "sub_gate", o.gate), UserGate) for o in flat.all_operations())
    assert cirq.allclose_up_to_global_phase(flat.unitary(), controlled.unitary())
