"""QPE's calls into qtool.sim: a double-precision copy of the final state, and the counts of
one register from noisy runs.

qtool.sim does the rest (idle qubits kept in `qubits` order, renormalising qsim's
single-precision state, threads, trajectories); first qubit is the most significant bit.
"""

from __future__ import annotations

import numpy as np


def state_vector(circuit, qubits, threads: int | None = None, initial: np.ndarray | None = None) -> np.ndarray:
    """Final state (complex128, normalised) of `circuit` on `qubits` (in that order), from
    |0...0> or from the full `initial` state (qsim's initial_state: how an input wider than
    qsim's largest matrix gate enters, see circuits.QpeCircuit.initial)."""
    from qtool.sim import SimOptions, evolve, final_state

    if initial is None:
        psi = np.asarray(final_state(circuit, SimOptions(threads=threads), qubits=list(qubits)),
                         dtype=complex)
    else:
        psi = np.asarray(evolve(circuit, initial, SimOptions(threads=threads), list(qubits)),
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


def noisy_probabilities(circuit, qubits, n_readout: int, noise) -> np.ndarray:
    """The exact outcome distribution of the first `n_readout` qubits of `circuit` under the cirq
    noise model `noise`, from a density-matrix simulation (cirq's: qsim has no density-matrix
    mode, and sampling trajectories would add shot noise on top of the shots being studied).
    Only for the few-qubit circuits of `qpe study` (the memory is 16 * 4**n bytes)."""
    import cirq

    from qtool.sim import check_memory

    check_memory(2 * len(qubits))
    sim = cirq.DensityMatrixSimulator(dtype=np.complex128)
    rho = sim.simulate(circuit.with_noise(noise), qubit_order=list(qubits)).final_density_matrix
    p = np.clip(np.real(np.diag(rho)), 0.0, None).reshape(2**n_readout, -1).sum(axis=1)
    return p / p.sum()


def noisy_coherence(circuit, qubits, noise) -> complex:
    """<0|rho|1> of the first qubit (the ancilla) at the end of `circuit` under `noise`, from a
    density-matrix simulation (see noisy_probabilities): a Hadamard test's P(0) with phase
    correction beta is then 1/2 + Re(rho_01 e^{2 pi i beta})."""
    import cirq

    from qtool.sim import check_memory

    check_memory(2 * len(qubits))
    sim = cirq.DensityMatrixSimulator(dtype=np.complex128)
    rho = sim.simulate(circuit.with_noise(noise), qubit_order=list(qubits)).final_density_matrix
    d = rho.shape[0] // 2
    return complex(np.einsum("aibi->ab", rho.reshape(2, d, 2, d))[0, 1])
