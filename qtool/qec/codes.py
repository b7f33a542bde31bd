"""The QEC memory experiments qtool knows, as stim generates them.

`--noise P` is stim's generated circuit noise with all four of its parameters set to P:
DEPOLARIZE1/2(P) after every Clifford gate, X_ERROR(P) (Z_ERROR for X-basis) before every
measurement and after every reset, and DEPOLARIZE1(P) on the data qubits before each round
("uniform depolarizing" circuit noise, the model of Stim's getting-started threshold plots).
"""

from __future__ import annotations

from dataclasses import dataclass

from qtool.errors import QtoolError


@dataclass(frozen=True)
class Code:
    name: str
    task: str  # stim.Circuit.generated's code_task
    description: str
    min_distance: int = 2


CODES = {c.name: c for c in (
    Code("repetition", "repetition_code:memory", "repetition code memory (bit flips)"),
    Code("surface", "surface_code:rotated_memory_z", "rotated surface code memory, Z basis", 3),
    Code("surface-x", "surface_code:rotated_memory_x", "rotated surface code memory, X basis", 3),
    Code("unrotated", "surface_code:unrotated_memory_z", "unrotated surface code memory, Z basis", 2),
    Code("unrotated-x", "surface_code:unrotated_memory_x", "unrotated surface code memory, X basis", 2),
    Code("color", "color_code:memory_xyz", "triangular colour code memory (XYZ cycle)", 3),
)}


def get_code(name: str) -> Code:
    try:
        return CODES[name]
    except KeyError:
        raise QtoolError(f"unknown code {name!r}: expected one of {', '.join(CODES)}") from None


def circuit(name: str, distance: int, rounds: int, noise: float = 0.0):
    """The stim circuit of a memory experiment (DETECTORs and one logical observable)."""
    import stim

    code = get_code(name)
    if distance < code.min_distance:
        raise QtoolError(f"{name}: the distance must be at least {code.min_distance}, not {distance}")
    if name == "color" and distance % 2 == 0:
        raise QtoolError("color: the distance of the triangular colour code is odd")
    if rounds < 1:
        raise QtoolError(f"rounds must be at least 1, not {rounds}")
    if not 0.0 <= noise <= 1.0:
        raise QtoolError(f"noise must be a probability between 0 and 1, not {noise}")
    try:
        return stim.Circuit.generated(
            code.task, distance=distance, rounds=rounds, after_clifford_depolarization=noise,
            before_round_data_depolarization=noise, before_measure_flip_probability=noise,
            after_reset_flip_probability=noise)
    except ValueError as err:
        raise QtoolError(f"{name} at distance {distance}, {rounds} rounds: {err}") from None
