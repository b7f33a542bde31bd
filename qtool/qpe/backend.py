"""QPE's calls into qtool.sim: a double-precision copy of the final state, and the counts of
one register from noisy runs.

qtool.sim does the rest (idle qubits kept in `qubits` order, renormalising qsim's
single-precision state, threads, trajectories); first qubit is the most significant bit.
"""

from __future__ import annotations

import numpy as np


def state_vector(circuit, qubits, threads: int | None = None) -> np.ndarray:
    """Final state (complex128, normalised) of `circuit` on `qubits` (in that order)."""
    from qtool.sim import SimOptions, final_state

    psi = np.asarray(final_state(circuit, SimOptions(threads=threads), qubits=list(qubits)),
                     dtype=complex)
    return psi / np.linalg.norm(psi)


def sample_noisy(circuit, qubits, key: str, shots: int, seed: int | None, noise) -> np.ndarray:
    """Counts (indexed by the integer value of register `key`, first qubit most significant)
    of `shots` noisy runs of `circuit` (which measures `key`) under the cirq noise model `noise`."""
    from qtool.sim import SimOptions, sample

    samples = sample(circuit, shots, SimOptions(seed=seed), keys=[key], noise=noise,
                     qubits=list(qubits))
    width = len(next(iter(samples.counts)))
    counts = np.zeros(2**width, dtype=np.int64)
    for bits, c in samples.counts.items():
        counts[int(bits, 2)] += c
    return counts
