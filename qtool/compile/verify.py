"""Proof that a compiled circuit equals its input, up to global phase and the reported
qubit permutation.

The compiled circuit acts on physical qubits: logical qubit v starts on initial[v] and ends
on final[v] (free ancillas moved by SWAPs included, as virtual qubits n, n+1, ...). We
compare U_compiled, with its outputs permuted back, against U_input (x) identity:

- exactly, whole unitaries, when the touched qubits are few (<= 12): as matrices in numpy
  for a handful of qubits, and above that as Choi states with qsim (the circuit applied to
  half of 2n maximally entangled qubits gives U itself as a state vector), compared by
  the Hilbert-Schmidt fidelity |Tr(U_in^dag U_out)|^2 / d^2 > 1 - 1e-6 (both ways), which
  is 1 exactly when U_out = e^(i phi) U_in;
- above 12 qubits on several Haar-random input states (fidelity > 1 - 1e-6 each): as
  numpy columns up to 16 qubits, with qsim above. That is strong evidence, not a proof.

`qtool compile --verify` asks for the proof (exact up to 12 qubits). The default check
(neither --verify nor --no-verify) proves exactly only where that is cheap (gates x 4^n <=
CHEAP_MAX_WORK, tens of milliseconds) and otherwise runs the random states: the exact
proof at 12 qubits is a 24-qubit simulation, seconds, where the compile takes
milliseconds. The verdict's method ("unitary" or "random-states") says which was done.

Terminal measurements and resets have no unitary; passes never move gates across them, so
both circuits replace each by the same fixed random unitary (one per gate, chosen from a
hash of the gate), which catches a gate moved across one. Circuits with mid-circuit
measurements or classically controlled gates are compared by deferred measurement instead
(qtool.compile.deferred: measurements become CNOTs onto ancillas, conditions become quantum
controls, and every measurement branch must agree up to its own phase), which sees a
condition moved before the measurement it reads; where that extended circuit is out of
reach the verdict is "skipped" with the reason, never a claim.

Every dense state or unitary is checked against the memory guard (qtool.sim.memory) first:
ResourceError (exit 3) when it would not fit.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import cirq
import numpy as np

from qtool.compile.ops import is_unitary_op, unitary
from qtool.gates import is_barrier
from qtool.compile.passes.consolidate import _Block, block_unitary, collect_blocks
from qtool.errors import VerificationError

EXACT_MAX_QUBITS = 12
NUMPY_MAX_WORK = 2e8  # gates x 4^n for numpy matrices; larger exact checks use qsim
# What the default check (compile without --verify/--no-verify) spends on a proof: gates x
# 4^n up to this is proved exactly (tens of milliseconds); above, random states.
CHEAP_MAX_WORK = 1.5e7
RANDOM_STATES = 8
NUMPY_STATES_MAX_QUBITS = 16  # random states as numpy columns; above, qsim one by one
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
    tag = repr(op.gate)
    seed = int.from_bytes(hashlib.sha256(tag.encode()).digest()[:4], "little")
    d = 2 ** len(op.qubits)
    return cirq.MatrixGate(cirq.testing.random_unitary(d, random_state=seed)).on(*op.qubits)


def _unitary_ops(ops) -> list:
    """Barriers dropped (identity), other non-unitary ops (terminal measurements, resets)
    replaced by their markers. Classically controlled gates never get here (deferred)."""
    out = []
    for op in ops:
        if is_barrier(op):
            continue
        if is_unitary_op(op):
            out.append(op)
        else:
            out.append(_marker(op))
    return out


def check_equivalence(original_ops, original_qubits, compiled_ops, initial, final,
                      *, exact: bool | str | None = None, seed: int = 0) -> Verdict:
    """Compare circuits. `initial`/`final`: virtual index -> compiled qubit (a cirq.Qid),
    for virtuals 0..n-1 the logical `original_qubits` in order, then free ancillas.

    `exact`: True, whole unitaries (a proof); False, random states; None, a proof up to
    EXACT_MAX_QUBITS; "cheap", a proof where gates x 4^n <= CHEAP_MAX_WORK, else random
    states (what `qtool compile` does by default)."""
    original_ops, compiled_ops = list(original_ops), list(compiled_ops)
    from qtool.compile import deferred

    if deferred.needs_deferral(original_ops) or deferred.needs_deferral(compiled_ops):
        return _check_deferred(original_ops, original_qubits, compiled_ops, initial, final,
                               seed)
    return _check(original_ops, original_qubits, compiled_ops, initial, final, exact, seed)


def _mapping(original_qubits, compiled_ops, initial, final):
    """(virtuals compared, compiled qubit -> axis, out_axis) as in _check."""
    touched = {q for op in compiled_ops if not is_barrier(op) for q in op.qubits}
    n = len(original_qubits)
    virt = list(range(n)) + [v for v in range(n, len(initial)) if initial[v] in touched]
    pos_in = {initial[v]: k for k, v in enumerate(virt)}
    if touched - set(pos_in) or any(final[v] not in pos_in for v in virt):
        raise VerificationError("verification: the compiled circuit touches qubits outside "
                                "the reported mapping")
    return virt, pos_in, [pos_in[final[v]] for v in virt]


def _check_deferred(original_ops, original_qubits, compiled_ops, initial, final, seed):
    from qtool.compile import deferred

    virt, pos_in, out_axis = _mapping(original_qubits, compiled_ops, initial, final)
    index = {q: k for k, q in enumerate(original_qubits)}
    try:
        method, qubits, ok, detail = deferred.check(original_ops, compiled_ops, index, pos_in,
                                                    out_axis, seed=seed)
    except deferred.Unsupported as exc:
        return Verdict("skipped", len(virt), True,
                       f"mid-circuit measurement or classical control, and {exc}")
    return Verdict(method, qubits, ok, detail)


def _check(original_ops, original_qubits, compiled_ops, initial, final, exact, seed) -> Verdict:
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
    if exact == "cheap":
        exact = work <= CHEAP_MAX_WORK
    elif exact is None:
        exact = m <= EXACT_MAX_QUBITS
    if exact:
        if work <= NUMPY_MAX_WORK:
            return _exact(orig_line, comp_line, out_axis, m)
        return _choi(orig_line, comp_line, out_axis, m)
    if m > RANDOM_MAX_QUBITS:
        return Verdict("skipped", m, True, f"{m} qubits is more than {RANDOM_MAX_QUBITS}")
    if m <= NUMPY_STATES_MAX_QUBITS:
        return _random_columns(orig_line, comp_line, out_axis, m, seed)
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


def _one_blas_thread(size: int):
    """One BLAS thread for tensors below 2^20 entries: each product is then microseconds,
    and OpenBLAS's threads cost more in hand-over (and spin on a busy machine) than they
    win; larger ones keep the library's default."""
    from contextlib import nullcontext

    if size >= 1 << 20:
        return nullcontext()
    return _blas_controller().limit(limits=1, user_api="blas")


_CONTROLLER: list = []


def _blas_controller():
    """One threadpoolctl controller per process: building one (what threadpool_limits does
    on every call) scans the process's loaded libraries, ~5 ms, a tenth of the default
    check of a 100-gate compile. The products here run in numpy's own BLAS, loaded before
    the first call, so a controller made then limits the library that matters."""
    if not _CONTROLLER:
        from threadpoolctl import ThreadpoolController

        _CONTROLLER.append(ThreadpoolController())
    return _CONTROLLER[0]


def apply_ops(ops, tensor: np.ndarray, m: int) -> np.ndarray:
    """Apply ops to a tensor whose first m axes are qubits (big-endian, like cirq)."""
    with _one_blas_thread(tensor.size):
        return _apply_ops(ops, tensor, m)


def _apply_ops(ops, tensor: np.ndarray, m: int) -> np.ndarray:
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
    from qtool.sim.memory import check_memory

    check_memory(2 * m + 2)  # complex128 d x d matrices: the identity and two results
    d = 2**m
    eye = np.eye(d, dtype=complex).reshape((2,) * m + (d,))
    u_orig = apply_ops(orig, eye, m).reshape(d, d)
    u_comp = _permute_back(apply_ops(comp, eye.copy(), m), out_axis, m).reshape(d, d)
    overlap = np.vdot(u_orig, u_comp) / d  # = e^{i phi} when equal up to phase
    fid = float(abs(overlap) ** 2)
    dev = float(np.max(np.abs(u_comp - overlap / abs(overlap) * u_orig))) if abs(overlap) > 1e-12 else 2.0
    # The same criterion as the qsim paths: resynthesis may drop KAK interactions below
    # 1e-8 per block (rounded angles in the input), which long circuits add up to ~1e-5 in
    # single entries but to far less than 1e-6 in fidelity; a wrong gate costs O(1).
    ok = fid > FIDELITY_FLOOR
    return Verdict("unitary", m, ok,
                   f"|Tr(U_in^dag U_out)|^2/d^2 = {fid:.9f}, max |U_out - e^(i phi) U_in| = {dev:.1e}")


def _fidelity(a: np.ndarray, b: np.ndarray) -> float:
    # qsim's states are complex64; sums over millions of amplitudes are accumulated in
    # double precision (numpy sums pairwise, in buffered chunks: no full double copy).
    overlap = np.sum(np.conj(a) * b, dtype=np.complex128)
    na = np.sum(np.abs(a) ** 2, dtype=np.float64)
    nb = np.sum(np.abs(b) ** 2, dtype=np.float64)
    return float(abs(overlap) ** 2 / (na * nb))


def _choi(orig, comp, out_axis, m) -> Verdict:
    """Exact comparison of whole unitaries with one 2m-qubit qsim run (a miter).

    With P the output permutation (position k -> out_axis[k]) the claim is
    U_out = P U_in, i.e. W = P . (P^dag U_out P)^dag . U_in = e^(i phi) I. One simulation
    applies the input circuit and then the inverse of the output circuit, relabelled by
    P^-1, to the maximally entangled state |B> = sum_j |j>|j> / sqrt(d); then
    <B|(P (x) I)|psi> = Tr(W) / d reads only d amplitudes, and |Tr W|^2 / d^2 is 1 exactly
    when the circuits agree.
    """
    from qtool.sim import SimOptions
    from qtool.sim.memory import check_memory

    check_memory(2 * m + 1)  # qsim's 2m-qubit state and the Bell input beside it
    sim = SimOptions(fusion=4).simulator()
    line = cirq.LineQubit.range(2 * m)
    d = 2**m
    back = {out_axis[k]: k for k in range(m)}  # P^-1 on positions
    undo = [op.transform_qubits(lambda q: line[back[q.x]]) for op in comp]
    miter = cirq.Circuit(orig, cirq.inverse(undo))
    bell = np.zeros(d * d, dtype=np.complex64)
    js = np.arange(d)
    bell[js * (d + 1)] = 1 / np.sqrt(d)
    # qubit_order names the idle reference half too, so qsim keeps all 2m qubits.
    psi = sim.simulate(miter, qubit_order=line, initial_state=bell).final_state_vector
    # (P^-1 j): bit k of the system index is bit out_axis[k] of j (position 0 = top bit).
    src = np.zeros(d, dtype=np.int64)
    for k in range(m):
        src |= ((js >> (m - 1 - out_axis[k])) & 1) << (m - 1 - k)
    overlap = np.sum(psi[src * d + js].astype(np.complex128)) / np.sqrt(d)
    norm = np.sum(np.abs(psi) ** 2, dtype=np.float64)
    fid = float(abs(overlap) ** 2 / norm)
    return Verdict("unitary", m, fid > FIDELITY_FLOOR,
                   f"|Tr(U_in^dag U_out)|^2/d^2 = {fid:.9f} (qsim, Choi-state miter)")


def _random_columns(orig, comp, out_axis, m, seed) -> Verdict:
    """RANDOM_STATES Haar-random states at once, as the columns of a d x k matrix pushed
    through both circuits in numpy (complex128): a few milliseconds at 12 qubits, where
    the exact proof costs seconds. Evidence, not proof: a wrong circuit passes only if
    every state misses the difference (for an error on one basis state of d, each state
    misses it with probability about 1e-6 d)."""
    from qtool.sim.memory import check_memory

    check_memory(m + 4)  # the k columns (k <= 16), three copies
    rng = np.random.default_rng(seed)
    d, k = 2**m, RANDOM_STATES
    psi = rng.normal(size=(d, k)) + 1j * rng.normal(size=(d, k))
    psi /= np.linalg.norm(psi, axis=0)
    shape = (2,) * m + (k,)
    a = apply_ops(orig, psi.reshape(shape), m).reshape(d, k)
    b = _permute_back(apply_ops(comp, psi.reshape(shape).copy(), m), out_axis, m).reshape(d, k)
    overlap = np.sum(np.conj(a) * b, axis=0)
    fid = np.abs(overlap) ** 2 / (np.sum(np.abs(a) ** 2, axis=0) * np.sum(np.abs(b) ** 2, axis=0))
    worst = float(np.min(fid))
    return Verdict("random-states", m, worst > FIDELITY_FLOOR,
                   f"min fidelity over {k} random states = {worst:.9f}")


def _random_states(orig, comp, out_axis, m, seed) -> Verdict:
    from qtool.sim import SimOptions
    from qtool.sim.memory import check_memory

    check_memory(m + 1)  # qsim's state, the input and the two results
    rng = np.random.default_rng(seed)
    sim = SimOptions(fusion=4).simulator()
    line = cirq.LineQubit.range(m)
    c_orig, c_comp = cirq.Circuit(orig), cirq.Circuit(comp)
    worst = 1.0
    for _ in range(4):
        psi = rng.normal(size=2**m) + 1j * rng.normal(size=2**m)
        psi = (psi / np.linalg.norm(psi)).astype(np.complex64)
        a = sim.simulate(c_orig, qubit_order=line, initial_state=psi.copy()).final_state_vector
        b = sim.simulate(c_comp, qubit_order=line, initial_state=psi.copy()).final_state_vector
        b = _permute_back(b.reshape((2,) * m), out_axis, m).reshape(-1)
        worst = min(worst, _fidelity(a, b))
    return Verdict("random-states", m, worst > FIDELITY_FLOOR, f"min fidelity over 4 states = {worst:.9f}")
