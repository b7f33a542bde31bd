"""The Typer CLI: one module per command group, each thin (arguments -> core -> render).

Nothing imported at module level here may pull in cirq, torch, openfermion or textual:
`qtool --help` must stay instant. Import heavy modules inside command functions.
"""
