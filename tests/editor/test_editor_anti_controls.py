"""Anti-controls (control on |0>): the grid op, QASM as x-conjugated controls, read back as
one gate where the pattern is exact."""

from __future__ import annotations

import cirq
import numpy as np
import pytest

from qtool.editor.convert import from_qasm, to_cirq, to_qasm
from qtool.editor.model import EditError, Grid, Op

HEAD = 'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[3];\n'


def test_an_anti_controlled_x_fires_on_zero_and_round_trips():
    grid = Grid(2).place(Op("CX", (0, 1)), 0).toggle_anti(0, 0)
    (op,), = grid.columns
    assert (op.name, op.qubits, op.controls, op.anti) == ("X", (1,), (0,), (0,))
    state = cirq.final_state_vector(to_cirq(grid), qubit_order=cirq.LineQubit.range(2))
    assert np.allclose(np.abs(state) ** 2, [0, 1, 0, 0])  # |00> -> |01>
    text = to_qasm(grid)
    assert "x q[0];\ncx q[0],q[1];\nx q[0];\n" in text
    assert from_qasm(text).columns == grid.columns
    assert grid.toggle_anti(0, 0).columns[0][0].anti == ()  # and back


def test_one_of_several_controls_and_cz_either_dot():
    grid = Grid(3).place(Op("CCX", (0, 1, 2)), 0).toggle_anti(1, 0)
    again = from_qasm(to_qasm(grid))
    assert again.columns[0][0].anti == (1,)
    assert np.allclose(cirq.unitary(to_cirq(again)), cirq.unitary(to_cirq(grid)))
    cz = Grid(2).place(Op("CZ", (0, 1)), 0).toggle_anti(1, 0).columns[0][0]
    assert cz.controls == (1,) and cz.anti == (1,) and cz.qubits == (0,)
    with pytest.raises(EditError, match="anti-control"):
        Grid(2).place(Op("H", (0,)), 0).toggle_anti(0, 0)


def test_x_gates_that_are_not_the_exact_pattern_stay_gates():
    text = HEAD + "x q[0];\ncx q[0],q[1];\nh q[0];\n"
    names = [op.name for _, op in from_qasm(text).ops()]
    assert names == ["X", "CX", "H"]
