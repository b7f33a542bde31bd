"""qsimcirq called directly, with its default options apart from threads and fusion: the
baseline that shows what qtool's own path costs or gains."""

from __future__ import annotations

import cirq

from qtool.bench.sim_backends.base import Backend, RunSpec


class QsimcirqBackend(Backend):
    name = "qsimcirq"

    def version(self) -> str:
        import qsimcirq

        return getattr(qsimcirq, "__version__", "")

    def options(self, spec: RunSpec, verbosity: int = 0):
        import qsimcirq

        return qsimcirq.QSimOptions(max_fused_gate_size=spec.fusion, cpu_threads=spec.threads,
                                    verbosity=verbosity)

    def prepare(self, circuit: cirq.Circuit, n: int, spec: RunSpec, verbosity: int = 0):
        import qsimcirq

        sim = qsimcirq.QSimSimulator(self.options(spec, verbosity))
        order = cirq.LineQubit.range(n)
        return lambda: sim.simulate(circuit, qubit_order=order).final_state_vector
