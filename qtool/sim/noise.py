"""Noise specifications from the command line ("depolarizing:0.01") as cirq noise models.

qsim runs noisy circuits as Monte Carlo trajectories, one per shot.
"""

from __future__ import annotations

import cirq

from qtool.errors import QtoolError

CHANNELS = {
    "depolarizing": cirq.depolarize,
    "bitflip": cirq.bit_flip,
    "phaseflip": cirq.phase_flip,
    "amplitude-damping": cirq.amplitude_damp,
}


def parse_noise(spec: str | None) -> cirq.NoiseModel | None:
    """"KIND:P" -> a noise model applying that channel to every qubit after every moment."""
    if spec is None or spec == "":
        return None
    kind, _, value = spec.partition(":")
    kind = kind.strip().lower()
    if kind not in CHANNELS:
        raise QtoolError(f"unknown noise {kind!r}: expected one of {', '.join(CHANNELS)} "
                         "(for example depolarizing:0.01)")
    try:
        p = float(value)
    except ValueError:
        raise QtoolError(f"noise {spec!r}: expected a probability after ':', e.g. {kind}:0.01") from None
    if not 0.0 <= p <= 1.0:
        raise QtoolError(f"noise {spec!r}: the probability must be between 0 and 1")
    return cirq.ConstantQubitNoiseModel(CHANNELS[kind](p))
