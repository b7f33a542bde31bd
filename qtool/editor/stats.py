"""The stats bar's numbers for a grid: qtool.analysis.metrics on its circuit, so the editor
and `qtool info` always agree (depth over operations, barriers excluded, QASM gate names)."""

from __future__ import annotations

from qtool.analysis.metrics import CircuitMetrics, circuit_metrics
from qtool.editor.convert import qubits_of, written_circuit
from qtool.editor.model import Grid


def grid_metrics(grid: Grid) -> CircuitMetrics:
    return circuit_metrics(written_circuit(grid), qubits=qubits_of(grid))  # as the file says it


def summary(metrics: CircuitMetrics, top: int = 6) -> str:
    """One line: qubits, depth, gate counts (largest first), two-qubit gates."""
    gates = metrics.one_qubit + metrics.two_qubit + metrics.multi_qubit
    counts = ", ".join(f"{name} {n}" for name, n in list(metrics.gate_counts.items())[:top])
    return (f"qubits {metrics.qubits} | depth {metrics.depth} | gates {gates} | "
            f"2q {metrics.two_qubit} | measure {metrics.measurements}" + (f" | {counts}" if counts else ""))
