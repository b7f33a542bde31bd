"""The one place the inspector calls qsim: a state vector, and samples, with explicit options.

qtool.sim is the project-wide front door to qsim; the inspector needs two things it may not
offer (an explicit qubit order that keeps idle qubits, and a state at a prefix of the
circuit), so it builds its QSimSimulator here, with explicit QSimOptions.
"""

from __future__ import annotations

import os

import cirq
import numpy as np

from qtool.errors import ResourceError

MAX_QUBITS = 26  # a 2**26 complex64 state is 512 MiB; beyond that the TUI would stall


def _simulator(seed: int | None = None, threads: int | None = None):
    import qsimcirq

    options = qsimcirq.QSimOptions(cpu_threads=threads or os.cpu_count() or 1,
                                   max_fused_gate_size=4)
    return qsimcirq.QSimSimulator(qsim_options=options, seed=seed)


def check_size(num_qubits: int) -> None:
    if num_qubits > MAX_QUBITS:
        need = (2 ** num_qubits) * 8 / 2 ** 30
        raise ResourceError(f"{num_qubits} qubits need {need:.0f} GiB for the state; "
                            f"the inspector stops at {MAX_QUBITS} qubits")


def state_vector(circuit: cirq.Circuit, qubits: list[cirq.Qid], seed: int | None = None,
                 threads: int | None = None) -> np.ndarray:
    """The final state of `circuit` over `qubits` (first qubit = most significant bit)."""
    check_size(len(qubits))
    if not any(True for _ in circuit.all_operations()):
        state = np.zeros(2 ** len(qubits), dtype=np.complex64)
        state[0] = 1
        return state
    result = _simulator(seed, threads).simulate(circuit, qubit_order=qubits)
    return np.asarray(result.final_state_vector)


def run(circuit: cirq.Circuit, repetitions: int, seed: int | None = None,
        threads: int | None = None) -> dict[str, np.ndarray]:
    """Measurement records {key: (repetitions, bits)} from qsim's sampler."""
    check_size(len(circuit.all_qubits()))
    result = _simulator(seed, threads).run(circuit, repetitions=repetitions)
    return {key: np.asarray(value) for key, value in result.measurements.items()}
