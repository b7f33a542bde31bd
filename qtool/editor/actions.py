"""Editor actions that call other parts of qtool: insert an algorithm from `qtool gen`,
compile for a target, sample a circuit from KetGPT, export the inspected state. Each returns
a Grid (or writes a file) for the editor to use; the TUI's command palette calls them.

The other parts are imported when an action runs, not when the editor starts (KetGPT loads
torch).
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from qtool.editor.convert import from_cirq, from_qasm, qubits_of, to_cirq
from qtool.editor.model import Grid
from qtool.errors import QtoolError
from qtool.io import atomic_write


def algorithm_names() -> list[str]:
    from qtool.circuits import FAMILIES

    return sorted(FAMILIES)


def compile_targets() -> list[str]:
    from qtool.compile import TARGET_NAMES

    return list(TARGET_NAMES)


def parse_algorithm(text: str) -> tuple[str, int, int | None]:
    """'qft 4' or 'grover 3 7' -> (name, qubits, seed); QtoolError saying what is expected."""
    parts = text.split()
    if len(parts) not in (2, 3) or not all(p.isdigit() for p in parts[1:]):
        raise QtoolError("expected: NAME QUBITS [SEED], for example 'qft 4' or 'grover 3 7'")
    return parts[0], int(parts[1]), int(parts[2]) if len(parts) == 3 else None


def algorithm_grid(text: str) -> Grid:
    """The grid of `qtool gen NAME --qubits N [--seed S]`, for inserting at the cursor."""
    from qtool.circuits import generate

    name, qubits, seed = parse_algorithm(text)
    circuit = generate(name, qubits, seed=seed)
    return from_cirq(circuit, num_qubits=qubits, qubit_order=sorted(circuit.all_qubits()))


def compiled_grid(grid: Grid, target: str) -> tuple[Grid, str]:
    """The grid compiled for `target`, and a one-line before/after summary."""
    from qtool.compile import compile_circuit

    if target not in compile_targets():
        raise QtoolError(f"unknown target {target!r}: expected one of {', '.join(compile_targets())}")
    circuit = to_cirq(grid)
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


def ketgpt_grid(qubits: int, seed: int | None) -> Grid:
    """One circuit sampled from the shipped KetGPT checkpoint."""
    from qtool.ketgpt.checkpoint import load
    from qtool.ketgpt.generate import generate
    from qtool.ketgpt.sample import SampleOptions

    generated = generate(load(), 1, qubits=qubits, opts=SampleOptions(seed=seed))[0]
    return from_qasm(generated.qasm, "<ketgpt>")


def export_state(inspection, path: str) -> Path:
    """Write the inspected state as JSON (schema qtool.tui.state/1), atomically."""
    if inspection is None:
        raise QtoolError("no state computed yet: wait for the displays to update")
    target = Path(path).expanduser()
    atomic_write(target, json.dumps(inspection.to_json(), indent=2) + "\n")
    return target
