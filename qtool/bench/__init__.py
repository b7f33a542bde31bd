"""Benchmarks: each compares qtool with a reference measured in the same run."""
