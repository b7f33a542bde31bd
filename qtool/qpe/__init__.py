"""Quantum phase estimation of Hamiltonian energies, after Cruz et al. (arXiv:1910.06265).

models/     Hamiltonians (two-level, ising2, hubbard2, user Pauli sums) and exact spectra
phase.py    the energy <-> phase window
trotter.py  controlled Trotterized evolution as cirq circuits, and its numpy reference
circuits.py textbook, iterative and eigenstate-mode QPE circuits
backend.py  the one place that calls the simulator
run.py      one QPE experiment: model -> circuits -> outcome distribution -> estimates
estimators.py  majority, MPD, inverted MPD, maximum likelihood (pure functions)
study.py    the statistical comparison of estimators and the Trotter-error sweep
"""
