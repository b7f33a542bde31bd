"""cirq's own state-vector simulator (numpy, one thread): the independent reference."""

from __future__ import annotations

import cirq
import numpy as np

from qtool.bench.sim_backends.base import DOUBLE, SINGLE, Backend, RunSpec

CIRQ_MAX_QUBITS = 20


class CirqBackend(Backend):
    name = "cirq"
    precisions = (SINGLE, DOUBLE)
    threaded = False

    def __init__(self, max_qubits: int | None = CIRQ_MAX_QUBITS):
        self.max_qubits = max_qubits

    def version(self) -> str:
        return cirq.__version__

    def prepare(self, circuit: cirq.Circuit, n: int, spec: RunSpec):
        dtype = np.complex128 if spec.precision == DOUBLE else np.complex64
        sim = cirq.Simulator(dtype=dtype)
        order = cirq.LineQubit.range(n)
        return lambda: sim.simulate(circuit, qubit_order=order).final_state_vector
