"""Qiskit Aer's state-vector method, when qiskit-aer is installed (`pip install qtool[peers]`).

The circuit is rebuilt gate for gate as a Qiskit circuit (untimed); LineQubit i becomes
Qiskit qubit n-1-i, so Aer's little-endian state reads big-endian over the LineQubits.
"""

from __future__ import annotations

import cirq
import numpy as np

from qtool.bench.sim_backends.base import DOUBLE, SINGLE, Backend, RunSpec
from qtool.bench.sim_backends.gates import as_matrix, gate_list, reversed_targets


class AerBackend(Backend):
    name = "aer"
    precisions = (SINGLE, DOUBLE)
    passes_label = "aer fused ops"

    def unavailable(self) -> str | None:
        try:
            import qiskit_aer  # noqa: F401
        except ImportError:
            return "qiskit-aer is not installed (pip install 'qtool[peers]')"
        return None

    def version(self) -> str:
        import qiskit_aer

        return qiskit_aer.__version__

    def simulator(self, spec: RunSpec, verbose: bool = False):
        from qiskit_aer import AerSimulator

        return AerSimulator(method="statevector", precision=spec.precision,
                            max_parallel_threads=spec.threads, fusion_enable=True,
                            fusion_max_qubit=spec.fusion, fusion_threshold=1,
                            fusion_verbose=verbose)

    def warm_up(self, run, circuit: cirq.Circuit, n: int, spec: RunSpec) -> int | None:
        """Run once with fusion_verbose, where Aer lists the operations fusion left."""
        qc = to_qiskit(circuit, n)
        qc.save_statevector()
        result = self.simulator(spec, verbose=True).run(qc, shots=1).result()
        ops = result.results[0].metadata.get("fusion", {}).get("output_ops")
        if not isinstance(ops, list):
            return None
        return sum(1 for op in ops if not str(op.get("name", "")).startswith("save"))

    def prepare(self, circuit: cirq.Circuit, n: int, spec: RunSpec):
        qc = to_qiskit(circuit, n)
        qc.save_statevector()
        sim = self.simulator(spec)

        def run() -> np.ndarray:
            result = sim.run(qc, shots=1).result()
            return np.asarray(result.get_statevector(qc).data)

        return run


def to_qiskit(circuit: cirq.Circuit, n: int):
    """A qiskit.QuantumCircuit equal to `circuit` (basic gates by name, others as unitaries)."""
    import qiskit_aer  # noqa: F401  registers save_statevector
    from qiskit import QuantumCircuit
    from qiskit.circuit.library import UnitaryGate

    qc = QuantumCircuit(n)
    for name, params, idx, u in gate_list(circuit, n):
        qs = [n - 1 - i for i in idx]
        if name == "unitary":
            qc.append(UnitaryGate(as_matrix(u)), reversed_targets(idx, n))
        elif name == "u3":
            qc.u(*params, *qs)
        else:
            getattr(qc, name)(*params, *qs)
    return qc
