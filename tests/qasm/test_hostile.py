"""Hostile OpenQASM: each input once crashed (exit 1), hung or blew up memory; now each
exits 2 with file:line:col and a clear message, quickly, before allocating anything big."""

from __future__ import annotations

import gc
import subprocess
import sys
import threading
import time

import pytest
from typer.testing import CliRunner

from qtool import qasm
from qtool.cli.main import app
from qtool.errors import QasmError, clip, excerpt
from qtool.qasm import reader

HEAD = 'OPENQASM 2.0;\ninclude "qelib1.inc";\n'  # the program below starts on line 3
HEAD3 = 'OPENQASM 3.0;\ninclude "stdgates.inc";\n'


def chain(n: int) -> str:
    return "gate g0 a { x a; }\n" + "".join(f"gate g{i} a {{ g{i - 1} a; }}\n" for i in range(1, n))


CASES = [
    # (id, program, line, column, words in the message)
    ("if-at-eof", HEAD + "qreg q[1]; creg c[1];\nif (c==0)", 4, 10, "found the end of the input"),
    ("if-block-at-eof", HEAD + "qreg q[1]; creg c[1];\nif (c==0) {", 4, 12, "expected '}'"),
    ("gphase-no-angle-in-body", HEAD + "qreg q[1];\ngate g a { gphase; x a; }\ng q[0];", 4, 12,
     "gphase takes one parameter, got 0"),
    ("gphase-two-angles-in-body", HEAD + "qreg q[1];\ngate g a { gphase(1,2); x a; }\ng q[0];", 4, 12,
     "gphase takes one parameter, got 2"),
    ("gphase-two-angles", HEAD3 + "qubit[1] q;\ngphase(1,2);", 4, 7, "gphase takes one parameter"),
    ("complex-angle", HEAD + "qreg q[1];\nrx((-1)^0.5) q[0];", 4, 4, "complex value"),
    ("complex-angle-in-body", HEAD + "qreg q[1];\ngate g(t) a { rx(t^0.5) a; }\ng(-1) q[0];", 4, 15,
     "complex value"),
    ("complex-in-function", HEAD + "qreg q[1];\nrx(sin((-1)^0.5)) q[0];", 4, 4, "complex value"),
    ("infinite-number", HEAD + "qreg q[1];\nrx(1e999) q[0];", 4, 4, "number 1e999 is too large"),
    ("infinite-product", HEAD + "qreg q[1];\nrx(1e308*10) q[0];", 4, 4, "angles must be finite"),
    ("infinite-in-body", HEAD + "qreg q[1];\ngate g(t) a { rx(t*t) a; }\ng(1e200) q[0];", 4, 15,
     "angles must be finite"),
    ("nan", HEAD + "qreg q[1];\nU(nan,0,0) q[0];", 4, 3, "unknown parameter 'nan'"),
    ("nan-by-arithmetic", HEAD + "qreg q[1];\nU(1e308*10-1e308*10,0,0) q[0];", 4, 3, "finite"),
    ("pow-infinite", HEAD3 + "qubit[1] q;\npow(1e999) @ x q[0];", 4, 5, "too large"),
    ("deep-unary-minus", HEAD + "qreg q[1];\nrx(" + "-" * 1000 + "1) q[0];", 4, 104,
     "nested deeper than 100 levels"),
    ("deep-power", HEAD + "qreg q[1];\nrx(" + "2^" * 1000 + "1) q[0];", 4, 205, "nested deeper"),
    ("deep-sum", HEAD + "qreg q[1];\nrx(" + "1+" * 1000 + "1) q[0];", 4, 205, "nested deeper"),
    ("deep-parens", HEAD + "qreg q[1];\nrx(" + "(" * 1000 + "1" + ")" * 1000 + ") q[0];", 4, 104,
     "nested deeper"),
    ("deep-functions", HEAD + "qreg q[1];\nrx(" + "sin(" * 300 + "1" + ")" * 300 + ") q[0];", 4, 404,
     "nested deeper"),
    ("gate-chain-1000", HEAD + "qreg q[1];\n" + chain(1000) + "g999 q[0];", 105, 6,
     "nests user gates 101 levels deep"),
    ("self-recursive-prelude-gate", HEAD + "qreg q[3];\ngate rccx a,b,c { rccx a,b,c; }\n", 4, 19,
     "calls itself"),
    ("self-recursive-gate", HEAD + "qreg q[1];\ngate g a { g a; }\n", 4, 12, "calls itself"),
    ("huge-qreg", HEAD + "qreg q[999999999];", 3, 6, "qubits is over the limit of 100000"),
    ("huge-digits-qreg", HEAD + "qreg q[" + "9" * 5000 + "];", 3, 6, "over the limit"),
    ("huge-index", HEAD + "qreg q[1];\nh q[" + "9" * 5000 + "];", 4, 3, "out of range"),
    ("huge-creg", HEAD + "creg c[2000000];", 3, 6, "classical bits is over the limit"),
    ("wide-if", HEAD + "qreg q[1]; creg c[300000];\nif (c==0) x q[0];", 4, 5,
     "300000 classical bits in one condition is over the limit of 4096"),
    ("doubling-gates", HEAD + "qreg q[1];\ngate d0 a { x a; }\n"
     + "".join(f"gate d{i} a {{ d{i - 1} a; d{i - 1} a; }}\n" for i in range(1, 40))
     + "d39 q[0];", 44, 1, "549755813888 operations is over the limit of 5000000"),
    ("unterminated-comment", HEAD + "qreg q[1];\n/* h q[0];", 4, 1, "unterminated comment"),
]


@pytest.mark.parametrize("text, line, column, words", [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_hostile_input_is_a_located_error(text, line, column, words):
    start = time.perf_counter()
    with pytest.raises(QasmError) as info:
        qasm.parse(text, "bad.qasm")
    err = info.value
    assert (err.line, err.column) == (line, column), err.format()
    assert words in err.message, err.message
    assert err.format().startswith(f"bad.qasm:{line}:{column}: ")
    assert time.perf_counter() - start < 5


def test_limit_messages_say_how_to_raise_them():
    with pytest.raises(QasmError) as info:
        qasm.parse(HEAD + "qreg q[999999999];", "big.qasm")
    assert "raise it with `qtool --limit qubits=N` or QTOOL_LIMIT_QUBITS=N" in info.value.message


def test_raised_limits_let_the_input_through(monkeypatch):
    monkeypatch.setenv("QTOOL_LIMIT_CONDITION_BITS", "5000")
    c = qasm.parse(HEAD + "qreg q[1]; creg c[4500];\nif (c==3) x q[0];")
    (op,) = c.all_operations()
    assert len(op.classical_controls) == 4500
    monkeypatch.setenv("QTOOL_LIMIT_GATES", "10")
    qasm.parse(HEAD + "qreg q[1];\ngate d a { x a; x a; x a; x a; x a; }\nd q[0]; d q[0];")
    with pytest.raises(QasmError, match="11 operations is over the limit of 10"):
        qasm.parse(HEAD + "qreg q[1];\ngate d a { x a; x a; x a; x a; x a; }\nd q[0]; d q[0]; x q[0];")
    with pytest.raises(QasmError, match="11 operations is over the limit of 10"):
        qasm.parse(HEAD + "qreg q[1];\n" + "x q[0];\n" * 11)


def test_parameters_nested_deeper_than_one_level_parse():
    c = qasm.parse(HEAD + "qreg q[1];\nrz(-(pi/(2*(1+1)))) q[0];\nrz(sin((pi/2))) q[0];")
    assert len(list(c.all_operations())) == 2


def test_gphase_with_one_angle_still_works_in_a_body():
    c = qasm.parse(HEAD + "qreg q[1];\ngate g a { gphase(pi); x a; }\ng q[0];")
    assert len(list(c.all_operations())) == 2


def test_redefined_prelude_gate_keeps_callers_bound_to_the_old_definition():
    # `a` was defined with the prelude's rccx; redefining rccx via `a` must not recurse.
    text = HEAD + ("qreg q[3];\ngate a x,y,z { rccx x,y,z; }\n"
                   "gate rccx x,y,z { a x,y,z; }\nrccx q[0],q[1],q[2];")
    assert len(list(qasm.parse(text).all_operations())) == 9


def test_wide_condition_is_cheap_and_exact():
    start = time.perf_counter()
    c = qasm.parse(HEAD + "qreg q[1]; creg c[4096];\nif (c==5) x q[0];")
    assert time.perf_counter() - start < 5
    (op,) = c.all_operations()
    bits = {str(cond.expr.lhs): int(cond.expr.rhs) for cond in op.classical_controls}
    assert len(bits) == 4096
    assert [bits[f"c_{i}"] for i in range(5)] == [1, 0, 1, 0, 0]


def test_barrier_on_20000_qubits_is_fast():
    start = time.perf_counter()
    c = qasm.parse(HEAD + "qreg q[20000];\nbarrier q;\nbarrier q, q[3];")
    assert time.perf_counter() - start < 5
    ops = list(c.all_operations())
    assert [len(op.qubits) for op in ops] == [20000, 20000]


@pytest.mark.parametrize("make", [
    lambda n: HEAD + "h q[0]" + " " * n + "x",
    lambda n: HEAD + "qreg q[1];\ngate g a { h a" + " " * n + "x",
    lambda n: HEAD + "/*" * n,
    lambda n: HEAD + "qreg q[1]; creg c[1];\nmeasure q[0] " + "->" * n,
    lambda n: HEAD + "qreg q[1];\nrz(" + " " * n + "1",
    lambda n: HEAD + "qreg q[1];\nctrl(" + " " * n + "1",
], ids=["spaces", "spaces-in-gate-body", "comment-openers", "arrows", "spaces-in-params",
        "spaces-in-modifier"])
def test_backtracking_inputs_are_linear(make):
    """Each of these took 27 s (spaces) or grew quadratically; 1 MB must take well under a second."""
    start = time.perf_counter()
    with pytest.raises(QasmError):
        qasm.parse(make(500_000), "hostile.qasm")
    assert time.perf_counter() - start < 2.5  # generous: CI machines are shared


def test_long_identifier_is_clipped_and_caret_points_at_column():
    name = "a" * 1_000_000
    with pytest.raises(QasmError) as info:
        qasm.parse(HEAD + "qreg q[1];\nh q[0]; " + name + " q[0];", "long.qasm")
    err = info.value
    assert err.message == f"unknown gate '{'a' * 59}…'"
    assert len(err.format()) < 400
    with pytest.raises(QasmError) as info:
        qasm.parse(HEAD + "qreg q[1];\n" + "x q[0]; " * 200 + "h r[0];", "wide.qasm")
    err = info.value
    assert err.column == 1603
    _head, shown, caret = err.format().split("\n")
    assert shown[caret.index("^")] == "r"  # the caret sits under the offending character
    assert shown.startswith("    ...") and len(shown) < 120


def test_excerpt_and_clip():
    assert clip("abc") == "abc"
    assert clip("x" * 100) == "x" * 59 + "…"
    text, at = excerpt("ab\tcd", 4)
    assert (text, at) == ("ab cd", 3)
    text, at = excerpt("x" * 500 + "Y" + "z" * 500, 501)
    assert text[at] == "Y" and text.startswith("...") and text.endswith("...")
    text, at = excerpt("x" * 300 + "Y", 301)
    assert text[at] == "Y" and text.startswith("...") and not text.endswith("...")


def test_gc_pause_restores_on_every_path_and_nests():
    assert gc.isenabled()
    with reader.gc_paused():
        with reader.gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer block still holds it
    assert gc.isenabled()
    with pytest.raises(QasmError):
        qasm.parse(HEAD + "bogus;")
    assert gc.isenabled()
    gc.disable()
    try:
        qasm.parse(HEAD + "qreg q[1]; h q[0];")
        assert not gc.isenabled()  # a collector the caller disabled stays disabled
    finally:
        gc.enable()


def test_gc_pause_is_safe_across_threads():
    errors = []

    def work():
        try:
            for _ in range(20):
                qasm.parse(HEAD + "qreg q[2]; h q[0]; cx q[0], q[1];")
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert gc.isenabled()


runner = CliRunner()


@pytest.mark.parametrize("case", ["if-at-eof", "complex-angle", "deep-sum", "gate-chain-1000",
                                  "huge-qreg", "wide-if"])
def test_cli_info_exits_2_with_location(tmp_path, case):
    _id, text, line, column, words = next(c for c in CASES if c[0] == case)
    path = tmp_path / "bad.qasm"
    path.write_text(text)
    result = runner.invoke(app, ["info", str(path)])
    assert result.exit_code == 2, result.output
    assert f"{path}:{line}:{column}: " in result.output
    assert words in result.output
    assert "Traceback" not in result.output


def test_cli_subprocess_info_reports_crash_inputs(tmp_path):
    """As a user runs it: `python -m qtool info FILE` for three inputs that used to exit 1."""
    for case in ("self-recursive-prelude-gate", "infinite-number", "gphase-no-angle-in-body"):
        _id, text, line, column, words = next(c for c in CASES if c[0] == case)
        path = tmp_path / f"{case}.qasm"
        path.write_text(text)
        proc = subprocess.run([sys.executable, "-m", "qtool", "info", str(path)],
                              capture_output=True, text=True, timeout=120)
        assert proc.returncode == 2, proc.stderr
        assert f"{path}:{line}:{column}: {words}" in proc.stderr or (
            f"{path}:{line}:{column}: " in proc.stderr and words in proc.stderr), proc.stderr
        assert "Traceback" not in proc.stderr


def test_cli_limit_option_raises_the_qubit_limit(tmp_path, monkeypatch):
    monkeypatch.setenv("QTOOL_LIMIT_QUBITS", "100000")  # restored after the test
    path = tmp_path / "wide.qasm"
    path.write_text(HEAD + "qreg q[5];\nh q[0];\n")
    result = runner.invoke(app, ["--limit", "qubits=4", "info", str(path)])
    assert result.exit_code == 2
    assert "5 qubits is over the limit of 4" in result.output
    result = runner.invoke(app, ["--limit", "qubits=5", "info", str(path)])
    assert result.exit_code == 0, result.output
