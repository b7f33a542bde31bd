"""qsim-backed simulation: states, probabilities, sampling, expectations, noise, memory guard."""

from qtool.sim.engine import (ENGINE_CIRQ, ENGINE_QSIM, Estimate, NoFinalStateError, Samples,
                              classically_controlled,
                              estimate_expectations, evolve, expectation, final_state, measurement_keys,
                              no_final_state_reason, probabilities, read_unmeasured_bits_as_zero,
                              sample, unitary_part)
from qtool.sim.memory import check_memory, state_bytes
from qtool.sim.noise import parse_noise
from qtool.sim.options import SimOptions
from qtool.sim.pauli import pauli_sum_on

__all__ = ["SimOptions", "evolve", "final_state", "probabilities", "sample", "expectation",
           "estimate_expectations", "Estimate", "Samples", "NoFinalStateError",
           "no_final_state_reason", "classically_controlled", "check_memory", "state_bytes", "parse_noise",
           "pauli_sum_on", "measurement_keys", "unitary_part",
           "read_unmeasured_bits_as_zero", "ENGINE_QSIM", "ENGINE_CIRQ"]
