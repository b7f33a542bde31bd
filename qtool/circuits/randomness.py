"""Random integers of any bit length from a numpy Generator (numpy's own stop at 2^63)."""

from __future__ import annotations

import numpy as np


def random_int(rng: np.random.Generator, bits: int, nonzero: bool = False) -> int:
    """A uniform integer in [0, 2^bits) (or [1, 2^bits) with `nonzero`, bits >= 1)."""
    while True:
        value = 0
        for bit in rng.integers(0, 2, size=bits):
            value = 2 * value + int(bit)
        if value or not nonzero:
            return value
