"""Angles that are not a finite real number are refused with the reason, never a crash
(a complex power once raised TypeError out of the TUI's prompt)."""

import math

import pytest

from qtool.editor.angles import parse_angle
from qtool.errors import QtoolError


@pytest.mark.parametrize("text, reason", [
    ("(-1)^0.5", "complex"), ("(-8)**(1/3)", "complex"), ("-2^0.5 + (-2)^0.5", "complex"),
    ("1j", "unexpected 'j'"), ("1e400", "not a finite number"),
    ("1e308*10 - 1e308*10", "not a finite number"), ("inf", "unsupported term 'inf'"),
    ("nan", "unsupported term 'nan'"), ("9**9**9", "too large"), ("exp(1000)", "too large"),
    ("sqrt(-1)", "not a real number"), ("ln(0)", "not a real number"), ("1/0", "division by zero"),
])
def test_not_a_real_finite_angle(text, reason):
    with pytest.raises(QtoolError) as info:
        parse_angle(text)
    assert reason in str(info.value) and repr(text) in str(info.value)


def test_real_powers_still_work():
    assert parse_angle("-2^0.5") == pytest.approx(-math.sqrt(2))  # ^ binds tighter than minus
    assert parse_angle("(-2)^2") == pytest.approx(4.0)
    assert parse_angle("2^-1") == pytest.approx(0.5)
    assert isinstance(parse_angle("3"), float)
