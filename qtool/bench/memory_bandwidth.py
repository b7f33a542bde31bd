"""The hardware reference for bandwidth figures, and the fidelity check between states.

`copy_bandwidth` times numpy copying a vector as large as the state (one read and one write
of every byte): the rate a simulator that streams the state once per gate could at best
reach on this machine with one thread.
"""

from __future__ import annotations

import time

import numpy as np

CHUNK = 1 << 20


def copy_bandwidth(num_bytes: int, rounds: int = 3) -> tuple[float, float]:
    """(best copy time in seconds, bytes moved per second) for a vector of num_bytes."""
    src = np.ones(max(1, num_bytes // 8), dtype=np.complex64)
    dst = np.zeros_like(src)  # touched, so page faults are not timed
    best = float("inf")
    for _ in range(rounds):
        t0 = time.perf_counter()
        np.copyto(dst, src)
        best = min(best, time.perf_counter() - t0)
    del src, dst
    moved = 2 * num_bytes  # read + write
    return best, moved / best if best > 0 else float("inf")


def fidelity(a: np.ndarray, b: np.ndarray) -> float:
    """|<a|b>|^2 / (<a|a><b|b>), accumulated in double precision chunk by chunk (a float32
    dot product over 2^26 amplitudes would itself lose the 1e-5 we want to check)."""
    if a.shape != b.shape:
        raise ValueError(f"states of different sizes: {a.shape} vs {b.shape}")
    overlap, na, nb = 0j, 0.0, 0.0
    for start in range(0, a.size, CHUNK):
        x = a[start:start + CHUNK].astype(np.complex128)
        y = b[start:start + CHUNK].astype(np.complex128)
        overlap += np.vdot(x, y)
        na += float(np.vdot(x, x).real)
        nb += float(np.vdot(y, y).real)
    return abs(overlap) ** 2 / (na * nb) if na > 0 and nb > 0 else 0.0
