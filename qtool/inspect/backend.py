"""The inspector's calls into qtool.sim, with the inspector's policy: a qubit cap, and
SimOptions.interactive (every core but one, so the UI thread is never starved).

The editor shows *a* state even for circuits without a single final state (mid-circuit
measurement, reset, classical control): qtool.sim.final_state(one_run=True) runs them once,
seeded, falling back to cirq's simulator where qsim cannot run them.
"""

from __future__ import annotations

import cirq
import numpy as np

from qtool.errors import ResourceError
from qtool.sim import SimOptions, classically_controlled, evolve as sim_evolve, final_state
from qtool.sim import sample as sim_sample
from qtool.sim.memory import check_memory, human

MAX_QUBITS = 26  # a 2**26 complex64 state is 512 MiB; beyond that the TUI would stall

__all__ = ["MAX_QUBITS", "check_size", "classically_controlled", "default_threads", "evolve",
           "sample", "state_vector"]


def default_threads() -> int:
    return SimOptions.interactive().cpu_threads()


def check_size(num_qubits: int) -> None:
    if num_qubits > MAX_QUBITS:
        need = 8 << num_qubits if num_qubits <= 64 else None
        size = human(need) if need is not None else f"2^{num_qubits + 3} bytes"
        raise ResourceError(f"{num_qubits} qubits need {size} for the state; "
                            f"the inspector stops at {MAX_QUBITS} qubits")
    check_memory(num_qubits)


def state_vector(circuit: cirq.Circuit, qubits: list[cirq.Qid], seed: int | None = None,
                 threads: int | None = None) -> np.ndarray:
    """The final state of `circuit` over `qubits` (first qubit = most significant bit):
    one seeded run when the circuit has no single final state."""
    check_size(len(qubits))
    return final_state(circuit, SimOptions.interactive(seed, threads), list(qubits), one_run=True)


def evolve(circuit: cirq.Circuit, qubits: list[cirq.Qid], initial: np.ndarray,
           threads: int | None = None) -> np.ndarray:
    """`initial` (over `qubits`) after the unitary `circuit`, on qsim (the segments between
    post-selections: each starts from the projected state of the one before)."""
    if not any(True for _ in circuit.all_operations()):
        return initial
    return np.asarray(sim_evolve(circuit, initial, SimOptions.interactive(None, threads), list(qubits)))


def sample(circuit: cirq.Circuit, qubits: list[cirq.Qid], shots: int, seed: int | None = None,
           threads: int | None = None, keys: list[str] | None = None):
    """qtool.sim.sample with the inspector's threads: a Samples (counts, keys, engine);
    `keys` the bits of each bitstring, left to right."""
    check_size(len(qubits))
    return sim_sample(circuit, shots, SimOptions.interactive(seed, threads), keys=keys,
                      qubits=list(qubits))
