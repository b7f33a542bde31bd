"""How many gates qsim actually applies after fusion, read from its own log.

qsim prints "N 1-qubit, M 2-qubit gates are fused into K gates" at verbosity 3 from C++
straight to file descriptor 1, so the count is captured by pointing fd 1 at a temporary
file for one (untimed) run. K passes over the state is what bandwidth figures should use
for qsim: fusion is the reason it moves fewer bytes than one pass per gate.
"""

from __future__ import annotations

import ctypes
import os
import re
import sys
import tempfile
from typing import Callable

_FUSED = re.compile(r"fused into (\d+) gates")


def capture_fd1(func: Callable[[], object]) -> tuple[object, str]:
    """Run `func` with the process's fd 1 redirected to a temporary file; (result, text)."""
    sys.stdout.flush()
    saved = os.dup(1)
    with tempfile.TemporaryFile(mode="w+b") as tmp:
        os.dup2(tmp.fileno(), 1)
        try:
            result = func()
        finally:
            sys.stdout.flush()
            _flush_c_stdio()
            os.dup2(saved, 1)
            os.close(saved)
        tmp.seek(0)
        text = tmp.read().decode("utf-8", "replace")
    return result, text


def fused_gate_count(log: str) -> int | None:
    """The total number of fused gates qsim reported (summed over its fusion passes)."""
    counts = [int(m) for m in _FUSED.findall(log)]
    return sum(counts) if counts else None


def _flush_c_stdio() -> None:
    """fflush(NULL): C's stdout buffer must reach the file before fd 1 is restored."""
    try:
        ctypes.CDLL(None).fflush(None)
    except (OSError, AttributeError):
        pass
