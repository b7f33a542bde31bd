"""The one place QPE calls the simulator (qsim), so switching to qtool.sim is a local change.

`state_vector` returns the final state of a unitary circuit (qubits in sorted order, the
first qubit the most significant bit, as everywhere in qtool); `sample_noisy` runs a circuit
with noise channels through qsim's quantum trajectories and returns measurement records.
"""

from __future__ import annotations

import numpy as np


def _simulator(seed: int | None = None, threads: int | None = None):
    import os

    import qsimcirq

    options = qsimcirq.QSimOptions(cpu_threads=threads or max(1, os.cpu_count() or 1),
                                   max_fused_gate_size=3)
    return qsimcirq.QSimSimulator(qsim_options=options, seed=seed)


def state_vector(circuit, qubits, initial_state: np.ndarray | None = None) -> np.ndarray:
    """Final state (complex128, normalised) of `circuit` on `qubits` (in that order), by qsim."""
    import cirq

    circuit = _touch_all(circuit, qubits)
    import warnings

    init = 0 if initial_state is None else np.asarray(initial_state, dtype=np.complex64)
    with warnings.catch_warnings():
        # qsim works in single precision: after tens of thousands of gates the norm drifts by
        # ~1e-3 and cirq warns; we renormalise below (and say so in the docs).
        warnings.filterwarnings("ignore", message="final state vector's norm")
        result = _simulator().simulate(circuit, qubit_order=cirq.QubitOrder.explicit(qubits),
                                       initial_state=init)
    psi = np.asarray(result.final_state_vector, dtype=complex)
    return psi / np.linalg.norm(psi)


def sample_noisy(circuit, qubits, key: str, repetitions: int, seed: int | None) -> np.ndarray:
    """Measurement records (repetitions x bits) of `key` from a noisy circuit, by qsim trajectories."""
    import cirq

    circuit = _touch_all(circuit, qubits)
    result = _simulator(seed=seed).run(circuit, repetitions=repetitions)
    return np.asarray(result.measurements[key], dtype=np.int64)


def _touch_all(circuit, qubits):
    """qsim simulates only the qubits a circuit touches: add identities for idle ones."""
    import cirq

    idle = [q for q in qubits if q not in circuit.all_qubits()]
    return circuit + cirq.Circuit(cirq.I.on_each(*idle)) if idle else circuit
