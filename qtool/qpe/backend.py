"""The one place QPE calls the simulator: qtool.sim (qsim), with its SimOptions.

`state_vector` returns the final state of a unitary circuit over `qubits` (first qubit the
most significant bit, as everywhere in qtool); `sample_noisy` runs a circuit under a noise
model (qsim's quantum trajectories, one per shot) and returns the counts of one register.
qsim works in single precision: over tens of thousands of gates the norm drifts by ~1e-3,
so states are renormalised here.
"""

from __future__ import annotations

import numpy as np


def state_vector(circuit, qubits, threads: int | None = None) -> np.ndarray:
    """Final state (complex128, normalised) of `circuit` on `qubits` (in that order)."""
    import warnings

    from qtool.sim import SimOptions, final_state

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="final state vector's norm")
        psi = np.asarray(final_state(_touch_all(circuit, qubits), SimOptions(threads=threads),
                                     qubits=list(qubits)), dtype=complex)
    return psi / np.linalg.norm(psi)


def sample_noisy(circuit, qubits, key: str, shots: int, seed: int | None, noise) -> np.ndarray:
    """Counts (indexed by the integer value of register `key`, first qubit most significant)
    of `shots` noisy runs of `circuit` (which measures `key`) under the cirq noise model `noise`."""
    from qtool.sim import SimOptions, sample

    samples = sample(_touch_all(circuit, qubits), shots, SimOptions(seed=seed), keys=[key],
                     noise=noise, qubits=list(qubits))
    width = len(next(iter(samples.counts)))
    counts = np.zeros(2**width, dtype=np.int64)
    for bits, c in samples.counts.items():
        counts[int(bits, 2)] += c
    return counts


def _touch_all(circuit, qubits):
    """qsim simulates only the qubits a circuit touches: add identities for idle ones."""
    import cirq

    idle = [q for q in qubits if q not in circuit.all_qubits()]
    return circuit + cirq.Circuit(cirq.I.on_each(*idle)) if idle else circuit
