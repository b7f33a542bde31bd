"""Displays are computed on demand: inspect() simulates only; each display is computed the
first time it is asked for, once."""

import pytest

from qtool.editor.model import Grid, Op
from qtool.inspect import DISPLAYS, inspect


def bell() -> Grid:
    return Grid(2).place(Op("H", (0,)), 0).place(Op("CX", (0, 1)), 1)


def test_inspect_computes_no_display_until_asked():
    result = inspect(bell())
    assert result.computed == frozenset()
    assert dict(result.display("histogram")) == pytest.approx({"00": 0.5, "11": 0.5}, abs=1e-6)
    assert result.computed == {"histogram", "probabilities"}  # not the amplitudes, not the qubits
    assert [b for b, _ in result.amplitudes] == ["00", "11"]
    assert result.computed == {"histogram", "probabilities", "amplitudes"}


def test_a_display_is_computed_once(monkeypatch):
    from qtool.inspect import displays

    calls = []
    original = DISPLAYS["qubits"]
    monkeypatch.setitem(DISPLAYS, "qubits", displays.Display(
        "qubits", lambda ins: calls.append(1) or original.compute(ins)))
    result = inspect(bell())
    first = result.qubits
    assert result.qubits is first and len(calls) == 1
    assert [q.entropy for q in first] == pytest.approx([1.0, 1.0], abs=1e-6)


def test_unknown_display_is_refused():
    with pytest.raises(ValueError, match="unknown display 'bloch'"):
        inspect(bell()).display("bloch")


def test_histogram_lists_by_probability_and_counts_the_support():
    # Ry(2*asin(sqrt(0.2))) on q0, then H on q1: p(00)=p(01)=0.4, p(10)=p(11)=0.1.
    import math

    g = Grid(2).place(Op("Ry", (0,), (2 * math.asin(math.sqrt(0.2)),)), 0).place(Op("H", (1,)), 0)
    result = inspect(g)
    assert [b for b, _ in result.histogram] == ["00", "01", "10", "11"]
    assert [p for _, p in result.histogram] == pytest.approx([0.4, 0.4, 0.1, 0.1], abs=1e-6)
    assert result.display("support") == 4
    assert inspect(bell()).display("support") == 2
