"""The one loader every command uses: a path or '-' -> Program, whatever the format.

OpenQASM 2/3 goes to qtool's reader; cirq JSON (text starting with `{`, as written by
`qtool convert --to cirq-json`) to qtool.qasm.cirq_json. A stream of several OpenQASM
programs (each with its own `OPENQASM` header, as `qtool ketgpt generate --count N` prints)
is refused with a message saying so: a command reads one circuit. Stim's circuit format
(told by a `.stim` name, `fmt="stim"`, or upper-case instructions such as `H 0`) becomes a
StimProgram, whose cirq circuit is built only when a command asks for it.
"""

from __future__ import annotations

from qtool.errors import QtoolError
from qtool.io import read_text
from qtool.qasm.reader import Program


FORMATS = ("qasm", "stim", "cirq-json")


class StimProgram(Program):
    """A Program read from stim text. `stim` is the parsed file (qtool.stimfmt.read.StimRead):
    the stim engine samples it as written, DETECTORs and all. `circuit` (cirq) is built on
    first use; what cirq cannot say (MPP, correlated errors) is a QtoolError then."""

    def __init__(self, read, filename: str):
        self.stim = read
        self.filename = filename
        self.qregs, self.cregs, self.version = dict(read.qregs), dict(read.cregs), "stim"
        self._circuit = None

    @property
    def circuit(self):
        if self._circuit is None:
            from qtool.stimfmt.convert import NotStimError
            from qtool.stimfmt.read import to_cirq

            try:
                self._circuit = to_cirq(self.stim, self.qubits)
            except NotStimError as err:
                raise QtoolError(f"{self.filename}: {err}") from None
        return self._circuit


def parse_stim_program(text: str, filename: str = "<string>") -> StimProgram:
    from qtool.stimfmt.read import parse_stim

    return StimProgram(parse_stim(text, filename), filename)


def _format_of(text: str, filename: str, fmt: str | None) -> str:
    if fmt is not None:
        if fmt not in FORMATS:
            raise QtoolError(f"unknown input format {fmt!r}: expected one of {', '.join(FORMATS)}")
        return fmt
    from qtool.qasm.cirq_json import looks_like_json
    from qtool.stimfmt.sniff import looks_like_stim

    if filename.endswith(".stim") or looks_like_stim(text):
        return "stim"
    return "cirq-json" if looks_like_json(text) else "qasm"


def parse_any(text: str, filename: str = "<string>", fmt: str | None = None, *,
              keep_gates: bool = False):
    """OpenQASM, stim or cirq JSON text -> qtool.qasm.Program (`fmt` None: told by content);
    `keep_gates`: OpenQASM user gates stay one operation each (see parse_program)."""
    fmt = _format_of(text, filename, fmt)
    if fmt == "stim":
        return parse_stim_program(text, filename)
    from qtool.qasm.cirq_json import looks_like_json

    if fmt == "cirq-json" or looks_like_json(text):
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

    return parse_program(text, filename, keep_gates=keep_gates)


def load_program(source, fmt: str | None = None):
    """Read a path, or '-' for stdin, as OpenQASM, stim or cirq JSON into a Program."""
    text, name = read_text(source)
    return parse_any(text, name, fmt)


def load(source):
    """Read a path, or '-' for stdin, into a cirq.Circuit."""
    return load_program(source).circuit


def load_programs(source) -> list:
    """Every program of a path or '-': several for an OpenQASM stream, else one.

    Errors in a later program name its real line in the whole input.
    """
    text, name = read_text(source)
    from qtool.qasm.cirq_json import looks_like_json

    if looks_like_json(text) or _format_of(text, name, None) == "stim":
        return [parse_any(text, name)]
    from qtool.qasm.stream import parse_programs

    return parse_programs(text, name)
