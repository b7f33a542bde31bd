"""Plots written to files: every `--plot FILE` of qtool goes through here.

Kept out of qtool.io so the bottom layer (and the OpenQASM reader above it) never reaches
matplotlib, not even lazily.
"""

from __future__ import annotations

import os
from pathlib import Path

from qtool.errors import ParameterError
from qtool.io import atomic_write

FORMATS = {".png": "png", ".svg": "svg"}


def figure_format(path: str | os.PathLike) -> str:
    """The format a plot file's suffix asks for (png, svg), checked with its folder before
    any work, so a long run is not lost to a bad name at its end."""
    fmt = FORMATS.get(Path(path).suffix.lower())
    if fmt is None:
        raise ParameterError.of_value("plot", path, "expected a .png or .svg file name")
    if not Path(path).resolve().parent.is_dir():
        raise ParameterError.of_value("plot", path, f"folder {Path(path).parent} does not exist")
    return fmt


def write_figure(fig, path: str | os.PathLike, fmt: str, **savefig) -> None:
    """A matplotlib figure rendered to `fmt` (png, svg) in memory, then written atomically
    (a failed render leaves no half-written file) and closed (pyplot keeps open figures)."""
    import io

    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    try:
        fig.savefig(buf, format=fmt, **savefig)
    finally:
        plt.close(fig)
    atomic_write(path, buf.getvalue())
