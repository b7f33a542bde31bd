"""Compiler passes, one per module. Each has a list-level function `(ops, ...) -> ops` that
the pipeline chains without rebuilding circuits, and a cirq transformer
`(circuit, *, context=None) -> circuit` wrapping it for use on its own."""
