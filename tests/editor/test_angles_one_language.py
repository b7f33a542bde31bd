"""One angle language: the reader's gate parameters and the TUI's angle prompt accept and
refuse exactly the same texts, with the same values; one formatter writes angles back for
both, and what it writes parses back to the same angle through either."""

from __future__ import annotations

import math

import pytest

from qtool import qasm
from qtool.editor import angles
from qtool.errors import QasmError, QtoolError
from qtool.qasm import writer

HEAD3 = 'OPENQASM 3.0;\ninclude "stdgates.inc";\nqubit[1] q;\n'

EXPRESSIONS = [
    # (text, value or None when both must refuse it)
    ("pi/2", math.pi / 2), ("2*pi", 2 * math.pi), ("-pi", -math.pi), ("1e-3", 1e-3),
    ("euler", math.e), ("ℇ", math.e), ("π/4", math.pi / 4), ("tau", math.tau), ("τ/2", math.pi),
    ("sin(pi/2)", 1.0), ("2^-1", 0.5), ("-2^0.5", -math.sqrt(2)), ("3*pi/8 + 0.1", 3 * math.pi / 8 + 0.1),
    ("2**3", 8.0), ("  pi / 4 ", math.pi / 4), ("(" * 50 + "1" + ")" * 50, 1.0),
    ("e", None), ("(-1)^0.5", None), ("1e999", None), ("1e308*10", None), ("nan", None),
    ("inf", None), ("1j", None), ("sqrt(-1)", None), ("ln(0)", None), ("1/0", None),
    ("9**9**9", None), ("exp(1000)", None), ("pi/", None), ("theta", None), ("x(1)", None),
    ("(" * 101 + "1" + ")" * 101, None), ("2^" * 200 + "1", None), ("1+" * 200 + "1", None),
    ("-" * 200 + "1", None), ("sin(pi", None), ("pi pi", None), ("1,2", None),
]


def through_reader(text: str):
    """The value the reader gives `text` as a gate parameter, or the refusal's message."""
    try:
        circuit = qasm.parse(HEAD3 + f"U({text}, 0, 0) q[0];", "a.qasm")
    except QasmError as exc:
        return None, exc.message
    (op,) = circuit.all_operations()
    return op.gate.theta, None


def through_prompt(text: str):
    try:
        return angles.parse_angle(text), None
    except QtoolError as exc:
        return None, str(exc)


@pytest.mark.parametrize("text, value", EXPRESSIONS, ids=[t[:20] for t, _ in EXPRESSIONS])
def test_reader_and_prompt_agree(text, value):
    read, read_error = through_reader(text)
    typed, typed_error = through_prompt(text)
    if value is None:
        assert read is None and typed is None, (read, typed)
        assert read_error and typed_error
    else:
        assert read_error is None and typed_error is None, (read_error, typed_error)
        assert read == typed == pytest.approx(value, rel=1e-15, abs=0)


def test_bare_e_is_refused_with_a_hint_in_both():
    """OpenQASM has no `e`; it is a valid parameter name. Both point at `euler`."""
    assert "Euler's number is written euler" in through_reader("e")[1]
    assert "Euler's number is written euler" in through_prompt("e")[1]
    # and as a gate's formal parameter it is just a name
    circuit = qasm.parse(HEAD3 + "gate g(e) a { U(e, 0, 0) a; }\ng(0.5) q[0];", "a.qasm")
    assert next(iter(circuit.all_operations())).gate.theta == 0.5


def test_prompt_messages_quote_the_text_and_the_column():
    assert "'pi/'" in through_prompt("pi/")[1] and "column 4" in through_prompt("pi/")[1]
    assert "unsupported term 'theta'" in through_prompt("2*theta")[1]


def test_one_formatter():
    assert angles.format_angle is writer.format_angle


VALUES = ([k * math.pi / d for d in (1, 2, 3, 4, 6, 8, 16, 1024) for k in range(-17, 18)]
          + [0.1234, -0.5, 1e-3, 2.5e-9, 1 / 3, math.e, math.sqrt(2), 123456.789, -7e5, 1e10,
             0.1 + 0.2, 5e-324 * 1e12, math.pi + 1e-9, 1e-12, 0.0]
          + [math.sin(i) * 10 ** (i % 7 - 3) for i in range(1, 60)])


@pytest.mark.parametrize("value", VALUES)
def test_format_then_parse_round_trips_through_both(value):
    text = angles.format_angle(value)
    tolerance = 1e-12 * max(1.0, abs(value))  # pi multiples within this are written as such
    typed, error = through_prompt(text)
    assert error is None, error
    read, error = through_reader(text)
    assert error is None, error
    assert typed == read
    assert abs(typed - value) <= tolerance, (value, text, typed)
    if "pi" not in text and text != "0":
        assert typed == value  # a plain float is written to round-trip exactly
    assert angles.format_angle(typed) == text  # and writing it again gives the same text


def test_format_angle_shapes():
    assert [angles.format_angle(x) for x in (math.pi / 4, -math.pi, 3 * math.pi / 8, 2 * math.pi,
                                             0.1234, 0.0, 1e-13)] == \
        ["pi/4", "-pi", "3*pi/8", "2*pi", "0.1234", "0", "0"]
