"""The editor opens files through the shared loader: cirq JSON written by `qtool convert`."""

from __future__ import annotations

import subprocess
import sys

import cirq
import pytest

from qtool.editor.convert import from_program
from qtool.qasm import parse_program
from qtool.editor.document import Document
from qtool.editor.model import Op
from qtool.errors import QtoolError


def convert_to_json(src, out):
    r = subprocess.run([sys.executable, "-m", "qtool", "convert", str(src), "--to", "cirq-json",
                        "-o", str(out)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert out.read_text().lstrip().startswith("{")


def test_open_cirq_json_from_convert_and_save_in_place(samples, tmp_path):
    src = samples / "grover.qasm"
    path = tmp_path / "grover.json"
    convert_to_json(src, path)
    doc = Document.open(path, recovery_folder=tmp_path / "rec")
    from_qasm = Document.open(src, recovery_folder=tmp_path / "rec")
    assert doc.grid.num_qubits == from_qasm.grid.num_qubits
    # grover.qasm defines gates: the editor keeps their calls as boxes, cirq JSON has them
    # expanded (as `qtool convert` writes it), so compare with the file read expanded
    expanded = from_program(parse_program(src.read_text()))
    assert doc.grid.op_count() == expanded.op_count() > from_qasm.grid.op_count() > 0
    assert not doc.modified and doc.file_format == "cirq-json"
    doc.apply(doc.grid.place(Op("X", (0,)), doc.grid.width))
    doc.save()
    assert not doc.modified
    assert path.read_text().lstrip().startswith("{")  # stays cirq JSON, as it was opened
    again = Document.open(path)
    assert again.grid == doc.grid


def test_unitary_of_opened_json_matches_the_qasm(samples, tmp_path):
    src = samples / "qft.qasm"
    path = tmp_path / "qft.json"
    convert_to_json(src, path)
    a, b = Document.open(path).circuit(), Document.open(src).circuit()
    assert cirq.allclose_up_to_global_phase(cirq.unitary(a), cirq.unitary(b), atol=1e-8)


def test_save_as_qasm_from_json_and_bad_json(tmp_path, samples):
    path = tmp_path / "bell.json"
    convert_to_json(samples / "bell.qasm", path)
    doc = Document.open(path)
    out = doc.save(tmp_path / "bell.qasm")
    assert out.read_text().startswith("OPENQASM 2.0;") and doc.file_format == "qasm"
    bad = tmp_path / "bad.json"
    bad.write_text('{"cirq_type": "Circuit", "moments": 3}')
    with pytest.raises(QtoolError, match="bad.json: not a cirq circuit"):
        Document.open(bad)
