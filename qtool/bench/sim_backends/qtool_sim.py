"""qtool's own simulation path: qtool.sim.final_state (qsim behind SimOptions)."""

from __future__ import annotations

import cirq

from qtool.bench.sim_backends.base import Backend, RunSpec


class QtoolBackend(Backend):
    name = "qtool"

    def version(self) -> str:
        from qtool import __version__

        return __version__

    def prepare(self, circuit: cirq.Circuit, n: int, spec: RunSpec):
        from qtool.sim import SimOptions, final_state

        options = SimOptions(threads=spec.threads, fusion=spec.fusion)
        order = cirq.LineQubit.range(n)
        return lambda: final_state(circuit, options, qubits=order)
