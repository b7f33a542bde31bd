"""What a simulator adapter for `qtool bench simulate` provides.

An adapter converts a cirq circuit to its simulator's form outside the timed region (a user
of that simulator would build circuits in its own form), and returns a `run` callable that
is timed: it simulates from |0...0> and returns the final state as a numpy vector indexed
big-endian over LineQubit(0..n-1), so every backend's state can be compared with every other.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import cirq
import numpy as np

SINGLE, DOUBLE = "single", "double"
BYTES_PER_AMPLITUDE = {SINGLE: 8, DOUBLE: 16}


@dataclass(frozen=True)
class RunSpec:
    """The knobs a run asks for; an adapter honours what its simulator supports."""

    threads: int
    fusion: int
    precision: str = SINGLE


class Backend:
    """One simulator. Subclasses set `name` and implement `prepare`."""

    name = "?"
    precisions: tuple[str, ...] = (SINGLE,)
    #: None: any size; else the adapter is skipped (with a note) above this many qubits.
    max_qubits: int | None = None
    #: Whether `threads` changes anything (cirq's simulator is single-threaded numpy).
    threaded = True
    #: What `warm_up`'s pass count means, when it returns one.
    passes_label = "fused gates"

    def unavailable(self) -> str | None:
        """Why this backend cannot run here (not installed, ...), or None."""
        return None

    def version(self) -> str:
        return ""

    def precision(self, requested: str) -> str:
        """The precision this backend will actually use when `requested` is asked for."""
        return requested if requested in self.precisions else self.precisions[0]

    def prepare(self, circuit: cirq.Circuit, n: int, spec: RunSpec) -> Callable[[], np.ndarray]:
        raise NotImplementedError

    def warm_up(self, run: Callable[[], np.ndarray], circuit: cirq.Circuit, n: int,
                spec: RunSpec) -> int | None:
        """One untimed run. Returns the number of gate passes the backend applied when it
        can tell (qsim logs its fused gates, Aer reports its fused ops), else None."""
        run()
        return None

    def skip_reason(self, n: int) -> str | None:
        """Why this backend sits out a point of n qubits, or None."""
        if self.max_qubits is not None and n > self.max_qubits:
            return f"skipped above {self.max_qubits} qubits (too slow to be worth the wait)"
        return None
