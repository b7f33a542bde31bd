"""The editor's actions into other parts of qtool (qtool.editor.actions), at the core level
with the real parts passed in (as tui.parts does): algorithm text, compile, KetGPT, state
export, each checked against an independent fact."""

import json

import cirq
import numpy as np
import pytest

from qtool.circuits import generate
from qtool.compile import TARGET_NAMES, compile_circuit
from qtool.editor import actions
from qtool.editor.convert import to_cirq
from qtool.editor.model import Grid, Op
from qtool.errors import QtoolError
from qtool.inspect import inspect


def test_parse_algorithm_text():
    assert actions.parse_algorithm("qft 4") == ("qft", 4, None)
    assert actions.parse_algorithm("grover 3 7") == ("grover", 3, 7)
    for bad in ("qft", "qft four", "qft 4 5 6", "", "qft -1"):
        with pytest.raises(QtoolError, match="expected: NAME QUBITS"):
            actions.parse_algorithm(bad)


def test_algorithm_grid_is_the_generated_circuit():
    grid = actions.algorithm_grid("ghz 3", generate)
    assert grid.num_qubits == 3
    state = cirq.final_state_vector(to_cirq(grid), qubit_order=sorted(to_cirq(grid).all_qubits()))
    probs = np.abs(state) ** 2
    assert probs[0] == pytest.approx(0.5, abs=1e-6) and probs[7] == pytest.approx(0.5, abs=1e-6)
    with pytest.raises(QtoolError):
        actions.algorithm_grid("nosuchfamily 3", generate)


def test_compile_keeps_qubits_on_their_rows():
    grid = Grid(3).place(Op("H", (0,)), 0).place(Op("H", (0,)), 1).place(Op("X", (2,)), 0)
    new, summary = actions.compiled_grid(grid, "cz", compile_circuit, TARGET_NAMES)
    assert new.num_qubits == 3 and {r for _, op in new.ops() for r in op.rows} == {2}
    assert "verified" in summary


def test_compile_preserves_the_unitary_and_rejects_bad_input():
    bell = Grid(2).place(Op("H", (0,)), 0).place(Op("CX", (0, 1)), 1)
    new, summary = actions.compiled_grid(bell, "cz", compile_circuit, TARGET_NAMES)
    assert "CX" not in {op.name for _, op in new.ops()}
    assert cirq.equal_up_to_global_phase(cirq.unitary(to_cirq(new)), cirq.unitary(to_cirq(bell)),
                                         atol=1e-6)
    assert summary.startswith("compiled for cz: 2 -> ")
    with pytest.raises(QtoolError, match="unknown target 'vax'"):
        actions.compiled_grid(bell, "vax", compile_circuit, TARGET_NAMES)
    with pytest.raises(QtoolError, match="empty"):
        actions.compiled_grid(Grid(2), "cz", compile_circuit, TARGET_NAMES)


def test_ketgpt_text_and_generated_grid():
    from qtool.ketgpt.checkpoint import load
    from qtool.ketgpt.generate import generate as sample
    from qtool.ketgpt.sample import SampleOptions

    assert actions.parse_ketgpt("3") == (3, None) and actions.parse_ketgpt("2 7") == (2, 7)
    for bad in ("", "0", "two", "1 2 3", "-1"):
        with pytest.raises(QtoolError, match="expected: QUBITS"):
            actions.parse_ketgpt(bad)
    qasm = sample(load(), 1, qubits=2, opts=SampleOptions(seed=1))[0].qasm
    grid = actions.generated_grid(qasm)
    assert grid.num_qubits == 2 and grid.op_count() > 0


def test_export_state_writes_the_state(tmp_path):
    bell = Grid(2).place(Op("H", (0,)), 0).place(Op("CX", (0, 1)), 1)
    target = actions.export_state(inspect(bell), str(tmp_path / "s.json"))
    doc = json.loads(target.read_text())
    assert doc["schema"] == "qtool.tui.state/1" and doc["num_qubits"] == 2
    assert [a["bits"] for a in doc["top_amplitudes"]] == ["00", "11"]
    assert doc["state"][3][0] == pytest.approx(2 ** -0.5, abs=1e-6)
    assert [q["entropy"] for q in doc["qubits"]] == pytest.approx([1.0, 1.0], abs=1e-6)
    with pytest.raises(QtoolError, match="no state computed yet"):
        actions.export_state(None, str(tmp_path / "t.json"))
    assert not (tmp_path / "t.json").exists()
