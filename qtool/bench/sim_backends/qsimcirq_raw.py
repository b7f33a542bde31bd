"""qsimcirq called directly, with its default options apart from threads and fusion: the
baseline that shows what qtool's own path costs or gains. It is imported as qtool imports
it, with passive OpenMP waits (qtool.sim.openmp), so both sides wait for their threads alike."""

from __future__ import annotations

import cirq

from qtool.bench.sim_backends.base import Backend, RunSpec
from qtool.sim.openmp import import_qsimcirq


class QsimcirqBackend(Backend):
    name = "qsimcirq"
    passes_label = "qsim fused gates"

    def version(self) -> str:
        qsimcirq = import_qsimcirq()

        return getattr(qsimcirq, "__version__", "")

    def options(self, spec: RunSpec, verbosity: int = 0):
        qsimcirq = import_qsimcirq()

        return qsimcirq.QSimOptions(max_fused_gate_size=spec.fusion, cpu_threads=spec.threads,
                                    verbosity=verbosity)

    def warm_up(self, run, circuit: cirq.Circuit, n: int, spec: RunSpec) -> int | None:
        """Run once at verbosity 3, where qsim logs how many gates fusion left."""
        from qtool.bench import qsim_fusion

        verbose = self.prepare(circuit, n, spec, verbosity=3)
        _, log = qsim_fusion.capture_fd1(verbose)
        return qsim_fusion.fused_gate_count(log)

    def prepare(self, circuit: cirq.Circuit, n: int, spec: RunSpec, verbosity: int = 0):
        qsimcirq = import_qsimcirq()

        sim = qsimcirq.QSimSimulator(self.options(spec, verbosity))
        order = cirq.LineQubit.range(n)
        return lambda: sim.simulate(circuit, qubit_order=order).final_state_vector
