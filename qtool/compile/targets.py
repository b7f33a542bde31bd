"""Target gate sets: how two-qubit gates enter the CZ world the optimiser works in, and how
the result leaves it (entangler and single-qubit form of each target).

| target      | two-qubit gate       | single-qubit gates                    |
|-------------|----------------------|---------------------------------------|
| native      | the input's (CX/CZ)  | as written, merged runs as PhasedXZ   |
| cz          | CZ                   | PhasedXZ (u3 in OpenQASM)             |
| sqrt-iswap  | sqrt(iSWAP)          | PhasedXZ                              |
| ibm         | CX (passes/orient.py)| rz, sx, x                             |
| clifford-t  | CX                   | h, s, sdg, t, tdg, x, y, z            |
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import cirq

from qtool.compile.passes.consolidate import consolidate_ops, cz_synth
from qtool.compile.passes.merge_1q import merge_1q_ops, phxz_emit
from qtool.compile.passes.orient import cz_to_cx_oriented
from qtool.compile.ops import is_unitary_op, unitary
from qtool.compile.synth_1q import clifford_t_emit, ibm_emit, is_clifford_t_1q, is_ibm_1q
from qtool.errors import QtoolError

TARGET_NAMES = ("native", "cz", "sqrt-iswap", "ibm", "clifford-t")


@dataclass(frozen=True)
class Target:
    """A gate set, and every step of the pipeline that depends on it (the pipeline itself
    never looks at a target's name)."""

    name: str
    entangler: str  # "cz", "cx" or "sqrt-iswap": what the output's two-qubit gates are
    emit_1q: Callable  # (qubit, 2x2 matrix) -> ops
    keep_1q: Callable  # op -> True if a lone single-qubit op is already in target form
    resynthesise: bool = True  # may two-qubit blocks be resynthesised (KAK)?
    keep_foreign_2q: bool = False  # native: other two-qubit gates may stay as they are
    # native: the input's gates are the target's, so level 0 keeps them as written (no
    # rebase, no translation), and classically controlled gates are never re-expressed.
    as_written: bool = False
    # CZ world -> the target's entangler (single-qubit leftovers are merged afterwards).
    from_cz: Callable[[list], list] = lambda ops: ops
    # A merged single-qubit run emit_1q cannot express is emitted gate by gate (clifford-t).
    fallback_each: bool = False

    def rebases(self, level: int) -> bool:
        """Does the pipeline bring two-qubit gates into the CZ world at this level?"""
        return not (level == 0 and self.as_written)

    def translate(self, ops, level: int) -> list:
        """Leave the CZ world: the target's entangler and single-qubit form (single-qubit
        runs merged at level >= 1, each gate translated on its own at level 0)."""
        if not self.rebases(level):
            return ops
        ops = self.from_cz(ops)
        return merge_1q_ops(ops, emit=self.emit_1q, keep=self.keep_1q, merge=level >= 1,
                            fallback_each=self.fallback_each)


def get_target(name: str, circuit_ops=()) -> Target:
    """The Target called `name`; `native` looks at the input to pick CX or CZ."""
    if name == "native":
        cx = sum(1 for op in circuit_ops if op.gate == cirq.CNOT)
        cz = sum(1 for op in circuit_ops if op.gate == cirq.CZ)
        return Target("native", "cx" if cx >= cz else "cz", phxz_emit, lambda op: True,
                      keep_foreign_2q=True, as_written=True,
                      from_cz=cz_to_cx if cx >= cz else (lambda ops: ops))
    if name == "cz":
        return Target("cz", "cz", phxz_emit, lambda op: isinstance(op.gate, cirq.PhasedXZGate))
    if name == "sqrt-iswap":
        return Target("sqrt-iswap", "sqrt-iswap", phxz_emit,
                      lambda op: isinstance(op.gate, cirq.PhasedXZGate),
                      from_cz=cz_to_sqrt_iswap)
    if name == "ibm":
        # Each CNOT's target picked so its Hadamards fold into rz where they can.
        return Target("ibm", "cx", ibm_emit, is_ibm_1q, from_cz=cz_to_cx_oriented)
    if name == "clifford-t":
        return Target("clifford-t", "cx", clifford_t_emit, is_clifford_t_1q, resynthesise=False,
                      from_cz=cz_to_cx, fallback_each=True)
    raise QtoolError(f"unknown target {name!r}: expected one of {', '.join(TARGET_NAMES)}")


# ---------------------------------------------------------------- into the CZ world

def to_cz_world(op: cirq.Operation, keep_foreign: bool = False) -> list[cirq.Operation]:
    """One two-qubit op as CZ + single-qubit ops (cheap rules for CX, SWAP; KAK otherwise)."""
    if len(op.qubits) != 2 or not is_unitary_op(op):
        return [op]
    a, b = op.qubits
    g = op.gate
    # Identity first: cirq's value equality costs microseconds, and most gates are the
    # module's CZ/CNOT objects themselves.
    if g is cirq.CZ or g == cirq.CZ:
        return [op]
    if g is cirq.CNOT or g == cirq.CNOT:
        return [cirq.H(b), cirq.CZ(a, b), cirq.H(b)]
    if g == cirq.SWAP:
        return [*to_cz_world(cirq.CNOT(a, b)), *to_cz_world(cirq.CNOT(b, a)),
                *to_cz_world(cirq.CNOT(a, b))]
    if keep_foreign:
        return [op]
    return cz_synth(a, b, unitary(op))


def rebase_to_cz(ops, keep_foreign: bool = False) -> list[cirq.Operation]:
    out = []
    for op in ops:
        out.extend(to_cz_world(op, keep_foreign))
    return out


def is_cz(op) -> bool:
    g = op.gate
    return g is cirq.CZ or g == cirq.CZ


# ---------------------------------------------------------------- out of the CZ world

def cz_to_cx(ops) -> list[cirq.Operation]:
    """CZ(a, b) = H(b) CX(a, b) H(b); the H's merge into their neighbours afterwards."""
    out = []
    for op in ops:
        if op.gate is cirq.CZ or op.gate == cirq.CZ:
            a, b = op.qubits
            out.extend((cirq.H(b), cirq.CNOT(a, b), cirq.H(b)))
        else:
            out.append(op)
    return out


def cz_to_sqrt_iswap(ops) -> list[cirq.Operation]:
    """Every two-qubit block resynthesised with sqrt(iSWAP) (KAK)."""
    return consolidate_ops(ops, synth=sqrt_iswap_synth, is_native=is_sqrt_iswap)


def sqrt_iswap_synth(q0, q1, u) -> list:
    return list(cirq.two_qubit_matrix_to_sqrt_iswap_operations(q0, q1, u))


def is_sqrt_iswap(op) -> bool:
    return op.gate in (cirq.SQRT_ISWAP, cirq.SQRT_ISWAP_INV)
