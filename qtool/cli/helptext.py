"""Help text as a terminal of any width shows it: prose reflowed, examples kept.

Typer (0.29) keeps every line break of a docstring or epilog after its first paragraph, and
rich then wraps each source line on its own: at 80 columns a paragraph written at 90 comes
out ragged, one long line and one stub in turn. The commands' texts are written as source
(wrapped at the code's width), so before typer sees them each prose paragraph becomes one
line that rich wraps to the terminal, while indented lines (examples, tables), bullets and
`\\b` paragraphs keep their breaks.

Stdlib only; loaded with a command, not by `qtool --help`.
"""

from __future__ import annotations

import inspect
import re

# An example or table line (indented), kept as written; it must fit 80 columns by itself:
# rich pads the epilog by one column on each side.
VERBATIM_WIDTH = 78
_BULLET = re.compile(r"(?:[-*•]|\d+[.)])\s")


def reflow(text: str | None, docstring: bool = False) -> str | None:
    """`text` with the single line breaks inside each prose paragraph joined. A docstring is
    dedented first, as typer dedents a command's help (an epilog is taken as written)."""
    if not text:
        return text
    if docstring:
        text = inspect.cleandoc(text)
    paragraphs = text.split("\n\n")
    return "\n\n".join(_paragraph(p) for p in paragraphs)


def _paragraph(paragraph: str) -> str:
    if paragraph.startswith("\b"):
        return paragraph
    lines: list[str] = []
    for line in paragraph.splitlines():
        joins = (lines and line.strip() and not line[:1].isspace()
                 and not _BULLET.match(line) and not lines[-1][:1].isspace())
        if joins:
            lines[-1] = f"{lines[-1].rstrip()} {line.strip()}"
        else:
            lines.append(line.rstrip())
    return "\n".join(lines)


def verbatim_lines(text: str | None) -> list[str]:
    """The lines of reflowed `text` that keep their breaks (indented ones), for the check
    that each fits VERBATIM_WIDTH."""
    return [line for line in (text or "").splitlines() if line[:1].isspace()]


def reflow_command(command) -> None:
    """Reflow a click command's help and epilog, and its subcommands' (in place)."""
    command.help = reflow(command.help, docstring=True)
    command.epilog = reflow(command.epilog)
    for sub in getattr(command, "commands", {}).values():
        reflow_command(sub)
