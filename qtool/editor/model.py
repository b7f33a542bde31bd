"""The circuit as the editor sees it: a grid of qubit rows and moment columns.

`Grid` is immutable: every edit returns a new grid that shares the untouched columns, so
undo/redo is a list of snapshots and "modified?" is an equality test. Two operations in a
column never share a row, and never overlap vertically (a CX from row 0 to row 2 owns row 1
in its column too), so the grid can always be drawn without ambiguity.

    >>> g = Grid(2).place(Op("H", (0,)), 0).place(Op("CX", (0, 1)), 1)
    >>> g.op_at(1, 1).name, g.width
    ('CX', 2)
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Iterator

from qtool.editor.gates import CATALOG
from qtool.errors import QtoolError

MAX_QUBITS = 32


class EditError(QtoolError):
    """An edit that cannot be made here (occupied cell, out of range, ...); the grid is unchanged."""


@dataclass(frozen=True)
class Op:
    """One gate in the grid.

    `qubits` are the rows in the gate's own order (CX: control, target); `controls` are
    extra controls a user added; those in `anti` fire on |0> instead of |1> (Quirk's
    anti-controls, drawn ○). `raw` keeps an operation the palette has no name for
    (u3, a user gate, a classically controlled op) exactly as it was read.
    """

    name: str
    qubits: tuple[int, ...]
    params: tuple[float, ...] = ()
    controls: tuple[int, ...] = ()
    key: str | None = None
    raw: Any = None
    label: str | None = None
    anti: tuple[int, ...] = ()  # the controls that fire on |0>

    @property
    def rows(self) -> tuple[int, ...]:
        return self.controls + self.qubits

    @property
    def span(self) -> tuple[int, int]:
        rows = self.rows
        return min(rows), max(rows)

    def covers(self, row: int) -> bool:
        low, high = self.span
        return low <= row <= high

    def shifted(self, delta: int) -> "Op":
        return replace(self, qubits=tuple(q + delta for q in self.qubits),
                       controls=tuple(q + delta for q in self.controls),
                       anti=tuple(q + delta for q in self.anti))

    def remapped(self, mapping: dict[int, int]) -> "Op":
        return replace(self, qubits=tuple(mapping[q] for q in self.qubits),
                       controls=tuple(mapping[q] for q in self.controls),
                       anti=tuple(mapping[q] for q in self.anti))


@dataclass(frozen=True)
class Grid:
    num_qubits: int
    columns: tuple[tuple[Op, ...], ...] = ()
    cregs: tuple[tuple[str, int], ...] = ()  # declared classical registers, kept for QASM
    qregs: tuple[tuple[str, int], ...] = ()  # quantum registers over the rows, in order

    # ------------------------------------------------------------------ queries
    @property
    def width(self) -> int:
        return len(self.columns)

    def op_at(self, row: int, column: int) -> Op | None:
        """The op whose rows include `row` in `column` (not one merely passing through)."""
        if not 0 <= column < self.width:
            return None
        for op in self.columns[column]:
            if row in op.rows:
                return op
        return None

    def op_covering(self, row: int, column: int) -> Op | None:
        """The op drawn at this cell, including ops whose connecting line passes through it."""
        if not 0 <= column < self.width:
            return None
        for op in self.columns[column]:
            if op.covers(row):
                return op
        return None

    def ops(self) -> Iterator[tuple[int, Op]]:
        for index, column in enumerate(self.columns):
            for op in column:
                yield index, op

    def op_count(self) -> int:
        return sum(len(column) for column in self.columns)

    def fits(self, op: Op, column: int, ignore: Op | None = None) -> bool:
        if column < 0 or any(not 0 <= r < self.num_qubits for r in op.rows):
            return False
        if column >= self.width:
            return True
        low, high = op.span
        for other in self.columns[column]:
            if other is ignore:
                continue
            o_low, o_high = other.span
            if not (high < o_low or o_high < low):
                return False
        return True

    # ------------------------------------------------------------------ edits
    def place(self, op: Op, column: int) -> "Grid":
        """Put `op` in `column` (the column just past the end appends one)."""
        _check_op(op, self.num_qubits)
        if not 0 <= column <= self.width:
            raise EditError(f"column {column} is outside the circuit (0..{self.width})")
        if not self.fits(op, column):
            blocker = next(o for o in self.columns[column] if not (op.span[1] < o.span[0] or o.span[1] < op.span[0]))
            raise EditError(f"column {column} already has {blocker.name} on rows "
                            f"{blocker.span[0]}..{blocker.span[1]}; delete it or pick another column")
        columns = list(self.columns)
        if column == self.width:
            columns.append(())
        columns[column] = columns[column] + (op,)
        return replace(self, columns=tuple(columns))

    def place_anywhere(self, op: Op, column: int) -> tuple["Grid", int]:
        """Place at `column`, or insert a fresh column there if it is taken. Returns the column."""
        if self.fits(op, column):
            return self.place(op, column), column
        return self.insert_column(column).place(op, column), column

    def remove(self, row: int, column: int) -> "Grid":
        op = self.op_at(row, column)
        if op is None:
            raise EditError(f"no gate on qubit {row} in column {column}")
        return self._without(op, column)

    def _without(self, op: Op, column: int) -> "Grid":
        columns = list(self.columns)
        columns[column] = tuple(o for o in columns[column] if o is not op)
        return replace(self, columns=tuple(columns))

    def replace_op(self, row: int, column: int, new: Op) -> "Grid":
        old = self.op_at(row, column)
        if old is None:
            raise EditError(f"no gate on qubit {row} in column {column}")
        _check_op(new, self.num_qubits)
        rest = self._without(old, column)
        if not rest.fits(new, column):
            raise EditError(f"the changed {new.name} would overlap another gate in column {column}")
        return rest.place(new, column)

    def move(self, row: int, column: int, d_row: int, d_col: int) -> "Grid":
        """Move the op at (row, column) by (d_row, d_col); EditError if it would collide."""
        op = self.op_at(row, column)
        if op is None:
            raise EditError(f"no gate on qubit {row} in column {column}")
        moved = op.shifted(d_row)
        target = column + d_col
        if any(not 0 <= r < self.num_qubits for r in moved.rows) or target < 0:
            raise EditError("cannot move the gate outside the circuit")
        rest = self._without(op, column)
        if not rest.fits(moved, target):
            raise EditError(f"column {target} is occupied there")
        return rest.place(moved, min(target, rest.width))

    def insert_column(self, column: int) -> "Grid":
        if not 0 <= column <= self.width:
            raise EditError(f"column {column} is outside the circuit (0..{self.width})")
        columns = self.columns[:column] + ((),) + self.columns[column:]
        return replace(self, columns=columns)

    def delete_column(self, column: int) -> "Grid":
        if not 0 <= column < self.width:
            raise EditError(f"no column {column} to delete")
        return replace(self, columns=self.columns[:column] + self.columns[column + 1:])

    def insert_qubit(self, row: int) -> "Grid":
        """A new empty qubit at `row`; the qubits from `row` down move one row down."""
        if not 0 <= row <= self.num_qubits:
            raise EditError(f"qubit {row} is outside 0..{self.num_qubits}")
        if self.num_qubits >= MAX_QUBITS:
            raise EditError(f"the editor holds at most {MAX_QUBITS} qubits")
        mapping = {q: q + (q >= row) for q in range(self.num_qubits)}
        return replace(self, num_qubits=self.num_qubits + 1, qregs=_resize(self.qregs, row, +1),
                       columns=tuple(
            tuple(op.remapped(mapping) for op in column) for column in self.columns))

    def delete_qubit(self, row: int) -> "Grid":
        """Remove qubit `row` and every gate that touches it."""
        if not 0 <= row < self.num_qubits:
            raise EditError(f"no qubit {row} to delete")
        if self.num_qubits == 1:
            raise EditError("a circuit keeps at least one qubit")
        mapping = {q: q - (q > row) for q in range(self.num_qubits) if q != row}
        return replace(self, num_qubits=self.num_qubits - 1, qregs=_resize(self.qregs, row, -1),
                       columns=tuple(
            tuple(op.remapped(mapping) for op in column if row not in op.rows)
            for column in self.columns))

    def add_control(self, row: int, column: int, control: int) -> "Grid":
        """Add qubit `control` as a control of the op at (row, column)."""
        op = self.op_at(row, column)
        if op is None:
            raise EditError(f"no gate on qubit {row} in column {column} to control")
        if op.name in ("measure", "reset", "barrier", "display", "postselect"):
            raise EditError(f"{op.name} cannot take a control")
        if control in op.rows:
            raise EditError(f"qubit {control} is already part of this {op.name}")
        return self.replace_op(row, column, replace(op, controls=op.controls + (control,)))

    def toggle_anti(self, row: int, column: int) -> "Grid":
        """Turn the control on `row` of the op at (row, column) into an anti-control (fires
        on |0>), or back. The control of a CX, CZ or CCX first becomes an added control
        of its X or Z, so it can be turned."""
        op = self.op_at(row, column)
        if op is None:
            raise EditError("put the cursor on a control (●) of a gate")
        if op.raw is None and op.name == "CZ" and row == op.qubits[1]:
            op = replace(op, qubits=op.qubits[::-1])  # symmetric: either dot is the control
        if op.raw is None and op.name in SYMBOL_CONTROLS and row in op.qubits[:-1]:
            base, k = SYMBOL_CONTROLS[op.name]
            op_new = replace(op, name=base, qubits=op.qubits[k:], controls=op.qubits[:k] + op.controls)
        else:
            op_new = op
        if row not in op_new.controls or op_new.raw is not None:
            raise EditError("put the cursor on a control (●) of a gate to make it an anti-control (○)")
        anti = tuple(r for r in op_new.anti if r != row) if row in op_new.anti else op_new.anti + (row,)
        return self.replace_op(row, column, replace(op_new, anti=anti))

    def trimmed(self) -> "Grid":
        """The same circuit without empty columns."""
        return replace(self, columns=tuple(c for c in self.columns if c))


# gates drawn with control dots -> (the gate they control, how many controls)
SYMBOL_CONTROLS = {"CX": ("X", 1), "CZ": ("Z", 1), "CCX": ("X", 2)}


def _resize(qregs: tuple[tuple[str, int], ...], row: int, delta: int) -> tuple[tuple[str, int], ...]:
    """Registers after inserting (+1) or deleting (-1) the qubit at `row`: the register that
    holds the row grows or shrinks (a row past the end joins the last register)."""
    out, start, done = [], 0, False
    for i, (name, size) in enumerate(qregs):
        last = i == len(qregs) - 1
        holds = start <= row < start + size or (delta > 0 and last and row == start + size)
        start += size
        if holds and not done:
            size, done = size + delta, True
        if size:
            out.append((name, size))
    return tuple(out)


def _check_op(op: Op, num_qubits: int) -> None:
    rows = op.rows
    if len(set(rows)) != len(rows):
        raise EditError(f"{op.name} uses a qubit twice")
    for r in rows:
        if not 0 <= r < num_qubits:
            raise EditError(f"qubit {r} does not exist (the circuit has {num_qubits})")
    spec = CATALOG.get(op.name)
    if spec is not None and op.name != "barrier" and op.raw is None:
        if len(op.qubits) != spec.num_qubits:
            raise EditError(f"{op.name} acts on {spec.num_qubits} qubits, got {len(op.qubits)}")
        if len(op.params) != spec.num_params:
            raise EditError(f"{op.name} takes {spec.num_params} angle(s), got {len(op.params)}")
