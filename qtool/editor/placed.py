"""Displays placed in the circuit (Quirk's inline displays), on the editor's side: the
kinds, the grid op that stands for one, and how a file keeps them.

A placed display is an op named "display" (`Op("display", rows, label=KIND)`): it moves,
copies and undoes like a gate, and the conversion to cirq skips it. Its values are computed
by qtool.inspect.placed.

In a file a display is a structured comment, so the OpenQASM stays valid for every other
tool; it is anchored to the gates before it rather than to a column number (a reader may
pack the gates into other moments):

    // qtool:display bloch rows 1,2 after 3,0

"after 3,0": it comes after the first 3 operations on row 1 and the first 0 on row 2.
A post-selection (`Op("postselect", (row,), label="0"|"1")`) is kept the same way:

    // qtool:postselect 1 rows 0 after 2
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qtool.editor.model import Grid, Op
from qtool.errors import QtoolError


@dataclass(frozen=True)
class DisplayKind:
    name: str
    label: str       # the box in the grid
    max_qubits: int  # how many qubits it may look at
    description: str


KINDS: dict[str, DisplayKind] = {k.name: k for k in (
    DisplayKind("probability", "Prob", 8, "joint outcome probabilities of its qubits"),
    DisplayKind("amplitude", "Amp", 4, "its qubits' amplitudes, when not entangled with the rest"),
    DisplayKind("bloch", "Bloch", 8, "each qubit's Bloch vector, drawn as a sphere"),
    DisplayKind("density", "ρ", 3, "the density matrix of its 1-3 qubits (magnitudes, phases)"),
    DisplayKind("chance", "P(1)", 8, "each qubit's chance of reading 1"),
)}

TAG = "// qtool:"
_LINE = re.compile(r"^\s*//\s*qtool:(display|postselect)\s+(\w+)\s+rows\s+([\d,]+)"
                   r"\s+after\s+([\d,]+)\s*$")
NON_OPERATIONS = ("display", "postselect")  # grid ops that are not circuit operations


def display_op(kind: str, rows: tuple[int, ...]) -> Op:
    """The grid op of a display of `kind` on `rows` (QtoolError for a bad kind or size)."""
    if kind not in KINDS:
        raise QtoolError(f"unknown display {kind!r}: one of {', '.join(KINDS)}")
    spec = KINDS[kind]
    if not 1 <= len(rows) <= spec.max_qubits:
        raise QtoolError(f"a {kind} display looks at 1 to {spec.max_qubits} qubits, not {len(rows)}")
    return Op("display", tuple(rows), label=kind)


def postselect_op(row: int, value: int) -> Op:
    """Post-selection of qubit `row` on |value>: the displays after it show the state
    projected and renormalised, with the probability kept (Quirk's post-selection)."""
    if value not in (0, 1):
        raise QtoolError(f"post-select on 0 or 1, not {value}")
    return Op("postselect", (row,), label=str(value))


def is_display(op: Op) -> bool:
    return op.name == "display"


def is_annotation(op: Op) -> bool:
    """A display or a post-selection: kept in the file as a structured comment."""
    return op.name in NON_OPERATIONS


def without_displays(grid: Grid) -> Grid:
    from dataclasses import replace

    return replace(grid, columns=tuple(tuple(op for op in col if not is_display(op))
                                       for col in grid.columns))


def comments(grid: Grid) -> str:
    """The structured comments of the grid's displays, one line each ("" without any)."""
    lines = []
    seen = {r: 0 for r in range(grid.num_qubits)}  # operations so far on each row
    for column in grid.columns:
        for op in column:
            if is_annotation(op):
                after = ",".join(str(seen[r]) for r in op.qubits)
                lines.append(f"{TAG}{op.name} {op.label} rows {','.join(map(str, op.qubits))} "
                             f"after {after}")
        for op in column:
            if not is_annotation(op):
                for r in op.rows:
                    seen[r] += 1
    return "".join(line + "\n" for line in lines)


def is_display_comment(line: str) -> bool:
    return bool(_LINE.match(line))


def read_displays(text: str, grid: Grid) -> Grid:
    """`grid` with the displays the text's structured comments describe; lines that do not
    fit the grid (a row it lacks, a bad kind) are ignored, as any other comment would be."""
    for line in text.splitlines():
        found = _LINE.match(line)
        if not found:
            continue
        what, kind = found.group(1), found.group(2)
        rows = tuple(int(r) for r in found.group(3).split(","))
        after = [int(a) for a in found.group(4).split(",")]
        if len(after) != len(rows) or any(r >= grid.num_qubits for r in rows):
            continue
        try:
            if what == "display":
                op = display_op(kind, rows)
            elif len(rows) == 1 and kind in ("0", "1"):
                op = postselect_op(rows[0], int(kind))
            else:
                continue
        except QtoolError:
            continue
        grid = _place_after(grid, op, dict(zip(rows, after)))
    return grid


def _place_after(grid: Grid, op: Op, after: dict[int, int]) -> Grid:
    """Place `op` in the first column past the after[r]-th operation of each of its rows."""
    start, seen = 0, {r: 0 for r in after}
    for index, column in enumerate(grid.columns):
        for other in column:
            if is_annotation(other):
                continue
            for r in other.rows:
                if r in seen:
                    seen[r] += 1
                    if seen[r] <= after[r]:
                        start = max(start, index + 1)
    column = start
    while column < grid.width and not grid.fits(op, column):
        column += 1
    if column < grid.width and _nothing_before(grid, op, start, column):
        return grid.place(op, column)
    return grid.place_anywhere(op, start)[0]


def _nothing_before(grid: Grid, op: Op, start: int, column: int) -> bool:
    """No gate on the display's span between `start` and `column` (it would move past it)."""
    low, high = op.span
    return not any(other.span[0] <= high and low <= other.span[1]
                   for c in range(start, column) for other in grid.columns[c]
                   if not is_annotation(other))
