"""qulacs, when installed (`pip install qtool[peers]`): double precision only.

The circuit is rebuilt gate for gate with qulacs' specialised gates (untimed); LineQubit i
becomes qulacs qubit n-1-i so qulacs' little-endian state reads big-endian. qulacs takes its
thread count from OMP_NUM_THREADS when it is first imported, so --threads is honoured only
for the first thread count a process asks for.
"""

from __future__ import annotations

import os
import sys

import cirq
import numpy as np

from qtool.bench.sim_backends.base import DOUBLE, Backend, RunSpec
from qtool.bench.sim_backends.gates import as_matrix, gate_list, reversed_targets

_SIMPLE = {"h": "H", "x": "X", "y": "Y", "z": "Z", "s": "S", "sdg": "Sdag", "t": "T",
           "tdg": "Tdag", "cx": "CNOT", "cz": "CZ", "swap": "SWAP"}
_ROT = {"rx": "RotX", "ry": "RotY", "rz": "RotZ"}


class QulacsBackend(Backend):
    name = "qulacs"
    precisions = (DOUBLE,)

    def unavailable(self) -> str | None:
        try:
            import importlib.util

            if importlib.util.find_spec("qulacs") is None:
                return "qulacs is not installed (pip install 'qtool[peers]')"
        except (ImportError, ValueError):
            return "qulacs is not installed (pip install 'qtool[peers]')"
        return None

    def version(self) -> str:
        from importlib.metadata import version

        return version("qulacs")

    def prepare(self, circuit: cirq.Circuit, n: int, spec: RunSpec):
        qulacs = _import_qulacs(spec.threads)

        qc = to_qulacs(circuit, n)

        def run() -> np.ndarray:
            state = qulacs.QuantumState(n)
            qc.update_quantum_state(state)
            return state.get_vector()

        return run


def _import_qulacs(threads: int):
    """Import qulacs with OMP_NUM_THREADS=threads (its OpenMP runtime reads it once, on
    load), then put the variable back so later libraries in this process are unaffected."""
    if "qulacs" in sys.modules:
        return sys.modules["qulacs"]
    saved = os.environ.get("OMP_NUM_THREADS")
    os.environ["OMP_NUM_THREADS"] = str(threads)
    try:
        import qulacs
    finally:
        if saved is None:
            os.environ.pop("OMP_NUM_THREADS", None)
        else:
            os.environ["OMP_NUM_THREADS"] = saved
    return qulacs


def to_qulacs(circuit: cirq.Circuit, n: int):
    import qulacs
    from qulacs import gate as qg

    qc = qulacs.QuantumCircuit(n)
    for name, params, idx, u in gate_list(circuit, n):
        qs = [n - 1 - i for i in idx]
        if name in _SIMPLE:
            getattr(qc, f"add_{_SIMPLE[name]}_gate")(*qs)
        elif name in _ROT:
            getattr(qc, f"add_{_ROT[name]}_gate")(qs[0], params[0])
        elif name == "ccx":
            qc.add_gate(qg.TOFFOLI(qs[0], qs[1], qs[2]))
        elif name == "unitary":
            qc.add_dense_matrix_gate(reversed_targets(idx, n), as_matrix(u))
        else:  # p, cp, u3: a dense matrix of the gate
            qc.add_dense_matrix_gate(reversed_targets(idx, n), as_matrix(_matrix(name, params)))
    return qc


def _matrix(name: str, params) -> np.ndarray:
    from qtool.circuits import gateset

    gate = {"p": lambda: gateset.p(*params), "cp": lambda: gateset.cp(*params),
            "u3": lambda: gateset.u3(*params)}[name]()
    return cirq.unitary(gate)
