"""The one place qsim's options are made, so every command runs qsim the same way."""

from __future__ import annotations

from dataclasses import dataclass

from qtool.cores import task_cores
from qtool.sim.openmp import import_qsimcirq


@dataclass(frozen=True)
class SimOptions:
    """How to run qsim.

    threads: CPU threads (None: every core this process may use, or a local worker's share
        of them: qtool.cores.task_cores).
    fusion: qsim's max fused gate size; 2-4 is fastest on CPUs (qsim's docs suggest 2-4;
        larger fusions trade more flops for fewer passes over the state).
    seed: seeds sampling and noise trajectories, for reproducible runs.
    """

    threads: int | None = None
    fusion: int = 4
    seed: int | None = None

    @classmethod
    def interactive(cls, seed: int | None = None, threads: int | None = None) -> "SimOptions":
        """For a UI that simulates while it stays responsive: every core but one (on a busy
        2-core machine two qsim threads made a 16-qubit update 20-40x slower than one)."""
        return cls(threads=threads or max(1, cls().cpu_threads() - 1), fusion=4, seed=seed)

    def cpu_threads(self) -> int:
        return self.threads or task_cores()

    def to_qsim(self):
        qsimcirq = import_qsimcirq()

        return qsimcirq.QSimOptions(
            max_fused_gate_size=self.fusion, cpu_threads=self.cpu_threads(),
            # denormals_are_zeros would set the CPU's flush-to-zero flags for the whole
            # process, silently changing numpy's arithmetic after the first simulation.
            use_gpu=False, denormals_are_zeros=False,
        )

    def simulator(self):
        """A qsimcirq.QSimSimulator with these options."""
        qsimcirq = import_qsimcirq()

        return qsimcirq.QSimSimulator(self.to_qsim(), seed=self.seed)
