"""Simulator adapters for `qtool bench simulate`, one small module each.

qtool, qsimcirq and cirq are always available; Aer and qulacs are optional peers (the
`qtool[peers]` extra) and are skipped with a note when missing.
"""

from __future__ import annotations

from qtool.bench.sim_backends.aer import AerBackend
from qtool.bench.sim_backends.base import DOUBLE, SINGLE, Backend, RunSpec
from qtool.bench.sim_backends.cirq_sim import CIRQ_MAX_QUBITS, CirqBackend
from qtool.bench.sim_backends.qsimcirq_raw import QsimcirqBackend
from qtool.bench.sim_backends.qtool_sim import QtoolBackend
from qtool.bench.sim_backends.qulacs_sim import QulacsBackend

NAMES = ("qtool", "qsimcirq", "cirq", "aer", "qulacs")


def make_backends(names=NAMES, cirq_max_qubits: int | None = CIRQ_MAX_QUBITS) -> list[Backend]:
    """Adapters for `names`, in the order given."""
    factories = {"qtool": QtoolBackend, "qsimcirq": QsimcirqBackend,
                 "cirq": lambda: CirqBackend(cirq_max_qubits), "aer": AerBackend,
                 "qulacs": QulacsBackend}
    return [factories[name]() for name in names]


__all__ = ["NAMES", "DOUBLE", "SINGLE", "Backend", "RunSpec", "make_backends",
           "CIRQ_MAX_QUBITS"]
