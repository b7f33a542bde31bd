"""The editor's side of the actions that use other parts of qtool: insert a generated
algorithm, replace the circuit by its compiled form, insert a KetGPT sample, export the
inspected state. Each turns the other part's result into a Grid (or a file).

qtool.editor sits below qtool.circuits/compile/ketgpt's callers in qtool's layers (it is a
sibling of circuits and compile, below ketgpt), so it never imports them: the caller (the
TUI) passes in the function of the other part, e.g. `qtool.compile.compile_circuit`.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Callable, Sequence

import cirq

from qtool.editor.convert import from_cirq, from_qasm, plain_circuit, qubits_of
from qtool.editor.model import Grid
from qtool.errors import QtoolError
from qtool.io import atomic_write


def parse_algorithm(text: str) -> tuple[str, int, int | None]:
    """'qft 4' or 'grover 3 7' -> (name, qubits, seed); QtoolError saying what is expected."""
    parts = text.split()
    if len(parts) not in (2, 3) or not all(p.isdigit() for p in parts[1:]):
        raise QtoolError("expected: NAME QUBITS [SEED], for example 'qft 4' or 'grover 3 7'")
    return parts[0], int(parts[1]), int(parts[2]) if len(parts) == 3 else None


def algorithm_grid(text: str, generate: Callable[..., cirq.Circuit]) -> Grid:
    """The grid of `qtool gen NAME --qubits N [--seed S]` for inserting at the cursor;
    `generate` is qtool.circuits.generate(name, qubits, seed=...)."""
    name, qubits, seed = parse_algorithm(text)
    circuit = generate(name, qubits, seed=seed)
    return from_cirq(circuit, num_qubits=qubits, qubit_order=sorted(circuit.all_qubits()))


def compiled_grid(grid: Grid, target: str, compile_circuit: Callable, targets: Sequence[str]
                  ) -> tuple[Grid, str]:
    """The grid compiled for `target`, and a one-line before/after summary.

    `compile_circuit` is qtool.compile.compile_circuit(circuit, target=...) (its result has
    .circuit and .verdict); `targets` the names it accepts.
    """
    if target not in targets:
        raise QtoolError(f"unknown target {target!r}: expected one of {', '.join(targets)}")
    circuit = plain_circuit(grid)  # the compiler takes standard gates
    if not any(True for _ in circuit.all_operations()):
        raise QtoolError("the circuit is empty: nothing to compile")
    result = compile_circuit(circuit, target=target)
    out = result.circuit
    rows = qubits_of(grid)
    # Keep each qubit on its row (a qubit the compiler emptied must not shift the others);
    # only a device mapping that renames qubits falls back to sorted order.
    order = rows if set(out.all_qubits()) <= set(rows) else sorted(out.all_qubits())
    new = replace(from_cirq(out, num_qubits=grid.num_qubits, qubit_order=order),
                  qregs=grid.qregs if order is rows else (), cregs=grid.cregs)
    verdict = result.verdict
    check = "" if verdict is None else (
        f", equivalence {'verified' if verdict.ok else 'FAILED'} ({verdict.method})"
        if verdict.method != "skipped" else ", equivalence not checked")
    summary = f"compiled for {target}: {grid.op_count()} -> {new.op_count()} gates{check}"
    return new, summary


def parse_ketgpt(text: str) -> tuple[int, int | None]:
    """'3' or '3 7' -> (qubits, seed); QtoolError saying what is expected."""
    parts = text.split()
    if not 1 <= len(parts) <= 2 or not all(p.isdigit() for p in parts) or int(parts[0]) < 1:
        raise QtoolError("expected: QUBITS [SEED], whole numbers")
    return int(parts[0]), int(parts[1]) if len(parts) == 2 else None


def generated_grid(qasm: str) -> Grid:
    """The grid of a generated circuit's OpenQASM text (KetGPT's output)."""
    return from_qasm(qasm, "<ketgpt>")


def export_state(inspection, path: str) -> Path:
    """Write the inspected state (a qtool.inspect Inspection) as JSON, schema
    qtool.tui.state/1, atomically."""
    if inspection is None:
        raise QtoolError("no state computed yet: wait for the displays to update")
    target = Path(path).expanduser()
    atomic_write(target, json.dumps(inspection.to_json(), indent=2) + "\n")
    return target
