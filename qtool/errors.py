"""Errors a user can cause, each carrying the exit code the CLI turns it into.

The core raises these; the CLI's one error handler (qtool.cli.common) prints them as one
line (or a short quoted block for parse errors) and exits with `exit_code`. Anything else
that escapes is a bug (exit 1) and shows a traceback only with --debug / QTOOL_DEBUG=1.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_BUG = 1
EXIT_USAGE = 2
EXIT_RESOURCES = 3


class QtoolError(Exception):
    """Bad input or usage: exit code 2."""

    exit_code = EXIT_USAGE


class QasmError(QtoolError):
    """A parse or semantic error in an OpenQASM program, located to file, line and column.

    `line` and `column` are 1-based. `source_line` is the offending line's text, quoted in
    the message with a caret so a user sees what was wrong without opening the file.
    """

    def __init__(self, message: str, filename: str = "<string>", line: int = 1,
                 column: int = 1, source_line: str | None = None):
        self.message = message
        self.filename = filename
        self.line = line
        self.column = column
        self.source_line = source_line
        super().__init__(self.format())

    def format(self) -> str:
        head = f"{self.filename}:{self.line}:{self.column}: {self.message}"
        if self.source_line is None:
            return head
        text = self.source_line.rstrip("\n")
        if len(text) > 200:
            text = text[:200] + " ..."
        caret = " " * (max(self.column, 1) - 1) + "^"
        return f"{head}\n    {text}\n    {caret}"


class ResourceError(QtoolError):
    """Refused because it would not fit (memory, qubits): exit code 3."""

    exit_code = EXIT_RESOURCES


class VerificationError(QtoolError):
    """A result failed its own correctness check: this is our bug, so exit code 1."""

    exit_code = EXIT_BUG
