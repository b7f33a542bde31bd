"""The quantum Fourier transform, alone and on an entangled input."""

from __future__ import annotations

import cirq
import numpy as np

from qtool.circuits.entangled import ghz
from qtool.circuits.registry import family


@family("qft", "quantum Fourier transform (big-endian, output bit-reversal included)", 1, 64)
def qft(n: int, rng: np.random.Generator) -> cirq.Circuit:
    """Quantum Fourier transform |x> -> sum_y e^{2 pi i x y / 2^n} |y> / sqrt(2^n), the first
    qubit the most significant bit. At level alg this is one cirq.qft gate; at indep the
    textbook circuit of H and controlled phases, then the swaps that reverse the bits."""
    return cirq.Circuit(cirq.qft(*cirq.LineQubit.range(n)))


@family("qftentangled", "QFT applied to a GHZ state (MQT Bench's qftentangled)", 2, 64)
def qftentangled(n: int, rng: np.random.Generator) -> cirq.Circuit:
    """QFT of the GHZ state: the output is the DFT of (|0..0> + |1..1>)/sqrt(2), so the
    input is entangled and the QFT cannot act on a product state."""
    return ghz(n, rng) + qft(n, rng)
