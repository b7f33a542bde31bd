"""The editor's interaction state, without UI: cursor, selection, clipboard, pick and move
modes, on top of a Document. Every key of the TUI's grid is one method here, so the whole
editing behaviour is tested without a terminal.

Multi-qubit gates are placed "by choosing the qubits": the first is the cursor's qubit, and
`confirm()` adds the qubit under the cursor until the gate has all of them (CX: control,
then target). Methods return a short message for the status line; an edit that cannot be
made raises EditError and changes nothing.

    >>> s = Session(Document.new(2))
    >>> s.place("H"); s.cursor
    'H on q0'
    (0, 1)
    >>> s.place("CX")
    'CX: choose qubit 2 of 2 (control on q0), Enter to place'
    >>> s.move_cursor(1, 0); s.confirm()
    ''
    'CX on q0, q1'
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from qtool.editor.angles import format_angle, parse_angle
from qtool.editor.describe import op_title, raw_angles, with_angles
from qtool.editor.document import Document
from qtool.editor.gates import CATALOG, spec
from qtool.editor.model import EditError, Grid, Op
from qtool.editor.selection import Block, Clip, copy_block, cut_block, delete_block, paste
from qtool.errors import QtoolError


@dataclass(frozen=True)
class Pick:
    """A multi-qubit placement (or an added control) waiting for its qubits."""

    name: str            # a palette gate, or "control" for add-control
    rows: tuple[int, ...]
    needed: int
    column: int
    params: tuple[float, ...] = ()


class Session:
    def __init__(self, document: Document):
        self.document = document
        self.cursor: tuple[int, int] = (0, document.grid.width)  # the end: the final state
        self.anchor: tuple[int, int] | None = None   # selection corner, when selecting
        self.clipboard: Clip | None = None
        self.pick: Pick | None = None
        self.moving = False

    # ------------------------------------------------------------------ state
    @property
    def grid(self) -> Grid:
        return self.document.grid

    @property
    def selection(self) -> Block | None:
        if self.anchor is None:
            return None
        return Block(self.anchor[0], self.anchor[1], self.cursor[0], self.cursor[1])

    @property
    def inspect_column(self) -> int:
        """The column whose state the displays show: the cursor's (the last one past the end)."""
        return min(self.cursor[1], self.grid.width - 1)

    def op_at_cursor(self) -> Op | None:
        return self.grid.op_at(*self.cursor)

    def mode_hint(self) -> str:
        if self.pick is not None:
            chosen = ", ".join(f"q{r}" for r in self.pick.rows)
            what = "control" if self.pick.name == "control" else self.pick.name
            return (f"{what}: choose qubit {len(self.pick.rows) + 1} of {self.pick.needed} "
                    f"({'control on ' if self.pick.name != 'control' else 'gate on '}{chosen}), "
                    "Enter to place")
        if self.moving:
            return "move: arrows move the gate, Enter or m to drop"
        if self.anchor is not None:
            b = self.selection
            return f"selection q{b.top}..q{b.bottom} x columns {b.left}..{b.right}: y copy, ctrl+x cut, x delete"
        return ""

    def _commit(self, grid: Grid) -> None:
        self.document.apply(grid)
        self._clamp()

    def _clamp(self) -> None:
        row, col = self.cursor
        self.cursor = (max(0, min(row, self.grid.num_qubits - 1)), max(0, min(col, self.grid.width)))

    # ------------------------------------------------------------------ cursor
    def move_cursor(self, d_row: int, d_col: int, extend: bool = False) -> str:
        """Move the cursor; in move mode the gate moves with it; `extend` grows a selection."""
        if extend and self.anchor is None:
            self.anchor = self.cursor
        row, col = self.cursor
        if self.moving:
            grid = self.grid.move(row, col, d_row, d_col)
            self._commit(grid)
            self.cursor = (row + d_row, min(col + d_col, self.grid.width - 1))
            return ""
        self.cursor = (row + d_row, col + d_col)
        self._clamp()
        return ""

    def set_cursor(self, row: int, col: int) -> None:
        self.cursor = (row, col)
        self._clamp()

    def toggle_selection(self) -> str:
        self.anchor = None if self.anchor is not None else self.cursor
        return "selecting: move the cursor to grow the block" if self.anchor else ""

    def cancel(self) -> str:
        self.pick, self.moving, self.anchor = None, False, None
        return "cancelled"

    # ------------------------------------------------------------------ placing
    def needs_angle(self, name: str) -> bool:
        return spec(name).num_params > 0

    def place(self, name: str, angle: str | None = None) -> str:
        """Place gate `name` at the cursor (a fresh column is inserted if the cell is taken).

        Angle gates need `angle` (an expression like pi/4); multi-qubit gates start a pick.
        """
        gate = spec(name)
        self.pick, self.moving = None, False  # a new gate ends an unfinished pick or move
        params: tuple[float, ...] = ()
        if gate.num_params:
            if angle is None:
                raise EditError(f"{name} needs an angle")
            params = (parse_angle(angle),)
        row, col = self.cursor
        if name == "barrier":
            return self._place_barrier(col)
        if gate.num_qubits > 1:
            self.pick = Pick(name, (row,), gate.num_qubits, col, params)
            self.anchor = None
            return self.mode_hint()
        key = f"c_{row}" if name == "measure" else None
        self._put(Op(name, (row,), params, key=key), col)
        return f"{_describe(name, params)} on q{row}"

    def _put(self, op: Op, col: int) -> None:
        grid, col = self.grid.place_anywhere(op, col)
        self._commit(grid)
        self.cursor = (self.cursor[0], col + 1)

    def place_display(self, kind: str) -> str:
        """Place a display of `kind` (qtool.editor.placed.KINDS) at the cursor's column, on
        the selection's qubits or the cursor's qubit (Quirk's inline displays)."""
        from qtool.editor.placed import display_op

        b = self.selection
        rows = tuple(range(b.top, b.bottom + 1)) if b else (self.cursor[0],)
        col = b.left if b else self.cursor[1]
        op = display_op(kind.strip().lower(), rows)
        self.pick, self.moving, self.anchor = None, False, None
        self._put(op, col)
        return f"{op.label} display on " + ",".join(f"q{r}" for r in rows)

    def post_select(self) -> str:
        """!: post-select the cursor's qubit on |1> here; on a post-selection, flip it to
        |0> (and back). The displays after it show the state renormalised."""
        from qtool.editor.placed import postselect_op

        row, col = self.cursor
        op = self.grid.op_at(row, col)
        if op is not None and op.name == "postselect":
            value = 1 - int(op.label)
            self._commit(self.grid.replace_op(row, col, postselect_op(row, value)))
            return f"post-selecting q{row} on |{value}>"
        self.pick, self.moving, self.anchor = None, False, None
        self._put(postselect_op(row, 1), col)
        return f"post-selecting q{row} on |1> (! again: on |0>)"

    def _place_barrier(self, col: int) -> str:
        b = self.selection
        rows = tuple(range(b.top, b.bottom + 1)) if b else tuple(range(self.grid.num_qubits))
        self.anchor = None
        self._put(Op("barrier", rows), col)
        return f"barrier on q{rows[0]}..q{rows[-1]}"

    def add_control(self) -> str:
        op = self.op_at_cursor()
        if op is None:
            raise EditError("put the cursor on a gate to add a control to it")
        if op.name in ("measure", "reset", "barrier"):
            raise EditError(f"{op.name} cannot take a control")
        self.pick = Pick("control", (self.cursor[0],), 2, self.cursor[1])
        return self.mode_hint()

    def toggle_anti(self) -> str:
        """a: the control under the cursor fires on |0> (anti-control, ○), or on |1> again."""
        row, col = self.cursor
        self._commit(self.grid.toggle_anti(row, col))
        op = self.grid.op_at(row, col)
        return f"q{row}: {'anti-control (fires on |0>)' if row in op.anti else 'control (fires on |1>)'}"

    def confirm(self) -> str:
        """Enter: add the cursor's qubit to a pick; drop a moving gate."""
        if self.moving:
            self.moving = False
            return "dropped"
        if self.pick is None:
            return ""
        row = self.cursor[0]
        pick = self.pick
        if row in pick.rows:
            raise EditError(f"q{row} is already chosen; move to another qubit")
        if pick.name == "control":
            self.pick = None
            gate_row, col = pick.rows[0], pick.column
            self._commit(self.grid.add_control(gate_row, col, row))
            self.cursor = (row, col)
            return f"control on q{row} added"
        rows = pick.rows + (row,)
        if len(rows) < pick.needed:
            self.pick = replace(pick, rows=rows)
            return self.mode_hint()
        self.pick = None
        self.cursor = (rows[0], pick.column)
        self._put(Op(pick.name, rows, pick.params), pick.column)
        return f"{pick.name} on " + ", ".join(f"q{r}" for r in rows)

    def angles_at_cursor(self) -> tuple[str, tuple[float, ...]] | None:
        """(gate name, its angles) of the parameterised gate at the cursor, else None: a
        palette gate (Rx, P, a controlled P from cp/cu1, ...) or a read one (u3, rzz, ...)."""
        op = self.op_at_cursor()
        if op is None:
            return None
        if op.raw is None:
            return (op.name, op.params) if op.params else None
        named = raw_angles(op.raw)
        return named if named is not None and named[1] else None

    def set_angle(self, angle: str) -> str:
        """Change the angle(s) of the gate at the cursor: `pi/4`, or `0.1, 0.2, 0.3` for a
        gate with several (u3); a classically controlled gate keeps its condition."""
        op = self.op_at_cursor()
        found = self.angles_at_cursor()
        if op is None or found is None:
            raise EditError("put the cursor on a gate with an angle (Rx, Ry, Rz, P, cp, u3, ...) to change it")
        name, old = found
        values = tuple(parse_angle(part) for part in angle.split(","))
        if len(values) != len(old):
            raise EditError(f"{name} takes {len(old)} angle(s), separated by commas; got {len(values)}")
        if op.raw is None:
            new = replace(op, params=values)
        else:
            new = replace(op, raw=with_angles(op.raw, values))
        self._commit(self.grid.replace_op(self.cursor[0], self.cursor[1], new))
        return f"{name}({', '.join(format_angle(v) for v in values)})"

    # ------------------------------------------------------------------ deleting and moving
    def delete(self) -> str:
        b = self.selection
        if b is not None:
            self.anchor = None
            self._commit(delete_block(self.grid, b))
            return "deleted the selection"
        op = self.op_at_cursor()
        if op is None:
            raise EditError("no gate under the cursor")
        self._commit(self.grid.remove(*self.cursor))
        return f"deleted {op_title(op, dict(self.grid.cregs))}"

    def toggle_move(self) -> str:
        if self.moving:
            self.moving = False
            return "dropped"
        if self.op_at_cursor() is None:
            raise EditError("put the cursor on a gate to move it")
        self.cursor = (self.cursor[0], self.cursor[1])
        self.moving = True
        return self.mode_hint()

    def drag(self, source: tuple[int, int], target: tuple[int, int]) -> str:
        """Move the gate at `source` so its cell lands on `target` (a mouse drag)."""
        if self.pick is not None or self.moving:
            raise EditError("finish the current placement or move first (Enter or Esc)")
        (row, col), (to_row, to_col) = source, target
        op = self.grid.op_at(row, col)
        if op is None:
            raise EditError("no gate to drag there")
        self._commit(self.grid.move(row, col, to_row - row, to_col - col))
        self.cursor = (to_row, min(to_col, self.grid.width - 1))
        return f"moved {op.name}"

    def insert_column(self) -> str:
        self._commit(self.grid.insert_column(min(self.cursor[1], self.grid.width)))
        return f"inserted a column at {self.cursor[1]}"

    def delete_column(self) -> str:
        col = self.cursor[1]
        if col >= self.grid.width:
            raise EditError("the cursor is past the last column")
        self._commit(self.grid.delete_column(col))
        return f"deleted column {col}"

    def insert_qubit(self) -> str:
        self._commit(self.grid.insert_qubit(self.cursor[0]))
        return f"inserted a qubit at q{self.cursor[0]}"

    def append_qubit(self) -> str:
        self._commit(self.grid.insert_qubit(self.grid.num_qubits))
        return f"added q{self.grid.num_qubits - 1}"

    def delete_qubit(self) -> str:
        row = self.cursor[0]
        self._commit(self.grid.delete_qubit(row))
        return f"deleted q{row}"

    # ------------------------------------------------------------------ clipboard
    def _block(self) -> Block:
        b = self.selection
        if b is None:
            row, col = self.cursor
            op = self.op_at_cursor()
            if op is None:
                raise EditError("select a block (v or shift+arrows) or put the cursor on a gate")
            return Block(op.span[0], col, op.span[1], col)
        return b

    def copy(self) -> str:
        clip = copy_block(self.grid, self._block())
        if not clip.entries:
            raise EditError("nothing to copy: no gate lies wholly inside the selection")
        self.clipboard, self.anchor = clip, None
        return f"copied {len(clip.entries)} gate(s)"

    def cut(self) -> str:
        block = self._block()
        grid, clip = cut_block(self.grid, block)
        if not clip.entries:
            raise EditError("nothing to cut: no gate lies wholly inside the selection")
        self.clipboard, self.anchor = clip, None
        self._commit(grid)
        return f"cut {len(clip.entries)} gate(s)"

    def paste(self) -> str:
        if self.clipboard is None:
            raise EditError("the clipboard is empty: copy (y) or cut (ctrl+x) first")
        row, col = self.cursor
        self._commit(paste(self.grid, self.clipboard, row, col))
        self.cursor = (row, min(col, self.grid.width) + self.clipboard.width)
        return f"pasted {len(self.clipboard.entries)} gate(s)"

    def insert_circuit(self, grid: Grid) -> str:
        """Insert another grid's gates at the cursor (an algorithm), adding qubits if needed."""
        row, col = self.cursor
        target = self.grid
        while target.num_qubits < row + grid.num_qubits:
            target = target.insert_qubit(target.num_qubits)
        entries = tuple((c, op) for c, op in grid.ops())
        if not entries:
            raise EditError("the inserted circuit is empty")
        clip = Clip(grid.width, grid.num_qubits, entries)
        self._commit(paste(target, clip, row, col))
        self.cursor = (row, min(col, self.grid.width) + clip.width)
        return f"inserted {len(entries)} gate(s) on q{row}..q{row + grid.num_qubits - 1}"

    # ------------------------------------------------------------------ custom gates
    def gate_names(self) -> dict:
        """The user gate definitions the circuit's boxes use, by name."""
        from qtool.editor.convert import to_cirq
        from qtool.editor.custom import definitions_in

        return definitions_in(to_cirq(self.grid))

    def make_gate(self, name: str) -> str:
        """Replace the selection's gates (or the gate at the cursor) by one box of a new
        `gate` definition called `name`, on the qubits they use."""
        from qtool.editor.convert import op_to_cirq, qubits_of
        from qtool.editor.custom import gate_from_operations, name_problem
        from qtool.editor.selection import _inside

        problem = name_problem(name, self.gate_names())
        if problem:
            raise EditError(problem)
        block = self._block()
        inside = list(_inside(self.grid, block))
        if not inside:
            raise EditError("no gate lies wholly inside the selection")
        for _, op in inside:
            if op.name in ("measure", "reset", "barrier", "display", "postselect"):
                raise EditError(f"a custom gate holds unitary gates only: the selection has a {op.name}")
        qubits = qubits_of(self.grid)
        rows = sorted({r for _, op in inside for r in op.rows})
        operations = [op_to_cirq(op, qubits) for _, op in sorted(inside, key=lambda e: e[0])]
        try:
            gate = gate_from_operations(name, operations, [qubits[r] for r in rows])
        except QtoolError as exc:
            raise EditError(str(exc)) from None
        grid = delete_block(self.grid, block)
        left = block.left
        for c in range(min(block.right, grid.width - 1), left - 1, -1):
            if c > left and not grid.columns[c]:
                grid = grid.delete_column(c)
        box = Op("raw", tuple(rows), raw=gate.on(*[qubits[r] for r in rows]), label=name)
        grid, col = grid.place_anywhere(box, min(left, grid.width))
        self.anchor = None
        self._commit(grid)
        self.cursor = (rows[0], col)
        return f"gate {name} on {', '.join(f'q{r}' for r in rows)} ({len(operations)} gates)"

    def place_gate(self, gate) -> str:
        """Place a custom gate's box (qtool.editor.custom) on the cursor's qubit and the ones
        below it, at the cursor's column."""
        from qtool.editor.convert import qubits_of

        row, col = self.cursor
        n = gate.num_qubits()
        if row + n > self.grid.num_qubits:
            raise EditError(f"{gate.name} acts on {n} qubits: put the cursor on a qubit with "
                            f"{n - 1} more below it, or add qubits (A)")
        qubits = qubits_of(self.grid)
        rows = tuple(range(row, row + n))
        self.pick, self.moving, self.anchor = None, False, None
        self._put(Op("raw", rows, raw=gate.on(*[qubits[r] for r in rows]), label=gate.name), col)
        return f"gate {gate.name} on {', '.join(f'q{r}' for r in rows)}"

    # ------------------------------------------------------------------ history
    def undo(self) -> str:
        self.pick = None
        self.moving = False
        if not self.document.undo():
            return "nothing to undo"
        self._clamp()
        return "undone"

    def redo(self) -> str:
        if not self.document.redo():
            return "nothing to redo"
        self._clamp()
        return "redone"

    def replace_document(self, document: Document) -> None:
        self.document = document
        self.cursor, self.anchor, self.pick, self.moving = (0, document.grid.width), None, None, False

    def replace_grid(self, grid: Grid) -> None:
        """A whole new circuit (QASM text, compile): a cursor at the end stays at the end."""
        at_end = self.cursor[1] >= self.grid.width
        self._commit(grid)
        if at_end:
            self.cursor = (self.cursor[0], self.grid.width)


def _describe(name: str, params: tuple[float, ...]) -> str:
    if params:
        return f"{name}({', '.join(format_angle(p) for p in params)})"
    return CATALOG[name].name
