"""Random (circuit, target) training pairs, computed with numpy: data cost only simulation.

A family (the model's `f:` token) fixes the task:

- `u:genqc`, `u:clifford+t`: a unitary and a random circuit in that discrete gate set,
  with self-inverse neighbours cancelled (`simplify`), so the label is never padded with
  a pair that does nothing;
- `u:cx`, `s:cx`: a unitary (or the state it makes from |0..0>) of a random CX skeleton
  with a Haar-random one-qubit gate on every qubit first and on both qubits after each CX
  (gatesets' template); the label is the skeleton only, `cx a,b` with a < b (a CX's
  direction is free once one-qubit gates surround it).

Held out by unitary, not only by seed: a discrete target is held out when its
phase-invariant key (mitm.unitary_keys) is 0 modulo HELD_OUT_MODULUS. The training
sampler redraws every such example, and the benchmark draws its discrete targets only
among them, so no benchmark unitary can appear as a training target, however short (there
are only 291 distinct genQC unitaries within two gates). Continuous targets carry
Haar-random one-qubit gates: two draws coincide with probability zero.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from qtool.ketgpt.tokenizer import GATES
from qtool.synth import encode, linalg
from qtool.synth.gatesets import CLIFFORD_T, GENQC


@dataclass(frozen=True)
class Family:
    name: str
    kind: str                  # unitary | state
    gates: tuple[str, ...]     # the tokens it may emit
    qubits: tuple[int, int]    # range of qubit counts trained
    length: tuple[int, int]    # gates (discrete) or CX (skeleton) per circuit
    skeleton: bool = False


FAMILIES = {
    "u:genqc": Family("u:genqc", "unitary", GENQC.gates, (3, 3), (1, 14)),
    "u:clifford+t": Family("u:clifford+t", "unitary", CLIFFORD_T.gates, (1, 3), (1, 12)),
    "u:cx": Family("u:cx", "unitary", ("cx",), (2, 4), (0, 8), skeleton=True),
    "s:cx": Family("s:cx", "state", ("cx",), (2, 6), (0, 8), skeleton=True),
}

INVERSE = {"h": "h", "x": "x", "z": "z", "cx": "cx", "swap": "swap", "ccx": "ccx",
           "s": "sdg", "sdg": "s", "t": "tdg", "tdg": "t", "cz": "cz"}
SYMMETRIC = {"swap": (0, 1), "cz": (0, 1), "ccx": (0, 1)}   # qubit slots that commute


def _same_qubits(name, a, b) -> bool:
    if a == b:
        return True
    if name in SYMMETRIC:
        i, j = SYMMETRIC[name]
        sa = list(a); sa[i], sa[j] = sa[j], sa[i]
        return tuple(sa) == b
    return False


def simplify(statements):
    """Cancel gate pairs g, g^-1 on the same qubits with only disjoint gates between them,
    until none is left."""
    out = list(statements)
    changed = True
    while changed:
        changed = False
        for i, (name, _p, qa) in enumerate(out):
            inv = INVERSE.get(name)
            if inv is None:
                continue
            for j in range(i + 1, len(out)):
                n2, _p2, qb = out[j]
                if n2 == inv and _same_qubits(name, qa, qb):
                    del out[j], out[i]
                    changed = True
                    break
                if set(qa) & set(qb):
                    break
            if changed:
                break
    return out


def random_statements(rng: np.random.Generator, gates, n: int, length: int):
    usable = [g for g in gates if GATES[g][1] <= n]
    out = []
    for _ in range(length):
        g = usable[rng.integers(len(usable))]
        qubits = tuple(int(q) for q in rng.choice(n, size=GATES[g][1], replace=False))
        out.append((g, (), qubits))
    return out


def haar_1q(rng: np.random.Generator, count: int) -> np.ndarray:
    """(count, 2, 2) Haar-random unitaries (QR of complex Gaussians, phases fixed)."""
    z = (rng.standard_normal((count, 2, 2)) + 1j * rng.standard_normal((count, 2, 2))) / np.sqrt(2)
    q, r = np.linalg.qr(z)
    diag = np.diagonal(r, axis1=1, axis2=2)
    return q * (diag / np.abs(diag))[:, None, :]


def random_skeleton(rng: np.random.Generator, n: int, k: int):
    pairs = []
    for _ in range(k):
        a, b = sorted(int(x) for x in rng.choice(n, size=2, replace=False))
        pairs.append((a, b))
    return pairs


def template_target(rng: np.random.Generator, kind: str, n: int, pairs) -> np.ndarray:
    """The unitary (or state) of a skeleton with Haar-random one-qubit layers."""
    d = 2 ** n
    t = np.eye(d, dtype=complex).reshape((2,) * n + (d,)) if kind == "unitary" else \
        np.eye(d, dtype=complex)[0].reshape((2,) * n)
    cx = linalg.gate_matrix("cx")
    us = iter(haar_1q(rng, n + 2 * len(pairs)))
    for q in range(n):
        t = linalg.apply(t, n, next(us), (q,))
    for a, b in pairs:
        t = linalg.apply(t, n, cx, (a, b))
        t = linalg.apply(t, n, next(us), (a,))
        t = linalg.apply(t, n, next(us), (b,))
    return t.reshape(d, d) if kind == "unitary" else t.reshape(d)


HELD_OUT_MODULUS = 16


def held_out(unitary: np.ndarray) -> bool:
    """True for the unitaries (1 in 16, by key) the training never sees and the benchmark
    draws from; equal up to global phase means the same answer."""
    from qtool.synth.mitm import unitary_keys

    k = int(unitary_keys(np.asarray(unitary)[None])[0])
    # splitmix64's finaliser: the raw key's low bits are not uniform (entries such as
    # 0.5 and 1 round to multiples of 16 times 1e-6), so mix before taking the residue.
    m = (1 << 64) - 1
    k = ((k ^ (k >> 30)) * 0xBF58476D1CE4E5B9) & m
    k = ((k ^ (k >> 27)) * 0x94D049BB133111EB) & m
    k ^= k >> 31
    return k % HELD_OUT_MODULUS == 0


def example(rng: np.random.Generator, fam: Family, n: int, length: int | None = None):
    """(statements, target array) of one random pair; discrete unitaries that are
    held out (`held_out`) are redrawn."""
    fixed = length
    while True:
        length = fixed if fixed is not None else int(rng.integers(fam.length[0],
                                                                  fam.length[1] + 1))
        if fam.skeleton:
            pairs = random_skeleton(rng, n, length)
            return [("cx", (), p) for p in pairs], template_target(rng, fam.kind, n, pairs)
        st = simplify(random_statements(rng, fam.gates, n, length))
        if fam.kind == "unitary":
            target = linalg.circuit_unitary(n, st)
            if held_out(target):
                continue
        else:
            target = linalg.circuit_state(n, st)
        return st, target


def batch(rng: np.random.Generator, tok, fam: Family, n: int, size: int, in_dim: int):
    """(features (B, P, in_dim) float32, inputs (B, T) int64, targets (B, T) int64) with the
    prompt's own tokens and the padding not scored (-1)."""
    feats, seqs = [], []
    for _ in range(size):
        st, target = example(rng, fam, n)
        feats.append(encode.features(fam.kind, target, in_dim))
        seqs.append(tok.encode(n, st, fam.name))
    T = max(len(s) for s in seqs) - 1
    inputs = np.zeros((size, T), dtype=np.int64)
    targets = np.full((size, T), -1, dtype=np.int64)
    for i, s in enumerate(seqs):
        inputs[i, : len(s) - 1] = s[:-1]
        targets[i, 2: len(s) - 1] = s[3:]    # n:N and f:F are given, not predicted
    return np.stack(feats), inputs, targets
