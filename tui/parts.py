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


def synthesised_qasm(program: str, timeout: float = 10.0) -> str:
    """The shortest exact circuit `qtool synth` finds for the unitary of `program` (a
    selection as OpenQASM): Clifford+T when the block is written in it, else u3,cx.
    QtoolError when the search ends without an exact circuit."""
    from qtool.errors import QtoolError
    from qtool.synth.gatesets import CLIFFORD_T, GATESETS
    from qtool.synth.search import Options, synthesize
    from qtool.synth.target import circuit_target

    names = {line.split(" ")[0].split("(")[0] for line in program.splitlines()[3:] if line}
    gateset = CLIFFORD_T if names <= set(CLIFFORD_T.gates) else GATESETS["u3,cx"]
    target = circuit_target("unitary", program, "the selection")
    result = synthesize(target, Options(gateset=gateset, timeout=timeout))
    if not result.exact or result.qasm is None:
        raise QtoolError(f"qtool synth found no exact circuit in {timeout:g} s "
                         f"(best fidelity {result.fidelity:.6f}); the selection is unchanged")
    return result.qasm


def problem_of(check):
    """A prompt's validator from a core parser: the parser's QtoolError message for text it
    refuses, None for text it takes (the prompt then shows the message and stays open)."""
    from qtool.errors import QtoolError

    def problem(text: str) -> str | None:
        try:
            check(text)
        except QtoolError as exc:
            return str(exc)
        return None

    return problem
