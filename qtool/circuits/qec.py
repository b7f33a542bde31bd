"""QEC memory experiments for `qtool gen`: stim's circuits (qtool.qec.codes), as stim text
or, noise-free, as a cirq circuit for OpenQASM (whose DETECTORs and observables, which
OpenQASM cannot say, are left out: the gates, resets and measurements are all there)."""

from __future__ import annotations

import cirq

from qtool.errors import QtoolError
from qtool.qec import codes

QEC_FAMILIES = codes.CODES


def is_qec_family(name: str | None) -> bool:
    return name in QEC_FAMILIES


def qec_stim(name: str, distance: int, rounds: int, noise: float = 0.0):
    return codes.circuit(name, distance, rounds, noise)


def qec_cirq(name: str, distance: int, rounds: int, noise: float = 0.0) -> tuple[cirq.Circuit, int]:
    """The experiment on cirq.LineQubits, measurement record i keyed c_i (noise-free only),
    and its number of measurements (the size of the classical register c)."""
    if noise:
        raise QtoolError("OpenQASM has no noise channels: write a noisy QEC circuit with "
                         "--format stim, or drop --noise")
    from qtool.stimfmt.read import parse_stim, to_cirq

    read = parse_stim(str(qec_stim(name, distance, rounds)), f"{name}.stim")
    return to_cirq(read, cirq.LineQubit.range(sum(read.qregs.values()))), len(read.record_bits)
