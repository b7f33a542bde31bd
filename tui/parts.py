"""The TUI's wiring of the other parts of qtool into the editor's actions
(qtool.editor.actions): the generator, the compiler, KetGPT. qtool.editor may not import
them (qtool's layers); tui, on top, may. KetGPT (torch) is imported when it is used."""

from __future__ import annotations

from qtool.editor import actions
from qtool.editor.model import Grid


def algorithm_names() -> list[str]:
    from qtool.circuits import FAMILIES

    return sorted(FAMILIES)


def compile_targets() -> list[str]:
    from qtool.compile import TARGET_NAMES

    return list(TARGET_NAMES)


def algorithm_grid(text: str) -> Grid:
    from qtool.circuits import generate

    return actions.algorithm_grid(text, generate)


def compiled_grid(grid: Grid, target: str) -> tuple[Grid, str]:
    from qtool.compile import compile_circuit

    return actions.compiled_grid(grid, target, compile_circuit, compile_targets())


def ketgpt_grid(qubits: int, seed: int | None) -> Grid:
    """One circuit sampled from the shipped KetGPT checkpoint."""
    from qtool.ketgpt.checkpoint import load
    from qtool.ketgpt.generate import generate
    from qtool.ketgpt.sample import SampleOptions

    return actions.generated_grid(generate(load(), 1, qubits=qubits, opts=SampleOptions(seed=seed))[0].qasm)
