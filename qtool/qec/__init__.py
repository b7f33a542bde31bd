"""Quantum error correction experiments on stim: code circuits, sampling with decoding
(pymatching, through sinter or a seeded loop), logical error rates with intervals, and
threshold sweeps. Imports stim, sinter, pymatching and numpy; plots use matplotlib."""
