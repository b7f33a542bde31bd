"""Circuit analysis shared by `qtool info`, KetGPT's structural checks and the TUI."""

from qtool.analysis.metrics import CircuitMetrics, circuit_depth, circuit_metrics

__all__ = ["CircuitMetrics", "circuit_depth", "circuit_metrics"]
