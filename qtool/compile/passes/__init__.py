"""Compiler passes, one per module. Each has a list-level function `(ops, ...) -> ops` that
the pipeline chains without rebuilding circuits, and a cirq transformer
`(circuit, *, context=None) -> circuit` wrapping it for use on its own, which honours
`context.tags_to_ignore` and `context.deep` through `base.apply_to_circuit`. Which passes
run at which level is `qtool.compile.schedule.LEVELS`."""
