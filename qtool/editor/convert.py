"""Grid <-> cirq.Circuit <-> OpenQASM text.

The grid's rows become `cirq.LineQubit(row)` (so the QASM writer emits one register `q`);
a circuit read from QASM maps its qubits to rows in `sorted(circuit.all_qubits())` order,
the order every bitstring in qtool uses. Gates the palette knows become palette ops (so they
can be edited: angle, controls); anything else is kept whole as a `raw` op and drawn with
cirq's own diagram symbol.
"""

from __future__ import annotations

from dataclasses import replace

import cirq

from qtool.editor.gates import CATALOG, recognise
from qtool.gates import BarrierGate, classify
from qtool.editor.model import Grid, Op


def qubits_of(grid: Grid) -> list[cirq.Qid]:
    """The qubit of each row: the file's registers when they cover the rows, else q[0..n-1]."""
    if grid.qregs and sum(size for _, size in grid.qregs) == grid.num_qubits:
        from qtool.qasm import RegisterQubit

        return [RegisterQubit(name, i, rank) for rank, (name, size) in enumerate(grid.qregs)
                for i in range(size)]
    return cirq.LineQubit.range(grid.num_qubits)


def to_cirq(grid: Grid, upto: int | None = None) -> cirq.Circuit:
    """The circuit of the grid (columns [0, upto) when `upto` is given), one moment a column."""
    qubits = qubits_of(grid)
    columns = grid.columns if upto is None else grid.columns[:upto]
    moments = []
    for column in columns:
        ops = [op_to_cirq(op, qubits) for op in column if op.name not in ("display", "postselect")]
        if ops:  # a placed display (qtool.editor.placed) is not an operation
            moments.append(cirq.Moment(ops))
    return cirq.Circuit(moments)


def op_to_cirq(op: Op, qubits: list[cirq.Qid]) -> cirq.Operation:
    targets = [qubits[q] for q in op.qubits]
    controls = [qubits[q] for q in op.controls]
    if op.raw is not None:
        base = op.raw.with_qubits(*targets)
    elif op.name == "measure":
        base = cirq.measure(*targets, key=op.key or f"c_{op.qubits[0]}")
    elif op.name == "barrier":
        base = BarrierGate(len(targets)).on(*targets)
    else:
        base = CATALOG[op.name].make(*op.params).on(*targets)
    if not controls:
        return base
    if op.anti:  # Quirk's anti-controls: fire on |0>
        return base.controlled_by(*controls, control_values=[0 if q in op.anti else 1
                                                             for q in op.controls])
    return base.controlled_by(*controls)




def from_cirq(circuit: cirq.Circuit, num_qubits: int | None = None,
              qubit_order: list[cirq.Qid] | None = None) -> Grid:
    """The grid of a circuit: one column per moment, split where drawn ops would overlap."""
    order = list(qubit_order) if qubit_order is not None else sorted(circuit.all_qubits())
    index = {q: i for i, q in enumerate(order)}
    n = max(num_qubits or 0, len(order), 1)
    columns: list[tuple[Op, ...]] = []
    for moment in circuit:
        pending: list[list[Op]] = [[]]
        for operation in moment:
            op = op_from_cirq(operation, index)
            for column in pending:
                if all(op.span[1] < o.span[0] or o.span[1] < op.span[0] for o in column):
                    column.append(op)
                    break
            else:
                pending.append([op])
        columns.extend(tuple(c) for c in pending if c)
    return Grid(n, tuple(columns))


_CONTROLLED_PALETTE = {"cp": "P", "cu1": "P"}  # standard names of a controlled palette gate


def op_from_cirq(operation: cirq.Operation, index: dict[cirq.Qid, int]) -> Op:
    rows = tuple(index[q] for q in operation.qubits)
    gate = operation.gate
    if isinstance(gate, cirq.MeasurementGate) and len(rows) == 1 \
            and not operation.classical_controls:
        return Op("measure", rows, key=str(cirq.measurement_key_name(operation)))
    if gate is not None and not getattr(operation, "classical_controls", None):
        found = recognise(gate)
        if found is not None:
            name, params = found
            return Op(name, rows, params)
        named = classify(gate)
        if named is not None and named[0] in _CONTROLLED_PALETTE and len(rows) == 2:
            # cp / cu1 (CZPowGate): a phase P on the second qubit controlled by the first,
            # so its angle is edited like any P
            return Op(_CONTROLLED_PALETTE[named[0]], rows[1:], named[1], controls=rows[:1])
        if isinstance(gate, cirq.ControlledGate) and all(
                v in ((1,), (0,)) for v in _control_values(gate)):
            found = recognise(gate.sub_gate)
            if found is not None and found[0] not in ("measure", "reset", "barrier"):
                k = gate.num_controls()
                anti = tuple(r for r, v in zip(rows[:k], _control_values(gate)) if v == (0,))
                return Op(found[0], rows[k:], found[1], controls=rows[:k], anti=anti)
    return Op("raw", rows, raw=operation, label=_label(operation))


def _control_values(gate: cirq.ControlledGate):
    values = gate.control_values
    try:
        return [tuple(v) for v in values]
    except TypeError:  # a SumOfProducts control spec: not plain all-ones controls
        return [(0,)]


def _label(operation: cirq.Operation) -> str:
    """A short name for an op outside the palette, from cirq's diagram info."""
    from qtool.qasm.usergate import UserGate

    if isinstance(operation.gate, UserGate):
        return operation.gate.name  # a `gate` definition's box: its whole name
    try:
        info = cirq.circuit_diagram_info(operation, default=None)
    except Exception:  # noqa: BLE001 - a third-party gate may fail to describe itself
        info = None
    if info is not None and info.wire_symbols:
        text = info.wire_symbols[-1]
    else:
        text = str(operation.gate or operation).split("(")[0]
    return text.split("(")[0].split("^")[0][:3] or "?"


def to_qasm(grid: Grid, version: int = 2) -> str:
    """OpenQASM text of the grid; idle qubits and declared classical registers are kept."""
    from qtool import qasm

    return qasm.dumps(written_circuit(grid), version=version, qubits=qubits_of(grid),
                      cregs=dict(grid.cregs) or None, group_measurements=True)


def plain_circuit(grid: Grid) -> cirq.Circuit:
    """to_cirq with every user gate's box expanded into its body: for the parts of qtool
    that take standard gates only (compile, Quirk links, cirq JSON)."""
    from qtool.qasm.usergate import flatten

    return flatten(to_cirq(grid))


def written_circuit(grid: Grid) -> cirq.Circuit:
    """The circuit as QASM says it: an anti-controlled gate (control on |0>) becomes X on
    its anti-controls, the gate with ordinary controls, X again (read back as one gate by
    `collapse_anti`)."""
    if not any(op.anti for _, op in grid.ops()):
        return to_cirq(grid)
    qubits = qubits_of(grid)
    moments = []
    for column in grid.columns:
        flips = [qubits[r] for op in column for r in op.anti]  # displays/post-selections: comments
        ops = [op_to_cirq(replace(op, anti=()), qubits) for op in column if op.name not in ("display", "postselect")]
        if flips:
            moments.append(cirq.Moment(cirq.X(q) for q in flips))
        if ops:
            moments.append(cirq.Moment(ops))
        if flips:
            moments.append(cirq.Moment(cirq.X(q) for q in flips))
    return cirq.Circuit(moments)


def collapse_anti(grid: Grid) -> Grid:
    """Read `x a; C-gate controlled by a; x a` back as one gate with an anti-control on a,
    where the pattern is exact: a plain X right before and right after on that qubit, with
    nothing else on it in between."""
    from qtool.editor.model import SYMBOL_CONTROLS

    columns = [list(c) for c in grid.columns]

    def neighbour(row: int, start: int, step: int):
        c = start + step
        while 0 <= c < len(columns):
            for op in columns[c]:
                if row in op.rows:
                    return c, op
            c += step
        return None

    def plain_x(found, row):
        return found is not None and found[1] == Op("X", (row,))

    for c, column in enumerate(columns):
        for i, op in enumerate(column):
            if op.raw is not None or op.name in ("measure", "reset", "barrier", "display", "postselect"):
                continue
            if op.name in SYMBOL_CONTROLS:
                base, k = SYMBOL_CONTROLS[op.name]
                candidates = op.qubits[:k]
            else:
                candidates = op.controls
            anti = [r for r in candidates if r not in op.anti
                    and plain_x(neighbour(r, c, -1), r) and plain_x(neighbour(r, c, 1), r)]
            if not anti:
                continue
            for r in anti:
                for found in (neighbour(r, c, -1), neighbour(r, c, 1)):
                    columns[found[0]] = [o for o in columns[found[0]] if o is not found[1]]
            if op.name in SYMBOL_CONTROLS:
                op = replace(op, name=base, qubits=op.qubits[k:], controls=op.qubits[:k] + op.controls)
            column[i] = replace(op, anti=op.anti + tuple(anti))
    return replace(grid, columns=tuple(tuple(c) for c in columns if c))


def from_qasm(text: str, filename: str = "<qasm>") -> Grid:
    """Parse QASM text to a grid; raises qtool.errors.QasmError with line and column.
    A user `gate`'s calls stay one op each (a named box, saved as the definition and calls).

    Rows follow the declared qubits (unused ones included) in declaration order; several
    quantum registers are laid out one after another (and written back as one register q).
    """
    from qtool import qasm

    return from_program(qasm.parse_program(text, filename, keep_gates=True))


def from_program(program) -> Grid:
    """The grid of a qtool.qasm.Program (from OpenQASM or cirq JSON), rows as in from_qasm."""
    order = _order(program)
    grid = collapse_anti(from_cirq(program.circuit, qubit_order=order))
    qregs = tuple(program.qregs.items()) if len(order) == len(program.qubits) else ()
    return replace(grid, cregs=tuple(program.cregs.items()), qregs=qregs)


def _order(program) -> list:
    declared = list(program.qubits)
    extra = sorted(set(program.circuit.all_qubits()) - set(declared))
    return declared + extra
