"""Grid <-> cirq <-> QASM: the unitary survives, real files load, errors keep their place."""

from pathlib import Path

import cirq
import numpy as np
import pytest

from qtool.editor.convert import from_cirq, from_qasm, qubits_of, to_cirq, to_qasm
from qtool.editor.model import Grid, Op
from qtool.errors import QasmError
from qtool.gates import is_barrier

CORPUS = Path(__file__).resolve().parents[1] / "data" / "qasmbench" / "small"  # shipped copy
HEADER = 'OPENQASM 2.0;\ninclude "qelib1.inc";\n'


def unitary_part(grid):
    """The unitary of the grid's circuit without measurements, resets and barriers."""
    ops = [op for op in to_cirq(grid).all_operations()
           if cirq.has_unitary(op) and not is_barrier(op)]
    return cirq.Circuit(ops).unitary(qubit_order=qubits_of(grid))


def test_palette_gates_round_trip_through_qasm():
    g = Grid(3)
    for col, op in enumerate([Op("H", (0,)), Op("Sdg", (1,)), Op("Tdg", (2,)), Op("SX", (0,)),
                              Op("Rx", (1,), (0.3,)), Op("P", (2,), (1.1,)),
                              Op("CZ", (0, 2)), Op("SWAP", (1, 2)), Op("CCX", (2, 0, 1)),
                              Op("X", (1,), controls=(0,)), Op("measure", (1,), key="c_1"),
                              Op("reset", (0,)), Op("barrier", (0, 1, 2))]):
        g = g.place(op, col)
    text = to_qasm(g)
    back = from_qasm(text)
    names = sorted(op.name for _, op in back.ops())
    assert names == sorted(["H", "Sdg", "Tdg", "SX", "Rx", "P", "CZ", "SWAP", "CCX", "CX",
                            "measure", "reset", "barrier"])
    before = Grid(3, g.columns[:10])
    after_ops = [(c, op) for c, op in back.ops() if op.name not in ("measure", "reset", "barrier")]
    after = Grid(3, tuple((op,) for _, op in after_ops))
    assert np.allclose(unitary_part(before), unitary_part(after), atol=1e-6)
    assert "barrier q[0],q[1],q[2];" in text and "measure q[1] -> c[1];" in text


def test_idle_qubits_and_cregs_are_kept():
    g = from_qasm(HEADER + "qreg q[4];\ncreg c[4];\nh q[3];\n")
    assert g.num_qubits == 4 and g.op_at(3, 0).name == "H"
    text = to_qasm(g)
    assert "qreg q[4];" in text and "creg c[4];" in text


def test_unknown_gates_are_kept_raw():
    g = from_qasm(HEADER + "qreg q[2];\nu3(0.1,0.2,0.3) q[1];\nrzz(0.5) q[0],q[1];\n")
    names = [op.name for _, op in g.ops()]
    assert names.count("raw") >= 1
    again = from_qasm(to_qasm(g))
    ref = to_cirq(g).unitary(qubit_order=qubits_of(g))
    assert np.allclose(to_cirq(again).unitary(qubit_order=qubits_of(again)), ref, atol=1e-6)


def test_overlapping_moment_is_split_into_drawable_columns():
    q = cirq.LineQubit.range(3)
    g = from_cirq(cirq.Circuit(cirq.Moment([cirq.CNOT(q[0], q[2]), cirq.H(q[1])])))
    assert g.width == 2


def test_controlled_palette_gate_is_recognised():
    q = cirq.LineQubit.range(3)
    g = from_cirq(cirq.Circuit(cirq.H(q[2]).controlled_by(q[0])), qubit_order=q)
    op = g.op_at(2, 0)
    assert op.name == "H" and op.controls == (0,)


def test_parse_error_has_line_and_column():
    with pytest.raises(QasmError) as info:
        from_qasm(HEADER + "qreg q[2];\nhh q[0];\n")
    assert info.value.line == 4


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*/*.qasm"))[:12], ids=lambda p: p.parent.name)
def test_corpus_files_load_and_keep_their_unitary(path):
    text = path.read_text()
    try:
        g = from_qasm(text, path.name)
    except QasmError:
        pytest.skip("deliberately invalid corpus file")
    circuit = cirq.Circuit(op for op in to_cirq(g).all_operations() if cirq.has_unitary(op))
    if g.num_qubits > 8:
        assert g.op_count() > 0
        return
    again = from_qasm(to_qasm(g))
    circuit2 = cirq.Circuit(op for op in to_cirq(again).all_operations() if cirq.has_unitary(op))
    assert cirq.allclose_up_to_global_phase(circuit.unitary(qubit_order=qubits_of(g)),
                                            circuit2.unitary(qubit_order=qubits_of(again)), atol=1e-5)


def test_several_registers_survive_editing_and_saving():
    text = HEADER + "qreg a[2];\nqreg anc[1];\ncreg c[3];\nh a[0];\ncx a[1],anc[0];\nmeasure anc[0] -> c[2];\n"
    g = from_qasm(text)
    assert g.qregs == (("a", 2), ("anc", 1)) and g.num_qubits == 3
    out = to_qasm(g)
    assert "qreg a[2];" in out and "qreg anc[1];" in out and "cx a[1],anc[0];" in out
    grown = g.insert_qubit(1)  # inside a: a grows to 3
    assert grown.qregs == (("a", 3), ("anc", 1))
    assert "cx a[2],anc[0];" in to_qasm(grown)
    assert g.insert_qubit(3).qregs == (("a", 2), ("anc", 2))  # past the end: the last register
    shrunk = g.delete_qubit(2)  # anc is gone with its only qubit
    assert shrunk.qregs == (("a", 2),) and "anc" not in to_qasm(shrunk)
