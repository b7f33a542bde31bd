"""Displays placed in the circuit: their values against hand-derived states."""

from __future__ import annotations

import numpy as np
import pytest

from qtool.editor.model import Grid, Op
from qtool.editor.placed import display_op
from qtool.inspect.placed import COMPUTE, compute_placed, marginal, reduced

BELL = np.array([1, 0, 0, 1]) / np.sqrt(2)


def test_reduced_and_marginal_follow_the_rows_order():
    # |q0 q1 q2> = |1>|0>|+>: rows (2, 0) list q2 first
    plus = np.array([1, 1]) / np.sqrt(2)
    state = np.kron(np.kron([0, 1], [1, 0]), plus)
    assert np.allclose(marginal(state, 3, (0,)), [0, 1])
    assert np.allclose(marginal(state, 3, (2, 0)), [0, 0.5, 0, 0.5])  # "q2 q0": 01 and 11
    rho = reduced(state, 3, (2,))
    assert np.allclose(rho, [[0.5, 0.5], [0.5, 0.5]])
    assert np.allclose(reduced(BELL, 2, (0, 1)), np.outer(BELL, BELL))


def test_amplitudes_only_for_unentangled_qubits():
    assert COMPUTE["amplitude"](BELL, 2, (0,)) is None
    state = np.kron([0, 1j], np.array([1, -1]) / np.sqrt(2))  # i|1> (x) |->
    amps = COMPUTE["amplitude"](state, 2, (1,))
    assert np.allclose(amps, np.array([1, -1]) / np.sqrt(2)) or np.allclose(amps, np.array([-1, 1]) / np.sqrt(2))
    assert np.isclose(max(abs(amps)), abs(amps[np.argmax(abs(amps))].real))  # largest is real


def test_compute_placed_simulates_at_each_display_column():
    grid = Grid(2)
    grid = grid.place(Op("H", (0,)), 0).place(display_op("bloch", (0,)), 1)
    grid = grid.place(Op("CX", (0, 1)), 2).place(display_op("density", (0, 1)), 3)
    grid = grid.place(display_op("chance", (1,)), 4)
    bloch, density, chance = compute_placed(grid)
    assert (bloch.column, bloch.kind) == (1, "bloch")
    assert bloch.value[0].x == pytest.approx(1) and bloch.value[0].z == pytest.approx(0, abs=1e-6)
    assert np.allclose(density.value, np.outer(BELL, BELL), atol=1e-6)
    assert chance.value == [pytest.approx(0.5)]


def test_a_display_is_not_an_operation():
    from qtool.editor.convert import to_cirq

    grid = Grid(1).place(Op("X", (0,)), 0).place(display_op("chance", (0,)), 1)
    assert len(list(to_cirq(grid).all_operations())) == 1


def test_post_selection_renormalises_and_reports_the_kept_probability():
    from qtool.editor.placed import postselect_op
    from qtool.errors import QtoolError
    from qtool.inspect import inspect

    bell = Grid(2).place(Op("H", (0,)), 0).place(Op("CX", (0, 1)), 1)
    grid = bell.place(postselect_op(0, 0), 2).place(display_op("chance", (1,)), 3)
    result = inspect(grid)
    assert result.kept == pytest.approx(0.5)
    assert dict(result.histogram) == {"00": pytest.approx(1.0)}
    assert "kept probability 0.5" in result.notes[0]
    (chance,) = compute_placed(grid)
    assert chance.value == [pytest.approx(0.0, abs=1e-6)] and chance.post_selected == pytest.approx(0.5)
    with pytest.raises(QtoolError, match="keeps probability 0"):
        inspect(Grid(1).place(postselect_op(0, 1), 0))
    with pytest.raises(QtoolError, match="unitary circuit before it"):
        inspect(Grid(1).place(Op("measure", (0,), key="c_0"), 0).place(postselect_op(0, 0), 1))
