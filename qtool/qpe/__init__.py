"""Quantum phase estimation of Hamiltonian energies, after Cruz et al. (arXiv:1910.06265).

models/     Hamiltonians (two-level, ising2, hubbard2, user Pauli sums) and exact spectra
phase.py    the energy <-> phase window
trotter.py  controlled Trotterized evolution as cirq circuits, and its numpy reference
circuits.py textbook, iterative and eigenstate-mode QPE circuits
backend.py  the one place that calls the simulator
run.py      one QPE experiment: model -> circuits -> outcome distribution -> estimates
estimators.py  majority, MPD, inverted MPD, maximum likelihood (pure functions)
study.py    the statistical comparison of estimators, Trotter, model and noise sweeps
plot.py     matplotlib figures (PNG/SVG) for a run and for the study

Conventions: U|psi> = exp(2 pi i phi)|psi>, phases in turns on [0, 1), m ancillas, N = 2**m,
outcome j read with ancilla 0 as its most significant bit; errors are circular distances.
"""
