"""The values of the displays placed in the circuit (qtool.editor.placed: the kinds and
the grid op), computed from the state after each display's column.

COMPUTE is the registry: kind -> compute(state, num_qubits, rows) -> the display's data.
- probability: the joint distribution of its qubits' outcomes, 2^k entries.
- amplitude: its qubits' state when they are not entangled with the rest (a pure reduced
  state, global phase fixed so the largest amplitude is real and positive); else None.
- bloch: the QubitInfo (Bloch vector, purity, entropy) of each of its qubits.
- density: the reduced density matrix of its 1-3 qubits.
- chance: P(1) of each of its qubits.

Gates in the display's column on other qubits do not change what it shows (the reduced
state of its qubits is the same before and after them). Bit order as everywhere in qtool:
the display's first row is the leftmost (most significant) bit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

from qtool.editor.model import Grid
from qtool.editor.placed import KINDS, is_display
from qtool.inspect import analysis


def reduced(state: np.ndarray, num_qubits: int, rows: tuple[int, ...]) -> np.ndarray:
    """The 2^k x 2^k density matrix of `rows` (in that order), tracing out the others."""
    psi = state.reshape((2,) * num_qubits)
    rest = [q for q in range(num_qubits) if q not in rows]
    m = np.transpose(psi, list(rows) + rest).reshape(2 ** len(rows), -1)
    return m @ m.conj().T


def marginal(state: np.ndarray, num_qubits: int, rows: tuple[int, ...]) -> np.ndarray:
    """P(outcome) of `rows`' joint measurement, 2^k entries, first row most significant."""
    probs = analysis.probabilities(state).reshape((2,) * num_qubits)
    rest = tuple(q for q in range(num_qubits) if q not in rows)
    summed = probs.sum(axis=rest) if rest else probs
    kept = sorted(rows)  # the axes left, in qubit order
    return np.transpose(summed, [kept.index(r) for r in rows]).reshape(-1)


def _amplitudes(state, n, rows):
    values, vectors = np.linalg.eigh(reduced(state, n, rows))
    if values[-1] < 1 - 1e-6:
        return None  # entangled with the other qubits: no amplitudes of its own
    vec = vectors[:, -1]
    big = int(np.argmax(np.abs(vec)))
    return vec * (abs(vec[big]) / vec[big])


def _bloch(state, n, rows):
    return [analysis.qubit_info(reduced(state, n, (r,))) for r in rows]


def _chance(state, n, rows):
    return [float(marginal(state, n, (r,))[1]) for r in rows]


COMPUTE: dict[str, Callable[[np.ndarray, int, tuple[int, ...]], Any]] = {
    "probability": marginal,
    "amplitude": _amplitudes,
    "bloch": _bloch,
    "density": reduced,
    "chance": _chance,
}
assert set(COMPUTE) == set(KINDS), "every display kind has its computation"


@dataclass(frozen=True)
class PlacedValue:
    column: int
    rows: tuple[int, ...]
    kind: str
    value: Any
    post_selected: float | None = None  # the kept probability, when the state is post-selected


def compute_placed(grid: Grid, seed: int | None = 0) -> list[PlacedValue]:
    """Every placed display's value, left to right: one simulation per column with displays."""
    from qtool.inspect.inspector import inspect

    out = []
    states: dict[int, object] = {}
    for column, op in grid.ops():
        if not is_display(op):
            continue
        if column not in states:
            states[column] = inspect(grid, column, seed=seed)
        found = states[column]
        out.append(PlacedValue(column, op.qubits, op.label,
                               COMPUTE[op.label](found.state, grid.num_qubits, op.qubits), found.kept))
    return out
