"""Replace a selected block by a shorter circuit for the same unitary ("synthesise
selection", issue 17): the block as a QASM program for the synthesiser, and, once it has
answered, the replacement checked and shown as a diff before anything changes.

qtool.synth sits above the editor in qtool's layers, so the caller (the TUI) runs it on
`block_program(...)` and hands its OpenQASM answer to `plan(...)`.
"""

from __future__ import annotations

from dataclasses import dataclass

import cirq

from qtool.editor.convert import from_qasm, op_to_cirq, qubits_of, to_cirq
from qtool.editor.model import EditError, Grid
from qtool.editor.selection import Block, _inside, delete_block


@dataclass(frozen=True)
class Plan:
    """A replacement the user has not accepted yet."""

    rows: tuple[int, ...]
    before_qasm: str
    after_qasm: str
    before: tuple[int, int]   # (gates, two-qubit gates)
    after: tuple[int, int]
    grid: Grid                # the whole circuit with the block replaced

    def summary(self, lines: int = 8) -> str:
        """The diff as the dialog shows it: counts, then the new gates (at most `lines`)."""
        body = _statements(self.after_qasm)
        shown = body[:lines] + ([f"... {len(body) - lines} more"] if len(body) > lines else [])
        old = _statements(self.before_qasm)
        return (f"Replace {self.before[0]} gates ({self.before[1]} two-qubit) on "
                f"{', '.join(f'q{r}' for r in self.rows)} by {self.after[0]} gates "
                f"({self.after[1]} two-qubit), same unitary up to global phase.\n"
                f"before: {' '.join(old[:lines])}{' ...' if len(old) > lines else ''}\n"
                "after:\n  " + "\n  ".join(shown))


def _statements(qasm: str) -> list[str]:
    return [line for line in qasm.splitlines()
            if line and not line.startswith(("OPENQASM", "include", "gate ", "qreg", "creg", "qubit", "bit"))]


def _counts(circuit: cirq.Circuit) -> tuple[int, int]:
    ops = [op for op in circuit.all_operations() if not isinstance(op.gate, cirq.GlobalPhaseGate)]
    return len(ops), sum(1 for op in ops if len(op.qubits) == 2)


def block_ops(grid: Grid, block: Block):
    """(rows used, the block's gates as cirq operations on local LineQubits, in order)."""
    inside = sorted(_inside(grid, block), key=lambda e: e[0])
    if not inside:
        raise EditError("select a block of gates first (v or shift+arrows)")
    for _, op in inside:
        if op.name in ("measure", "reset", "barrier", "display", "postselect") or (
                op.raw is not None and (getattr(op.raw, "classical_controls", None)
                                        or not cirq.has_unitary(op.raw))):
            raise EditError("synthesis replaces unitary gates only: the selection has a "
                            f"{op.name if op.raw is None else 'non-unitary or conditioned gate'}")
    rows = tuple(sorted({r for _, op in inside for r in op.rows}))
    qubits = qubits_of(grid)
    local = {qubits[r]: cirq.LineQubit(i) for i, r in enumerate(rows)}
    ops = [op_to_cirq(op, qubits).transform_qubits(lambda q: local[q]) for _, op in inside]
    return rows, ops


def block_program(grid: Grid, block: Block) -> tuple[tuple[int, ...], str]:
    """(rows, the block as an OpenQASM program on q[0..k-1]: q[i] is rows[i])."""
    from qtool.qasm import dumps
    from qtool.qasm.usergate import flatten

    rows, ops = block_ops(grid, block)
    return rows, dumps(flatten(cirq.Circuit(ops)), qubits=cirq.LineQubit.range(len(rows)))


def plan(grid: Grid, block: Block, found_qasm: str) -> Plan:
    """The replacement of `block` by `found_qasm` (on q[0..k-1]), checked to have the
    block's unitary up to global phase; EditError if it does not, or is not shorter."""
    from qtool.qasm.usergate import flatten

    rows, ops = block_ops(grid, block)
    _, before_qasm = block_program(grid, block)
    k = len(rows)
    local = cirq.LineQubit.range(k)
    before = flatten(cirq.Circuit(ops))
    new = from_qasm(found_qasm, "<synthesis>")
    if new.num_qubits > k:
        raise EditError(f"the synthesised circuit has {new.num_qubits} qubits, the block {k}")
    after = to_cirq(new).transform_qubits(lambda q: local[getattr(q, "index", getattr(q, "x", 0))])
    u0 = before.unitary(qubit_order=local, qubits_that_should_be_present=local)
    u1 = after.unitary(qubit_order=local, qubits_that_should_be_present=local)
    if not cirq.allclose_up_to_global_phase(u0, u1, atol=1e-6):
        raise EditError("the synthesised circuit does not have the block's unitary: not applied")
    replaced = delete_block(grid, block)
    for c in range(min(block.right, replaced.width - 1), block.left - 1, -1):
        if not replaced.columns[c]:
            replaced = replaced.delete_column(c)
    at = min(block.left, replaced.width)
    mapping = {i: rows[i] for i in range(k)}
    for _ in range(new.width):
        replaced = replaced.insert_column(at)
    for c, op in new.ops():
        replaced = replaced.place(op.remapped(mapping), at + c)
    return Plan(rows, before_qasm, found_qasm, _counts(before), _counts(after), replaced)
