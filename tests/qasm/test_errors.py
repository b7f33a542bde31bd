"""Bad OpenQASM: every error names file, line and column and says what was expected."""

from __future__ import annotations

import pytest

from qtool import qasm
from qtool.errors import QasmError

HEAD = 'OPENQASM 2.0;\ninclude "qelib1.inc";\n'

CASES = [
    # (program after HEAD, line, column, words in the message)
    ("qreg q[2];\nfoo q[0];", 4, 1, "unknown gate 'foo'"),
    ("qreg q[2];\ncx q[0];", 4, 1, "acts on 2 qubits, got 1"),
    ("qreg q[2];\nrz q[0];", 4, 1, "takes 1 parameter, got 0"),
    ("qreg q[2];\nh r[0];", 4, 3, "'r' is undeclared"),
    ("qreg q[2];\nh q[5];", 4, 3, "out of range"),
    ("qreg q[2];\ncx q[1], q[1];", 4, 1, "same qubit twice"),
    ("qreg q[2];\nh q[0]\ncx q[0], q[1];", 4, 7, "expected ';' at the end of the statement"),
    ("qreg q[2];\nmeasure q[0] -> c[0];", 4, 17, "classical register 'c' is undeclared"),
    ("qreg q[2];\nrz(pi/) q[0];", 4, 7, "expected a number"),
    ("qreg q[2];\nrz(theta) q[0];", 4, 4, "unknown parameter 'theta'"),
    ("qreg q[2];\nqreg q[3];", 4, 6, "already declared"),
    ('include "other.inc";', 3, 9, "cannot include"),
    ("qreg q[2];\nh q[0]", 4, 7, "expected ';' after the arguments of 'h'"),
    ("qreg q[2];\ngate g a { h b; }\n", 4, 14, "'b' is not a qubit argument"),
    ("qreg q[2];\ncreg c[1];\nif (c == 5) x q[0];", 5, 10, "does not fit"),
    ("qreg q[1];\nopaque magic q;\nmagic q[0];", 5, 1, "opaque gate 'magic'"),
    ("qreg q[1];\n} ", 4, 1, "unexpected '}'"),
    ("for i in [0:2] { }", 3, 1, "'for' is not supported"),
]


@pytest.mark.parametrize("body, line, column, words", CASES)
def test_error_is_located(body, line, column, words):
    with pytest.raises(QasmError) as info:
        qasm.parse(HEAD + body, "bad.qasm")
    err = info.value
    assert (err.filename, err.line, err.column) == ("bad.qasm", line, column), err.format()
    assert words in err.message
    assert err.format().startswith(f"bad.qasm:{line}:{column}: ")
    assert "^" in err.format()  # the offending line is quoted with a caret


def test_empty_input():
    with pytest.raises(QasmError, match="empty input"):
        qasm.parse("   \n", "empty.qasm")


def test_comments_do_not_shift_columns():
    with pytest.raises(QasmError) as info:
        qasm.parse(HEAD + "/* a\n comment */ qreg q[1]; // note\n  bogus q[0];", "c.qasm")
    assert (info.value.line, info.value.column) == (5, 3)
