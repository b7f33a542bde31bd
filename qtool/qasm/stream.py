"""Streams of several OpenQASM programs, as `qtool ketgpt generate --count N` prints them.

A program starts at a line whose first word is `OPENQASM`; anything before the first
header (comments, blank lines) belongs to the first program. Each piece remembers the line
it starts on, so a parse error in the second program names its real line in the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qtool.errors import QasmError

_HEADER = re.compile(r"[ \t]*OPENQASM\b")


@dataclass(frozen=True)
class Piece:
    """One program of a stream: its text, the 1-based line of the file it starts on and the
    line of its `OPENQASM` header (later when comments come first)."""

    text: str
    first_line: int
    header_line: int = 1


def split_programs(text: str) -> list[Piece]:
    """The programs of `text`, in order; one piece (the whole text) when it holds one or none."""
    line_starts = [0]
    for i, ch in enumerate(text):
        if ch == "\n":
            line_starts.append(i + 1)
    header_lines = [n for n, pos in enumerate(line_starts) if _HEADER.match(text, pos)]
    if len(header_lines) <= 1:
        return [Piece(text, 1, header_lines[0] + 1 if header_lines else 1)]
    starts = header_lines
    if starts[0] != 0:
        starts = [0] + starts[1:]  # leading comments go with the first program
    pieces = []
    for k, line in enumerate(starts):
        begin = line_starts[line]
        end = line_starts[starts[k + 1]] if k + 1 < len(starts) else len(text)
        pieces.append(Piece(text[begin:end], line + 1, header_lines[k] + 1))
    return pieces


def parse_piece(piece: Piece, filename: str):
    """Parse one piece, reporting error lines as lines of the whole file."""
    from qtool.qasm.reader import parse_program

    try:
        return parse_program(piece.text, filename)
    except QasmError as exc:
        if piece.first_line == 1:
            raise
        raise QasmError(exc.message, exc.filename, exc.line + piece.first_line - 1, exc.column,
                        exc.source_line) from None


def parse_programs(text: str, filename: str = "<string>") -> list:
    """Every program of a stream, parsed (a list of qtool.qasm.Program)."""
    return [parse_piece(p, filename) for p in split_programs(text)]
