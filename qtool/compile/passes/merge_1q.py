"""Merge each run of single-qubit gates into one matrix and re-emit it in the target form.

A run ends at any multi-qubit or non-unitary operation on its qubit. Runs that multiply to
the identity (up to phase) vanish; the rest become what `emit(qubit, matrix)` returns (one
PhasedXZ gate for cz, rz-sx-rz-sx-rz for ibm, a Clifford+T word, ...).
"""

from __future__ import annotations

from typing import Callable

import cmath
import math

import cirq
import numpy as np

from qtool.compile.ir import records
from qtool.compile.ops import is_identity_up_to_phase
from qtool.compile.passes.base import apply_to_circuit
from qtool.errors import QtoolError
from qtool.gates import wrap_exponent as _wrap

Emit = Callable[[cirq.Qid, np.ndarray], list]


def merge_1q_ops(ops, *, emit: Emit, keep: Callable[[cirq.Operation], bool] | None = None,
                 merge: bool = True, fallback_each: bool = False) -> list[cirq.Operation]:
    """Merge single-qubit runs. `keep(op)` marks a lone gate already in target form (left
    as it is, so a run of one native gate is not rewritten). With `merge=False` every gate
    is translated on its own (level 0). With `fallback_each`, a run whose product `emit`
    rejects (QtoolError: e.g. no short Clifford+T word) is emitted gate by gate instead."""
    out: list[cirq.Operation] = []
    pending: dict[int, list] = {}  # qubit int -> the run's records

    def flush(q):
        run = pending.pop(q, None)
        if not run:
            return
        if not merge:
            for r in run:
                out.extend(_merge_run([r], emit, keep))
            return
        try:
            out.extend(_merge_run(run, emit, keep))
        except QtoolError:
            if not fallback_each or len(run) == 1:
                raise
            for r in run:
                out.extend(_merge_run([r], emit, keep))

    for op, r in zip(ops, records(ops)):
        qs = r.q
        if len(qs) == 1 and r.unitary:
            run = pending.get(qs[0])
            if run is None:
                pending[qs[0]] = [r]
            else:
                run.append(r)
            continue
        if pending:
            for q in qs:
                if q in pending:
                    flush(q)
        out.append(op)
    for q in list(pending):
        flush(q)
    return out


def _merge_run(run, emit, keep) -> list:
    """`run`: the records of one qubit's single-qubit ops, in order."""
    first = run[0].op
    if len(run) == 1 and keep is not None and keep(first):
        return [first]
    m = run[0].matrix
    for r in run[1:]:
        m = r.matrix @ m
    if is_identity_up_to_phase(m):
        return []
    return emit(first.qubits[0], m)


def phxz_emit(q, m) -> list:
    """One PhasedXZGate (cirq's canonical single-qubit gate), or nothing for identity."""
    return [matrix_to_phxz(m).on(q)]


def matrix_to_phxz(m: np.ndarray) -> cirq.PhasedXZGate:
    """PhasedXZ exponents of a 2x2 unitary, in closed form (cirq's general routine costs
    ten times more, and runs once per merged run).

    Up to phase U = Rz(phi) Ry(theta) Rz(lam) = Rz(phi + lam) . R_axis(theta) with the axis
    in the XY plane at angle pi/2 - lam, which is Z^z . (Z^a X^x Z^-a) with x = theta/pi,
    a = 1/2 - lam/pi, z = (phi + lam)/pi.
    """
    u00, u01, u10, u11 = complex(m[0, 0]), complex(m[0, 1]), complex(m[1, 0]), complex(m[1, 1])
    c, s = abs(u00), abs(u10)
    theta = 2 * math.atan2(s, c)
    # Entry phases give phi and lam directly (halving sums of phases would be ambiguous).
    if s < 1e-12:  # diagonal: only phi + lam matters; take lam = 0
        phi, lam = cmath.phase(u11) - cmath.phase(u00), 0.0
    elif c < 1e-12:  # anti-diagonal: only phi - lam matters; take lam = 0
        phi, lam = cmath.phase(u10) - cmath.phase(-u01), 0.0
    else:
        phi = cmath.phase(u10) - cmath.phase(u00)
        lam = cmath.phase(u11) - cmath.phase(u10)
    plus = phi + lam
    x = theta / math.pi
    if abs(x) < 1e-12:
        return cirq.PhasedXZGate(x_exponent=0.0, z_exponent=_wrap(plus / math.pi),
                                 axis_phase_exponent=0.0)
    return cirq.PhasedXZGate(x_exponent=x, z_exponent=_wrap((phi + lam) / math.pi),
                             axis_phase_exponent=_wrap(0.5 - lam / math.pi))


@cirq.transformer
def merge_single_qubit_runs(circuit: cirq.AbstractCircuit, *, context=None) -> cirq.Circuit:
    """Transformer form of merge_1q_ops, emitting PhasedXZ gates (honours
    context.tags_to_ignore and context.deep)."""
    return apply_to_circuit(circuit, context, lambda ops: merge_1q_ops(ops, emit=phxz_emit))
