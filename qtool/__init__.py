"""qtool: a terminal toolkit for quantum circuit design and analysis."""

__version__ = "0.1.0"
