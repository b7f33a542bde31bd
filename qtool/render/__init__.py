"""Rich renderers shared by the CLI and the TUI: tables, bar histograms, diagrams."""
