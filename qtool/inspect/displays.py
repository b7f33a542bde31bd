"""The registry of inspection displays: each one a name and the function that computes it
from an Inspection (the simulated state). Inspection.display(name) computes a display the
first time it is asked for and keeps it, so only the displays someone looks at are computed.

The TUI's widgets for these names are registered in tui/displays.py; a display added here
and there is wired everywhere (tabs, F4 order, refresh).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable

from qtool.inspect import analysis

if TYPE_CHECKING:
    from qtool.inspect.inspector import Inspection


@dataclass(frozen=True)
class Display:
    name: str
    compute: Callable[["Inspection"], Any]
    whole_circuit: bool = False  # computed from the circuit (its own simulations), not the state


def _probabilities(ins: "Inspection"):
    return analysis.probabilities(ins.state)


def _histogram(ins: "Inspection") -> list[tuple[str, float]]:
    return analysis.histogram(ins.display("probabilities"), ins.num_qubits, ins.hist_limit)


def _support(ins: "Inspection") -> int:
    return analysis.support(ins.display("probabilities"))


def _amplitudes(ins: "Inspection") -> list[tuple[str, complex]]:
    return analysis.top_amplitudes(ins.state, ins.num_qubits, ins.top_k)


def _qubits(ins: "Inspection") -> list[analysis.QubitInfo]:
    return analysis.qubit_infos(ins.state, ins.num_qubits, ins.display("probabilities"))


def _placed(ins: "Inspection"):
    from qtool.inspect.placed import compute_placed

    return compute_placed(ins.grid) if ins.grid is not None else []


# "probabilities" is shared by the others (computed once, when the first of them needs it).
DISPLAYS: dict[str, Display] = {d.name: d for d in (
    Display("probabilities", _probabilities),
    Display("histogram", _histogram),
    Display("support", _support),
    Display("amplitudes", _amplitudes),
    Display("qubits", _qubits),
    Display("placed", _placed, whole_circuit=True),  # the displays placed in the circuit
)}
