"""The numbers in the editor's stats bar: qubits, depth, gate counts, two-qubit gates."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from qtool.editor.model import Grid

_NOT_GATES = ("barrier",)


@dataclass(frozen=True)
class GridStats:
    qubits: int
    depth: int
    gates: int
    two_qubit: int
    measurements: int
    counts: dict[str, int]

    def summary(self) -> str:
        top = ", ".join(f"{name} {n}" for name, n in
                        sorted(self.counts.items(), key=lambda kv: (-kv[1], kv[0]))[:6])
        return (f"qubits {self.qubits} | depth {self.depth} | gates {self.gates} | "
                f"2q {self.two_qubit} | measure {self.measurements}" + (f" | {top}" if top else ""))


def grid_stats(grid: Grid) -> GridStats:
    """Depth is the longest chain of gates on any qubit (barriers excluded), as cirq packs it."""
    level = [0] * grid.num_qubits
    counts: Counter[str] = Counter()
    two_qubit = measurements = 0
    for _, op in grid.ops():
        if op.name in _NOT_GATES:
            continue
        name = op.label if op.name == "raw" else op.name
        if op.controls:
            name = "C" * len(op.controls) + "-" + name
        counts[name] += 1
        rows = op.rows
        if op.name == "measure":
            measurements += 1
        elif len(rows) >= 2:
            two_qubit += 1
        top = max(level[r] for r in rows) + 1
        for r in rows:
            level[r] = top
    gates = sum(counts.values())
    return GridStats(grid.num_qubits, max(level, default=0), gates, two_qubit, measurements,
                     dict(counts))
