"""Optional peer compilers for `qtool bench compile`: Qiskit's transpiler at level 3 and
pytket's FullPeepholeOptimise (then its routing for devices, then a rebase).

Neither is required (`qtool[peers]` installs both): `qiskit_version()` / `tket_version()`
say whether each can be imported, and a run returns None when the peer cannot express the
configuration or fails on the circuit. Only the peer's own work is timed; its output is
then written as OpenQASM and read back with qtool's reader, so two-qubit count, T-count
(`qtool.analysis.metrics.t_count`), gate count and depth (`circuit_depth`) have one
definition for every compiler.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

# Our target -> Qiskit basis gates; None: Qiskit has no matching gate set (no comparison).
# clifford-t: peers cannot be held to Clifford+T on arbitrary input, so they get the ibm
# basis, whose rz angles the T-count reads (rz(pi/4) counts as one T).
QISKIT_BASIS = {
    "cz": ["cz", "rz", "sx", "x"],
    "ibm": ["cx", "rz", "sx", "x"],
    "clifford-t": ["cx", "rz", "sx", "x"],
    "native": None,
    "sqrt-iswap": None,
}
# Our target -> pytket gate names for AutoRebase ({2q gate}, {1q gates}).
TKET_BASIS = {
    "cz": ("CZ", ("Rz", "SX", "X")),
    "ibm": ("CX", ("Rz", "SX", "X")),
    "clifford-t": ("CX", ("Rz", "SX", "X")),
}


@dataclass
class PeerRun:
    two_qubit: int
    depth: int
    seconds: float
    t_count: int | None = None
    ops: int | None = None


def qiskit_version() -> str | None:
    try:
        import qiskit
    except ImportError:
        return None
    return qiskit.__version__


def tket_version() -> str | None:
    try:
        import pytket
    except ImportError:
        return None
    return pytket.__version__


def measured(text: str, seconds: float) -> PeerRun:
    """The figures of a peer's OpenQASM output, by qtool's own definitions."""
    from qtool import qasm
    from qtool.analysis.metrics import circuit_depth, t_count
    from qtool.compile.ops import count_2q
    from qtool.gates import is_barrier

    c = qasm.parse(text, "<peer output>")
    ops = [op for op in c.all_operations() if not is_barrier(op)]
    return PeerRun(count_2q(ops), circuit_depth(c), seconds, t_count(ops), len(ops))


def qiskit_circuit(text: str):
    """Parse OpenQASM 2 text with Qiskit (its legacy qelib1 gate definitions), or None."""
    from qiskit import qasm2

    try:
        return qasm2.loads(text, custom_instructions=qasm2.LEGACY_CUSTOM_INSTRUCTIONS)
    except Exception:  # noqa: BLE001 - a file Qiskit rejects is just not compared
        return None


def qiskit_compile(circuit, target: str, device, seed: int = 0) -> PeerRun | None:
    """Transpile at optimization_level=3 onto the same coupling graph; time transpile only."""
    from qiskit import qasm2, transpile
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
    try:
        return measured(qasm2.dumps(out), seconds)
    except Exception:  # noqa: BLE001 - an output we cannot read back: count it in Qiskit
        two = sum(1 for inst in out.data
                  if inst.operation.num_qubits == 2 and inst.operation.name != "barrier")
        return PeerRun(two, out.depth(), seconds)


def tket_compile(text: str, target: str, device) -> PeerRun | None:
    """pytket on `text` (see _tket_compile), in a forked child process where the platform
    forks: pytket's routing aborts the whole process on some inputs (an assertion in its
    C++ core, `slice is empty`, on QASMBench circuits routed onto grid:4x4), which no
    `except` can catch and which took the whole bench run down with it. A child that dies
    is a circuit pytket cannot take: None, as for any other pytket failure."""
    import multiprocessing as mp

    if "fork" not in mp.get_all_start_methods():
        return _tket_compile(text, target, device)
    ctx = mp.get_context("fork")
    recv, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_tket_child, args=(send, text, target, device), daemon=True)
    child.start()
    send.close()
    try:
        run = recv.recv()
    except EOFError:  # the child died before answering
        run = None
    finally:
        recv.close()
        child.join()
    return run


def _tket_child(send, text, target, device) -> None:
    import os
    import sys

    # pytket's C++ logger writes its messages (the assertion above) to file descriptor 1,
    # which is the bench's --json document: the child's stdout goes to stderr instead.
    sys.stdout.flush()
    os.dup2(2, 1)
    try:
        send.send(_tket_compile(text, target, device))
    finally:
        send.close()


def _tket_compile(text: str, target: str, device) -> PeerRun | None:
    """pytket: DecomposeBoxes, FullPeepholeOptimise (no implicit wire swaps: the output
    keeps the input's qubit order, as ours must), on a device DefaultMappingPass and
    KAK/SynthesiseTket clean-up, then AutoRebase to the target's gates and AutoSquash.
    Times the passes only (parsing and read-back excluded); None if pytket fails."""
    basis = TKET_BASIS.get(target)
    if basis is None:
        return None
    from pytket import OpType
    from pytket.passes import (AutoRebase, AutoSquash, DecomposeBoxes, DefaultMappingPass,
                               FullPeepholeOptimise, KAKDecomposition, RemoveRedundancies,
                               SynthesiseTket)
    from pytket.qasm import circuit_from_qasm_str, circuit_to_qasm_str

    two, ones = basis
    gates_1q = {getattr(OpType, g) for g in ones}
    try:
        c = circuit_from_qasm_str(text)
        t0 = time.perf_counter()
        DecomposeBoxes().apply(c)
        FullPeepholeOptimise(allow_swaps=False).apply(c)
        if not device.fully_connected:
            from pytket.architecture import Architecture

            DefaultMappingPass(Architecture([tuple(e) for e in device.edges])).apply(c)
            KAKDecomposition(allow_swaps=False).apply(c)
            SynthesiseTket().apply(c)
        AutoRebase({getattr(OpType, two)} | gates_1q).apply(c)
        AutoSquash(gates_1q).apply(c)
        RemoveRedundancies().apply(c)
        seconds = time.perf_counter() - t0
        return measured(circuit_to_qasm_str(c), seconds)
    except Exception:  # noqa: BLE001 - a circuit pytket cannot take is just not compared
        return None
