"""Merge each run of single-qubit gates into one matrix and re-emit it in the target form.

A run ends at any multi-qubit or non-unitary operation on its qubit. Runs that multiply to
the identity (up to phase) vanish; the rest become what `emit(qubit, matrix)` returns (one
PhasedXZ gate for cz, rz-sx-rz-sx-rz for ibm, a Clifford+T word, ...).
"""

from __future__ import annotations

from typing import Callable

import cirq
import numpy as np

from qtool.compile.ops import is_identity_up_to_phase, is_unitary_op, unitary
from qtool.errors import QtoolError

Emit = Callable[[cirq.Qid, np.ndarray], list]


def merge_1q_ops(ops, *, emit: Emit, keep: Callable[[cirq.Operation], bool] | None = None,
                 merge: bool = True, fallback_each: bool = False) -> list[cirq.Operation]:
    """Merge single-qubit runs. `keep(op)` marks a lone gate already in target form (left
    as it is, so a run of one native gate is not rewritten). With `merge=False` every gate
    is translated on its own (level 0). With `fallback_each`, a run whose product `emit`
    rejects (QtoolError: e.g. no short Clifford+T word) is emitted gate by gate instead."""
    out: list[cirq.Operation] = []
    pending: dict[cirq.Qid, list] = {}

    def flush(q):
        run = pending.pop(q, None)
        if not run:
            return
        if not merge:
            for op in run:
                out.extend(_merge_run(q, [op], emit, keep))
            return
        try:
            out.extend(_merge_run(q, run, emit, keep))
        except QtoolError:
            if not fallback_each or len(run) == 1:
                raise
            for op in run:
                out.extend(_merge_run(q, [op], emit, keep))

    for op in ops:
        qs = op.qubits
        if len(qs) == 1 and is_unitary_op(op):
            pending.setdefault(qs[0], []).append(op)
            continue
        for q in qs:
            flush(q)
        out.append(op)
    for q in list(pending):
        flush(q)
    return out


def _merge_run(q, run, emit, keep) -> list:
    if len(run) == 1 and keep is not None and keep(run[0]):
        return run
    m = unitary(run[0])
    for op in run[1:]:
        m = unitary(op) @ m
    if is_identity_up_to_phase(m):
        return []
    return emit(q, m)


def phxz_emit(q, m) -> list:
    """One PhasedXZGate (cirq's canonical single-qubit gate), or nothing for identity."""
    gate = cirq.single_qubit_matrix_to_phxz(m)
    return [] if gate is None else [gate.on(q)]


@cirq.transformer
def merge_single_qubit_runs(circuit: cirq.AbstractCircuit, *, context=None) -> cirq.Circuit:
    """Transformer form of merge_1q_ops, emitting PhasedXZ gates."""
    return cirq.Circuit(merge_1q_ops(circuit.all_operations(), emit=phxz_emit))
