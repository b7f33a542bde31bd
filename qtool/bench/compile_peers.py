"""Optional peer compilers for `qtool bench compile`: Qiskit's transpiler at level 3.

Qiskit is never required: `qiskit_available()` says whether it can be imported, and each
run returns None when the peer cannot express the configuration (no such gate set).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

# Our target -> Qiskit basis gates; None: Qiskit has no matching gate set (no comparison).
QISKIT_BASIS = {
    "cz": ["cz", "rz", "sx", "x"],
    "ibm": ["cx", "rz", "sx", "x"],
    "native": None,
    "sqrt-iswap": None,
    "clifford-t": None,
}


@dataclass
class PeerRun:
    two_qubit: int
    depth: int
    seconds: float


def qiskit_version() -> str | None:
    try:
        import qiskit
    except ImportError:
        return None
    return qiskit.__version__


def qiskit_circuit(text: str):
    """Parse OpenQASM 2 text with Qiskit (its legacy qelib1 gate definitions), or None."""
    from qiskit import qasm2

    try:
        return qasm2.loads(text, custom_instructions=qasm2.LEGACY_CUSTOM_INSTRUCTIONS)
    except Exception:  # noqa: BLE001 - a file Qiskit rejects is just not compared
        return None


def qiskit_compile(circuit, target: str, device, seed: int = 0) -> PeerRun | None:
    """Transpile at optimization_level=3 onto the same coupling graph; time transpile only."""
    from qiskit import transpile
    from qiskit.transpiler import CouplingMap

    basis = QISKIT_BASIS.get(target)
    if basis is None and target != "native":
        return None
    coupling = None
    if not device.fully_connected:
        edges = [list(e) for e in device.edges] + [[b, a] for a, b in device.edges]
        coupling = CouplingMap(edges)
    t0 = time.perf_counter()
    out = transpile(circuit, basis_gates=basis, coupling_map=coupling, optimization_level=3,
                    seed_transpiler=seed)
    seconds = time.perf_counter() - t0
    two = sum(1 for inst in out.data
              if inst.operation.num_qubits == 2 and inst.operation.name != "barrier")
    return PeerRun(two, out.depth(), seconds)
