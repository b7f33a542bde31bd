"""Proof that a compiled circuit equals its input, up to global phase and the reported
qubit permutation.

The compiled circuit acts on physical qubits: logical qubit v starts on initial[v] and ends
on final[v] (free ancillas moved by SWAPs included, as virtual qubits n, n+1, ...). We
compare U_compiled, with its outputs permuted back, against U_input (x) identity:

- exactly, as matrices, when the touched qubits are few (<= 12) and the work is bounded;
- otherwise with qsim on several random input states (fidelity > 1 - 1e-6 each).

Measurements, resets and classically controlled gates have no unitary; passes never move
gates across them, so both circuits replace each by the same fixed random unitary (one per
gate, chosen from a hash of the gate), which catches a gate moved across one.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import cirq
import numpy as np

from qtool.compile.ops import is_barrier, is_unitary_op, unitary
from qtool.compile.passes.consolidate import _Block, block_unitary, collect_blocks
from qtool.errors import VerificationError

EXACT_MAX_QUBITS = 12
EXACT_MAX_WORK = 6e9  # gates x 4^n: keeps the exact check under a few seconds
RANDOM_MAX_QUBITS = 28
FIDELITY_FLOOR = 1 - 1e-6


@dataclass
class Verdict:
    method: str  # "unitary", "random-states" or "skipped"
    qubits: int
    ok: bool
    detail: str  # fidelity or deviation figures, or why it was skipped

    def to_json(self) -> dict:
        return {"method": self.method, "qubits": self.qubits, "ok": self.ok, "detail": self.detail}


def _marker(op: cirq.Operation) -> cirq.Operation:
    """A fixed random unitary standing in for a non-unitary op (same in both circuits)."""
    inner = op.without_classical_controls() if op.classical_controls else op
    tag = repr(inner.gate) + "|" + ";".join(sorted(str(c) for c in op.classical_controls))
    seed = int.from_bytes(hashlib.sha256(tag.encode()).digest()[:4], "little")
    d = 2 ** len(op.qubits)
    return cirq.MatrixGate(cirq.testing.random_unitary(d, random_state=seed)).on(*op.qubits)


def _unitary_ops(ops) -> list:
    """Barriers dropped (identity), other non-unitary ops replaced by their markers."""
    return [op if is_unitary_op(op) else _marker(op) for op in ops if not is_barrier(op)]


def check_equivalence(original_ops, original_qubits, compiled_ops, initial, final,
                      *, exact: bool | None = None, seed: int = 0) -> Verdict:
    """Compare circuits. `initial`/`final`: virtual index -> compiled qubit (a cirq.Qid),
    for virtuals 0..n-1 the logical `original_qubits` in order, then free ancillas."""
    orig = _unitary_ops(original_ops)
    comp = _unitary_ops(compiled_ops)
    touched = {q for op in comp for q in op.qubits}
    n = len(original_qubits)
    virt = list(range(n)) + [v for v in range(n, len(initial)) if initial[v] in touched]
    pos_in = {initial[v]: k for k, v in enumerate(virt)}
    stray = touched - set(pos_in)
    if stray or any(final[v] not in pos_in for v in virt):
        raise VerificationError("verification: the compiled circuit touches qubits outside "
                                "the reported mapping")
    # perm[k] = axis (position in pos_in order) where virtual virt[k] ends up.
    out_axis = [pos_in[final[v]] for v in virt]
    m = len(virt)
    line = cirq.LineQubit.range(m)
    index = {q: k for k, q in enumerate(original_qubits)}
    orig_line = [op.transform_qubits(lambda q: line[index[q]]) for op in orig]
    comp_line = [op.transform_qubits(lambda q: line[pos_in[q]]) for op in comp]
    work = (len(orig_line) + len(comp_line)) * 4.0**m
    if exact is None:
        exact = m <= EXACT_MAX_QUBITS and work <= EXACT_MAX_WORK
    if exact:
        return _exact(orig_line, comp_line, out_axis, m)
    if m > RANDOM_MAX_QUBITS:
        return Verdict("skipped", m, True, f"{m} qubits is more than {RANDOM_MAX_QUBITS}")
    return _random_states(orig_line, comp_line, out_axis, m, seed)


def _fused(ops) -> list[tuple[tuple[int, ...], np.ndarray]]:
    """(axes, matrix) per two-qubit block or lone gate: fewer, larger applications."""
    out = []
    for item in collect_blocks(ops):
        if isinstance(item, _Block):
            out.append(((item.qubits[0].x, item.qubits[1].x), block_unitary(item.qubits, item.ops)))
        else:
            out.append((tuple(q.x for q in item.qubits), unitary(item)))
    return out


def apply_ops(ops, tensor: np.ndarray, m: int) -> np.ndarray:
    """Apply ops to a tensor whose first m axes are qubits (big-endian, like cirq)."""
    for axes, mat in _fused(ops):
        k = len(axes)
        if k == 0:  # a global phase
            tensor = tensor * mat.reshape(())
            continue
        g = mat.reshape((2,) * (2 * k))
        tensor = np.tensordot(g, tensor, axes=(list(range(k, 2 * k)), list(axes)))
        tensor = np.moveaxis(tensor, list(range(k)), list(axes))
    return tensor


def _permute_back(tensor: np.ndarray, out_axis: list[int], m: int) -> np.ndarray:
    """Reorder the qubit axes so virtual k is axis k again."""
    return np.moveaxis(tensor, out_axis, list(range(m)))


def _exact(orig, comp, out_axis, m) -> Verdict:
    d = 2**m
    eye = np.eye(d, dtype=complex).reshape((2,) * m + (d,))
    u_orig = apply_ops(orig, eye, m).reshape(d, d)
    u_comp = _permute_back(apply_ops(comp, eye.copy(), m), out_axis, m).reshape(d, d)
    overlap = np.vdot(u_orig, u_comp) / d  # = e^{i phi} when equal up to phase
    dev = float(np.max(np.abs(u_comp - overlap / abs(overlap) * u_orig))) if abs(overlap) > 1e-12 else 2.0
    ok = abs(abs(overlap) - 1) < 1e-6 and dev < 1e-6
    return Verdict("unitary", m, ok, f"max |U_out - e^(i phi) U_in| = {dev:.2e}")


def _random_states(orig, comp, out_axis, m, seed) -> Verdict:
    import qsimcirq

    rng = np.random.default_rng(seed)
    sim = qsimcirq.QSimSimulator(qsimcirq.QSimOptions(cpu_threads=2))
    line = cirq.LineQubit.range(m)
    c_orig, c_comp = cirq.Circuit(orig), cirq.Circuit(comp)
    worst = 1.0
    for _ in range(4):
        psi = rng.normal(size=2**m) + 1j * rng.normal(size=2**m)
        psi = (psi / np.linalg.norm(psi)).astype(np.complex64)
        a = sim.simulate(c_orig, qubit_order=line, initial_state=psi.copy()).final_state_vector
        b = sim.simulate(c_comp, qubit_order=line, initial_state=psi.copy()).final_state_vector
        b = _permute_back(b.reshape((2,) * m), out_axis, m).reshape(-1)
        fid = abs(np.vdot(a, b)) ** 2 / (np.vdot(a, a).real * np.vdot(b, b).real)
        worst = min(worst, float(fid))
    return Verdict("random-states", m, worst > FIDELITY_FLOOR, f"min fidelity over 4 states = {worst:.9f}")
