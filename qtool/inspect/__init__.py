"""Inspection of the editor's circuit on qsim: the state at a column, marginal
probabilities, Bloch vectors, reduced-state purity and entropy, top amplitudes, counts."""

from qtool.inspect.analysis import QubitInfo, qubit_infos, reduced_density, top_amplitudes
from qtool.inspect.displays import DISPLAYS, Display
from qtool.inspect.inspector import Inspection, inspect, measured, prefix_circuit, sample_counts

__all__ = ["DISPLAYS", "Display", "QubitInfo", "qubit_infos", "reduced_density", "top_amplitudes", "Inspection",
           "inspect", "measured", "prefix_circuit", "sample_counts"]
