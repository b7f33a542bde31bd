"""Plots written to files: every `--plot FILE` of qtool goes through here.

Kept out of qtool.io so the bottom layer (and the OpenQASM reader above it) never reaches
matplotlib, not even lazily.
"""

from __future__ import annotations

import os

from qtool.io import atomic_write


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
