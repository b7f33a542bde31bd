"""Stim's circuit format <-> cirq circuits, and which cirq operations are Clifford.

- `qtool.stimfmt.convert.to_stim(circuit, qubits)`: a cirq circuit -> a `StimForm` (a
  stim.Circuit plus which classical bit each measurement record sets), or NotStimError
  naming the first operation stim cannot run (a T gate, an arbitrary rotation, a condition
  on several bits). qtool's Clifford engine (qtool.sim.clifford) and `qtool convert --to
  stim` both use this one converter, so they cannot disagree about what is Clifford.
- `qtool.stimfmt.read.parse_stim(text, filename)`: stim's text format -> cirq operations
  (qtool.qasm.load wraps them in a Program, so every command reads .stim files).
- `qtool.stimfmt.sniff.looks_like_stim(text)`: tells stim text from OpenQASM without
  importing stim.

This package sits below qtool.qasm: it imports stim, cirq, numpy, qtool.gates and
qtool.errors only. The package itself imports nothing, so the sniffer stays cheap.
"""
