"""The inspector's calls into qsim: a state vector and samples, with qtool's SimOptions.

qtool.sim.final_state refuses circuits without a single final state (mid-circuit
measurement, reset); the editor still wants to show *a* state for them (one seeded run), and
it needs idle qubits kept in an explicit order, so it runs the simulator built by
qtool.sim.SimOptions (the one place qsim options are made) directly here.

Threads: all cores but one, so the simulation never starves the UI thread (on a busy
2-core machine two qsim threads made a 16-qubit update 20-40x slower than one).
"""

from __future__ import annotations

import cirq
import numpy as np

from qtool.errors import ResourceError
from qtool.sim import SimOptions, read_unmeasured_bits_as_zero
from qtool.sim.memory import check_memory

MAX_QUBITS = 26  # a 2**26 complex64 state is 512 MiB; beyond that the TUI would stall


def default_threads() -> int:
    return max(1, SimOptions().cpu_threads() - 1)


def _simulator(seed: int | None = None, threads: int | None = None):
    return SimOptions(threads=threads or default_threads(), fusion=4, seed=seed).simulator()


def check_size(num_qubits: int) -> None:
    if num_qubits > MAX_QUBITS:
        need = (2 ** num_qubits) * 8 / 2 ** 30
        raise ResourceError(f"{num_qubits} qubits need {need:.0f} GiB for the state; "
                            f"the inspector stops at {MAX_QUBITS} qubits")
    check_memory(num_qubits)


def classically_controlled(circuit: cirq.Circuit) -> bool:
    return any(isinstance(op, cirq.ClassicallyControlledOperation) for op in circuit.all_operations())


def state_vector(circuit: cirq.Circuit, qubits: list[cirq.Qid], seed: int | None = None,
                 threads: int | None = None) -> np.ndarray:
    """The final state of `circuit` over `qubits` (first qubit = most significant bit).

    qsim cannot run classically controlled operations; cirq's simulator runs those (one
    seeded run), as everywhere in qtool.
    """
    check_size(len(qubits))
    if not any(True for _ in circuit.all_operations()):
        state = np.zeros(2 ** len(qubits), dtype=np.complex64)
        state[0] = 1
        return state
    if classically_controlled(circuit):
        sim = cirq.Simulator(seed=seed, dtype=np.complex64)
        state = sim.simulate(read_unmeasured_bits_as_zero(circuit), qubit_order=list(qubits))
        return np.asarray(state.final_state_vector)
    result = _simulator(seed, threads).simulate(circuit, qubit_order=qubits)
    return np.asarray(result.final_state_vector)


def sample(circuit: cirq.Circuit, qubits: list[cirq.Qid], shots: int, seed: int | None = None,
           threads: int | None = None):
    """qtool.sim.sample with the inspector's threads: a Samples (counts, keys, engine)."""
    from qtool.sim import sample as sim_sample

    check_size(len(qubits))
    options = SimOptions(threads=threads or default_threads(), fusion=4, seed=seed)
    return sim_sample(circuit, shots, options, qubits=list(qubits))
