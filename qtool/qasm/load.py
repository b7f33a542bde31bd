"""The one loader every command uses: a path or '-' -> Program, whatever the format.

OpenQASM 2/3 goes to qtool's reader; cirq JSON (text starting with `{`, as written by
`qtool convert --to cirq-json`) to qtool.qasm.cirq_json. A stream of several OpenQASM
programs (each with its own `OPENQASM` header, as `qtool ketgpt generate --count N` prints)
is refused with a message saying so: a command reads one circuit.
"""

from __future__ import annotations

from qtool.errors import QtoolError
from qtool.io import read_text


def parse_any(text: str, filename: str = "<string>"):
    """OpenQASM or cirq JSON text -> qtool.qasm.Program."""
    from qtool.qasm.cirq_json import looks_like_json

    if looks_like_json(text):
        from qtool.qasm.cirq_json import parse_cirq_json

        return parse_cirq_json(text, filename)
    from qtool.qasm.stream import split_programs

    pieces = split_programs(text)
    if len(pieces) > 1:
        lines = ", ".join(str(p.header_line) for p in pieces[:5]) + (", ..." if len(pieces) > 5 else "")
        raise QtoolError(
            f"{filename}: input holds {len(pieces)} OpenQASM programs (OPENQASM headers at lines "
            f"{lines}); this command reads one program: write one per file (for example "
            "`qtool ketgpt generate --count N --out DIR`) and run the command on each file")
    from qtool.qasm.reader import parse_program

    return parse_program(text, filename)


def load_program(source):
    """Read a path, or '-' for stdin, as OpenQASM or cirq JSON into a Program."""
    text, name = read_text(source)
    return parse_any(text, name)


def load(source):
    """Read a path, or '-' for stdin, into a cirq.Circuit."""
    return load_program(source).circuit


def load_programs(source) -> list:
    """Every program of a path or '-': several for an OpenQASM stream, else one.

    Errors in a later program name its real line in the whole input.
    """
    text, name = read_text(source)
    from qtool.qasm.cirq_json import looks_like_json

    if looks_like_json(text):
        return [parse_any(text, name)]
    from qtool.qasm.stream import parse_programs

    return parse_programs(text, name)
