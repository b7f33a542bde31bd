"""Splitting a stream of OpenQASM programs, with errors at their real line in the stream."""

from __future__ import annotations

import pytest

from qtool import qasm
from qtool.errors import QasmError, QtoolError
from qtool.qasm.stream import split_programs

BELL = 'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[2];\nh q[0];\ncx q[0],q[1];\n'


def test_one_program_is_one_piece_with_its_header_line():
    text = "// comment\n" + BELL
    (piece,) = split_programs(text)
    assert piece.text == text and piece.first_line == 1 and piece.header_line == 2


def test_text_without_a_header_is_one_piece():
    assert [p.text for p in split_programs("qreg q[1];\n")] == ["qreg q[1];\n"]


def test_pieces_start_at_each_header_and_keep_every_line(samples):
    bell, ghz = (samples / "bell.qasm").read_text(), (samples / "ghz.qasm").read_text()
    pieces = split_programs(bell + ghz)
    assert "".join(p.text for p in pieces) == bell + ghz
    assert [p.header_line for p in pieces] == [2, 8 + 2]
    # Leading comments stay with the first program; a later header starts the next one.
    assert pieces[0].first_line == 1 and pieces[1].first_line == 10
    assert pieces[0].text.startswith("// Bell") and pieces[1].text.startswith("OPENQASM")


def test_a_header_inside_a_comment_does_not_split():
    assert len(split_programs(BELL + "// OPENQASM 2.0; is the header\n")) == 1


def test_parse_programs_reads_each():
    programs = qasm.stream.parse_programs(BELL + BELL.replace("q[2]", "q[3]"))
    assert [p.qregs for p in programs] == [{"q": 2}, {"q": 3}]


def test_an_error_in_the_second_program_names_its_line_in_the_stream():
    text = BELL + BELL.replace("cx q[0],q[1];", "cx q[0],q[7];")
    with pytest.raises(QasmError) as err:
        qasm.stream.parse_programs(text, "two.qasm")
    assert err.value.line == 10 and err.value.filename == "two.qasm"
    assert str(err.value).startswith("two.qasm:10:")
    assert "cx q[0],q[7];" in str(err.value)


def test_a_stream_is_refused_by_the_one_program_parser():
    with pytest.raises(QtoolError,
                       match=r"input holds 2 OpenQASM programs \(OPENQASM headers at lines 1, 6\)"):
        qasm.parse_any(BELL + BELL, "<stdin>")
