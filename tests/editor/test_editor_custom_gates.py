"""qtool.editor.custom: matrices checked and decomposed into one named box, selections
named as gates, and the QASM they are saved as read back to the same unitary."""

from __future__ import annotations

import json

import cirq
import numpy as np
import pytest

from qtool.editor.convert import from_qasm, to_cirq, to_qasm
from qtool.editor.custom import gate_from_matrix, name_problem, read_matrix
from qtool.editor.document import Document
from qtool.editor.session import Session
from qtool.editor.model import EditError
from qtool.errors import QtoolError


@pytest.mark.parametrize("k", [1, 2, 3])
def test_random_unitaries_are_decomposed_exactly_and_saved_as_a_definition(k):
    matrix = cirq.testing.random_unitary(2 ** k, random_state=k)
    gate = gate_from_matrix("mat", matrix)
    assert cirq.num_qubits(gate) == k
    assert cirq.allclose_up_to_global_phase(cirq.unitary(gate), matrix, atol=1e-6)
    s = Session(Document.new(3))
    s.set_cursor(0, 0)
    s.place_gate(gate)
    text = s.document.qasm()
    assert text.count("gate mat ") == 1 and f"mat {','.join(f'q[{i}]' for i in range(k))};" in text
    back = to_cirq(from_qasm(text))  # the box read back: only its k qubits are touched
    assert cirq.allclose_up_to_global_phase(back.unitary(qubit_order=sorted(back.all_qubits())),
                                            matrix, atol=1e-6)
    with pytest.raises(QtoolError, match="standard gate"):
        gate_from_matrix("u", matrix)


def test_bad_matrices_say_what_is_wrong(tmp_path):
    cases = {"a.npy": np.array([[1, 1], [0, 1]]), "b.npy": np.eye(3), "c.npy": np.eye(2)[:1]}
    expected = {"a.npy": "not unitary", "b.npy": r"2\^k x 2\^k", "c.npy": "square"}
    for name, array in cases.items():
        np.save(tmp_path / name, array)
        with pytest.raises(QtoolError, match=expected[name]):
            read_matrix(tmp_path / name)
    (tmp_path / "d.json").write_text("[[1, 0], [0, \"oops\"]]")
    with pytest.raises(QtoolError, match="d.json"):
        read_matrix(tmp_path / "d.json")
    with pytest.raises(QtoolError, match="no such file"):
        read_matrix(tmp_path / "missing.npy")
    (tmp_path / "e.json").write_text(json.dumps([[0, [0, -1]], ["1j", 0]]))  # -i, i: Y
    assert np.allclose(read_matrix(tmp_path / "e.json"), cirq.unitary(cirq.Y))


def test_names_and_selections():
    assert name_problem("cx") and name_problem("2a") and name_problem("measure")
    assert name_problem("mine") is None
    s = Session(Document.new(2))
    s.place("H")
    s.set_cursor(0, 0)
    s.make_gate("mine")
    with pytest.raises(EditError, match="already has a gate 'mine'"):
        s.make_gate("mine")
    s.set_cursor(1, 1)
    s.place("measure")
    s.set_cursor(1, 1)
    with pytest.raises(EditError, match="unitary gates only"):
        s.make_gate("other")
    assert "gate mine q0 { h q0; }" in to_qasm(s.grid)



def test_matrix_files_read_as_qtool_synth_reads_them(tmp_path):
    """One reader (qtool.arrayfile) for the TUI's matrix gates and `qtool synth --unitary`:
    the same JSON forms are taken, and the same entries refused, with the file named."""
    (tmp_path / "ri.json").write_text(json.dumps({"real": [[0, 1], [1, 0]], "imag": [[0, 0], [0, 0]]}))
    assert np.allclose(read_matrix(tmp_path / "ri.json"), cirq.unitary(cirq.X))
    (tmp_path / "obj.json").write_text(json.dumps([[0, {"re": 0, "im": -1}], [{"re": 0, "im": 1}, 0]]))
    assert np.allclose(read_matrix(tmp_path / "obj.json"), cirq.unitary(cirq.Y))
    (tmp_path / "bool.json").write_text("[[true, 0], [0, 1]]")
    with pytest.raises(QtoolError, match=r"bool\.json: entries must be numbers, found True"):
        read_matrix(tmp_path / "bool.json")
    (tmp_path / "broken.json").write_text("[[1, 0],\n [0, 1")
    with pytest.raises(QtoolError, match=r"broken\.json:2:\d+: not valid JSON"):
        read_matrix(tmp_path / "broken.json")
