"""The target as the model's prefix: phase-canonical real and imaginary parts, in rows of
`in_dim` numbers that a learned linear layer (model.SynthModel.enc) projects to tokens.

A unitary gives one prefix token per column (the image of one basis state: 2^n tokens);
a state gives one token per `in_dim / 2` amplitudes. The global phase is removed first
(the largest entry, the first of them in index order, is made real and positive), since
targets that differ only by a phase have the same circuits; entries are scaled by
sqrt(2^n) so that their size does not shrink with the qubit count.
"""

from __future__ import annotations

import numpy as np


def canonical_phase(a: np.ndarray) -> np.ndarray:
    flat = a.reshape(-1)
    mags = np.abs(flat)
    i = int(np.argmax(mags >= 0.99 * mags.max()))
    return a * (np.conj(flat[i]) / mags[i])


def prefix_length(kind: str, n: int, in_dim: int) -> int:
    if kind == "unitary":
        return 2 ** n
    return max(1, (2 ** n * 2 + in_dim - 1) // in_dim)


def features(kind: str, array: np.ndarray, in_dim: int) -> np.ndarray:
    """(P, in_dim) float32 rows for one target."""
    a = canonical_phase(np.asarray(array, dtype=complex))
    d = a.shape[0]
    a = a * np.sqrt(d)
    if kind == "unitary":
        if 2 * d > in_dim:
            raise ValueError(f"a {d}x{d} unitary needs in_dim >= {2 * d}")
        rows = np.concatenate([a.T.real, a.T.imag], axis=1)      # column j -> row j
        out = np.zeros((d, in_dim), dtype=np.float32)
        out[:, : 2 * d] = rows
        return out
    half = in_dim // 2
    P = prefix_length(kind, int(round(np.log2(d))), in_dim)
    padded = np.zeros(P * half, dtype=complex)
    padded[:d] = a
    chunks = padded.reshape(P, half)
    return np.concatenate([chunks.real, chunks.imag], axis=1).astype(np.float32)
