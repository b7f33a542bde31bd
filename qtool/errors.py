"""Errors a user can cause, each carrying the exit code the CLI turns it into.

The core raises these; the CLI's one error handler (qtool.cli.common) prints them as one
line (or a short quoted block for parse errors) and exits with `exit_code`. Anything else
that escapes is a bug (exit 1) and shows a traceback only with --debug / QTOOL_DEBUG=1.
"""

from __future__ import annotations

from typing import Callable

EXIT_OK = 0
EXIT_BUG = 1
EXIT_USAGE = 2
EXIT_RESOURCES = 3


class QtoolError(Exception):
    """Bad input or usage: exit code 2."""

    exit_code = EXIT_USAGE


class ParameterError(QtoolError):
    """A bad value of one parameter of a core function, worded in the core's own terms.

    The message is `head + parameter + tail` ("max_shots must be at least 1, not 0"). The
    core never names CLI flags; a command says the same with its own flags: the CLI's error
    handler words every ParameterError with the running command's options (`format`), and
    `for_flag("--shots")` does it for one parameter. Other parameters the message mentions
    are listed in `names` and written `{shots}` in head and tail ("needs {shots} > 0"), so
    they are worded the same way: "shots" for a library caller or the TUI, "--shots" in a
    shell.
    """

    def __init__(self, parameter: str, tail: str, head: str = "", names: tuple[str, ...] = ()):
        self.parameter, self.head, self.tail, self.names = parameter, head, tail, tuple(names)
        super().__init__(self.format())

    @classmethod
    def of_value(cls, parameter: str, value, expected: str,
                 names: tuple[str, ...] = ()) -> "ParameterError":
        """The common shape, `parameter VALUE: expected` ("ancillas 0: expected 1 to 10")."""
        return cls(parameter, f" {value}: {expected}", names=names)

    def format(self, flag_of: Callable[[str], str] | None = None) -> str:
        """The message with each parameter named by `flag_of(name)` (default: the name)."""
        name = flag_of or (lambda parameter: parameter)

        def words(text: str) -> str:
            for other in self.names:
                text = text.replace("{" + other + "}", name(other))
            return text

        return f"{words(self.head)}{name(self.parameter)}{words(self.tail)}"

    def for_flag(self, flag: str) -> QtoolError:
        err = QtoolError(self.format(lambda parameter: flag if parameter == self.parameter else parameter))
        err.exit_code = self.exit_code
        return err


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
        text, at = excerpt(self.source_line, self.column)
        return f"{head}\n    {text}\n    {' ' * at}^"


SNIPPET_WIDTH = 60  # characters of user text quoted in a message
EXCERPT_WIDTH = 100  # characters of a source line quoted under a message


def clip(text: str, width: int = SNIPPET_WIDTH) -> str:
    """`text` cut to `width` characters with an ellipsis, for quoting user input in messages.

    A 100 MB identifier must not come back whole in an error message.
    """
    return text if len(text) <= width else text[:width - 1] + "…"


def excerpt(line: str, column: int, width: int = EXCERPT_WIDTH) -> tuple[str, int]:
    """The part of `line` around 1-based `column`, and the caret's offset in that part.

    Long lines are cut to a window of about `width` characters that contains the column,
    marked with '...' on the cut sides; tabs and other control characters become single
    spaces so the caret lines up under the character it points at.
    """
    line = line.rstrip("\n")
    col = max(column, 1) - 1
    start = 0
    if len(line) > width:
        start = max(0, min(col - width // 2, len(line) - width))
    part = line[start:start + width]
    prefix = "..." if start > 0 else ""
    suffix = "..." if start + width < len(line) else ""
    part = "".join(" " if ch < " " or ch == "\x7f" else ch for ch in part)
    return prefix + part + suffix, len(prefix) + (col - start)


class ResourceError(QtoolError):
    """Refused because it would not fit (memory, qubits): exit code 3."""

    exit_code = EXIT_RESOURCES


class VerificationError(QtoolError):
    """A result failed its own correctness check: this is our bug, so exit code 1."""

    exit_code = EXIT_BUG
