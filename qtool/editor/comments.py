"""Comments after a file's opening lines, kept on open and save where they can be anchored.

A comment is anchored to what comes before it, not to a line number: how many written
statements touch each qubit in the program up to the comment. Saving writes it as soon as
those statements have been written (before the next one), so it stays next to the gates it
followed while the user edits elsewhere (the same idea as the displays' `after` counts). A comment that
trails a statement (`x a[0]; // a = 0001`) goes on the line after it. Comments inside a
`gate` body, or in a prefix that does not parse on its own (a statement split over lines),
cannot be anchored and are dropped.

    >>> text = 'OPENQASM 2.0;\\nqreg q[1];\\nh q[0];\\n// then x\\nx q[0];\\n'
    >>> found = read_comments(text)
    >>> [(c.text, c.seen) for c in found]
    [('// then x', (1,))]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qtool.editor.model import Grid
from qtool.errors import QtoolError

MAX_COMMENTS = 64        # each one parses the program's prefix: small files only
MAX_TEXT = 64_000
_HEAD = ("OPENQASM", "include", "gate ", "opaque ", "qreg", "creg", "qubit", "bit")
_REF = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\[([0-9]+)\]")


@dataclass(frozen=True)
class Comment:
    text: str                 # the comment as written, `// ...`
    seen: tuple[int, ...]     # written statements per row before it


def read_comments(text: str, filename: str = "<qasm>") -> tuple[Comment, ...]:
    """The comments after the opening ones (leading_comments) and outside gate bodies,
    each with its anchor; () for big files."""
    from qtool.editor.convert import from_qasm, to_qasm
    from qtool.editor.placed import is_display_comment

    if len(text) > MAX_TEXT or "//" not in text:
        return ()
    lines = text.splitlines(keepends=True)
    found, offset, started, depth = [], 0, False, 0
    for line in lines:
        code, _, comment = line.partition("//")
        stripped = line.strip()
        if not started and stripped and not stripped.startswith("//"):
            started = True
        depth += code.count("{") - code.count("}")
        if started and comment and depth <= 0 and "{" not in code and not is_display_comment(line):
            trailing = bool(code.strip())
            cut = offset + len(line) if trailing else offset
            found.append(("//" + comment.rstrip("\r\n"), text[:cut]))
        offset += len(line)
        if len(found) > MAX_COMMENTS:
            return ()
    out = []
    for comment, prefix in found:
        try:
            grid = from_qasm(prefix + "\n", filename)
        except QtoolError:
            continue
        out.append(Comment(comment.rstrip(), _seen(to_qasm(grid), grid)))
    return tuple(out)


def _rows(line: str, grid: Grid) -> list[int]:
    starts, at = {}, 0
    for name, size in grid.qregs or (("q", grid.num_qubits),):
        starts[name] = at
        at += size
    return [starts[m.group(1)] + int(m.group(2)) for m in _REF.finditer(line) if m.group(1) in starts]


def _statements(body: str):
    return [line for line in body.splitlines() if line and not line.startswith(_HEAD)]


def _seen(body: str, grid: Grid) -> tuple[int, ...]:
    counts = [0] * grid.num_qubits
    for line in _statements(body):
        for r in _rows(line, grid):
            if r < len(counts):
                counts[r] += 1
    return tuple(counts)


def _reached(comment: Comment, counts: list[int]) -> bool:
    return all(r >= len(counts) or counts[r] >= s for r, s in enumerate(comment.seen) if s)


def insert_comments(body: str, comments: tuple[Comment, ...], grid: Grid) -> str:
    """`body` (to_qasm of `grid`) with each comment right after the statements it followed
    (the ones its anchor counts on each row), before the next statement."""
    if not comments:
        return body
    pending = list(comments)
    counts = [0] * grid.num_qubits
    out = []
    for line in body.splitlines():
        if line and not line.startswith(_HEAD):
            rows = [r for r in _rows(line, grid) if r < len(counts)]
            while pending and _reached(pending[0], counts):
                out.append(pending.pop(0).text)
            for r in rows:
                counts[r] += 1
        out.append(line)
    out.extend(c.text for c in pending)
    return "\n".join(out) + "\n"
