"""Meet-in-the-middle over a discrete gate set: the exact shortest circuit for a target
whose shortest circuit has at most `depth + scan` gates, in one vectorised pass.

A breadth-first table holds every distinct unitary (up to global phase) of at most `depth`
gates, keyed by a 64-bit hash of its phase-canonical, rounded entries (`unitary_keys`),
with a parent pointer and a statement per entry, so the table is a few arrays, not a
dict of circuits. For a target T, every table unitary V of at most `scan` gates gives
the residual R = T V^dagger; a residual whose key is in the table is a circuit c_R, and
c_V followed by c_R is a circuit for T. Over all V the fewest gates wins: since every
circuit of at most depth + scan gates splits into a first part of <= scan gates and a rest
of <= depth gates, nothing shorter exists within that length. Every hit is re-verified by
a matrix product, so a hash collision can cost a candidate, never a wrong answer.

Sizes for genQC's set on 3 qubits (21 placements): 22, 291, 2,998, 26,264, 204,176
unitaries within 0..5 gates (1.4 million within 6): a depth-5 table is ~5 MB of keys and
pointers and takes a few CPU seconds to build, once per process.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from qtool.synth import linalg
from qtool.synth.gatesets import placements

_SALT = np.random.default_rng(0x5117).integers(1, 2 ** 62, size=2 * 64 * 64, dtype=np.uint64)


def unitary_keys(u: np.ndarray) -> np.ndarray:
    """(N,) uint64 keys of N matrices (N, d, d), equal for matrices equal up to global phase.

    The phase is fixed as in encode.canonical_phase (the first entry within 1% of the
    largest magnitude made real and positive); entries are rounded to 1e-6 and hashed by a
    fixed random linear form (wrapping uint64 arithmetic)."""
    N = u.shape[0]
    f = u.reshape(N, -1)
    if np.iscomplexobj(f):
        mags = f.real ** 2 + f.imag ** 2
    else:
        mags = f * f
    i = np.argmax(mags >= 0.98 * mags.max(axis=1, keepdims=True), axis=1)
    ph = f[np.arange(N), i]
    if np.iscomplexobj(f):
        c = f * (np.conj(ph) / np.abs(ph))[:, None]
        parts = np.concatenate([c.real, c.imag], axis=1)
    else:       # a real matrix: the phase is a sign, the imaginary half is zero
        parts = f * np.sign(ph)[:, None]
    ints = np.rint(parts * 1e6).astype(np.int64).view(np.uint64)
    with np.errstate(over="ignore"):
        return (ints * _SALT[: ints.shape[1]]).sum(axis=1, dtype=np.uint64)


def placement_matrices(gates, n: int):
    stmts = placements(gates, n)
    return stmts, np.stack([linalg.embed(linalg.gate_matrix(g), qs, n) for g, _p, qs in stmts])


@dataclass
class Table:
    gates: tuple
    n: int
    depth: int
    stmts: list                 # the placements; entry i was made by stmts[stmt[i]]
    mats: np.ndarray            # (G, d, d) their matrices
    parent: np.ndarray          # (N,) int32, -1 for the identity
    stmt: np.ndarray            # (N,) int16
    length: np.ndarray          # (N,) int8: gates in entry i's circuit (a shortest one)
    sorted_keys: np.ndarray     # (N,) uint64, ascending
    order: np.ndarray           # entry of sorted_keys[j]
    scan_unitaries: np.ndarray  # (M, d, d): entries 0..M-1 (all within `scan` gates)

    @property
    def size(self) -> int:
        return len(self.parent)

    def find(self, keys: np.ndarray) -> np.ndarray:
        """Entry index per key, -1 where absent."""
        j = np.searchsorted(self.sorted_keys, keys)
        j = np.minimum(j, len(self.sorted_keys) - 1)
        hit = self.sorted_keys[j] == keys
        return np.where(hit, self.order[j], -1)

    def circuit(self, i: int) -> list:
        out = []
        while i > 0:
            out.append(self.stmts[int(self.stmt[i])])
            i = int(self.parent[i])
        return out[::-1]


@lru_cache(maxsize=4)
def table(gates: tuple, n: int, depth: int, scan: int) -> Table:
    """The BFS table to `depth` gates, keeping the unitaries within `scan` gates."""
    stmts, mats = placement_matrices(gates, n)
    if not np.abs(mats.imag).any():
        mats = mats.real.copy()     # genQC's set is real: real products are 4x cheaper
    d = 2 ** n
    G = len(stmts)
    level = np.eye(d, dtype=mats.dtype)[None]
    level_idx = np.array([0])
    parents, stmt_ids, lengths = [np.array([-1])], [np.array([0])], [np.array([0])]
    all_keys = unitary_keys(level)
    seen = np.sort(all_keys)
    scan_mats = [level]
    count = 1
    for step in range(1, depth + 1):
        new_u, new_p, new_s, new_k = [], [], [], []
        for lo in range(0, len(level), 8192):       # chunks bound the memory
            cand = np.matmul(mats[None], level[lo:lo + 8192, None]).reshape(-1, d, d)
            k = unitary_keys(cand)
            new_u.append(cand)
            new_k.append(k)
            m = len(cand) // G
            new_p.append(np.repeat(level_idx[lo:lo + m], G))
            new_s.append(np.tile(np.arange(G), m))
        cand, k = np.concatenate(new_u), np.concatenate(new_k)
        p, s = np.concatenate(new_p), np.concatenate(new_s)
        _, first = np.unique(k, return_index=True)
        first = np.sort(first)
        j = np.minimum(np.searchsorted(seen, k[first]), len(seen) - 1)
        first = first[seen[j] != k[first]]
        level = cand[first]
        level_idx = np.arange(count, count + len(first))
        count += len(first)
        parents.append(p[first])
        stmt_ids.append(s[first])
        lengths.append(np.full(len(first), step))
        all_keys = np.concatenate([all_keys, k[first]])
        seen = np.sort(all_keys)
        if step <= scan:
            scan_mats.append(level)
    order = np.argsort(all_keys, kind="stable")
    return Table(tuple(gates), n, depth, stmts, mats,
                 np.concatenate(parents).astype(np.int32),
                 np.concatenate(stmt_ids).astype(np.int16),
                 np.concatenate(lengths).astype(np.int8),
                 all_keys[order], order.astype(np.int64), np.concatenate(scan_mats))


def search(tab: Table, target: np.ndarray, max_gates: int | None = None) -> list | None:
    """A shortest circuit for `target` within scan + depth gates (and `max_gates`), or None."""
    target = np.asarray(target, dtype=complex)
    M = len(tab.scan_unitaries)
    best = None
    for lo in range(0, M, 16384):
        v = tab.scan_unitaries[lo:lo + 16384]
        r = np.einsum("ij,nkj->nik", target, v.conj())          # T V^dagger
        hits = tab.find(unitary_keys(r))
        (rows,) = np.nonzero(hits >= 0)
        if not len(rows):
            continue
        totals = tab.length[lo + rows].astype(int) + tab.length[hits[rows]]
        for t in np.argsort(totals, kind="stable"):
            total = int(totals[t])
            if (best is not None and total >= len(best)) or \
                    (max_gates is not None and total > max_gates):
                break
            st = tab.circuit(lo + int(rows[t])) + tab.circuit(int(hits[rows[t]]))
            if linalg.unitary_fidelity(target, linalg.circuit_unitary(tab.n, st)) > 1 - 1e-9:
                best = st
                break
    return best
