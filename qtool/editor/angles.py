"""Angle expressions typed by a user: `pi/4`, `-3*pi/8`, `0.25`, `2*pi/3 + 0.1`, `sqrt(2)`.

The language is the reader's (qtool.qasm.expr): the prompt accepts exactly what a QASM file
may write as a gate parameter, and refuses the rest (complex, infinite or NaN values, deep
nesting, a bare `e`: Euler's number is `euler`). It is parsed to a small tuple tree and
evaluated, never run as Python. On top, the prompt needs a standalone value: a free name is
an unsupported term here, and every message quotes what the user typed.

    >>> round(parse_angle("pi/4"), 6)
    0.785398
    >>> format_angle(parse_angle("-pi/2"))
    '-pi/2'
"""

from __future__ import annotations

from qtool.errors import QtoolError, clip
from qtool.qasm import expr
from qtool.qasm.expr import format_angle  # the one formatter, shared with the writer

__all__ = ["format_angle", "parse_angle"]

_ALLOWED = f"numbers, pi, tau, euler, + - * / ^, {', '.join(sorted(expr.FUNCTIONS))}"


def parse_angle(text: str) -> float:
    """Evaluate an angle expression to radians; QtoolError with the reason if it is not one."""
    if not text.strip():
        raise QtoolError("empty angle: expected an expression such as pi/4")
    try:
        node = expr.parse_expr(text)
    except expr.ExprError as exc:
        raise QtoolError(f"not an angle expression: {clip(text)!r}: {exc} at column {exc.offset + 1} "
                         f"(expected e.g. pi/4, -0.5, 3*pi/8)") from None
    names = sorted(expr.free_names(node))
    if names:
        hint = " (Euler's number is written euler)" if "e" in names else ""
        raise QtoolError(f"unsupported term {names[0]!r} in angle {clip(text)!r}{hint} "
                         f"(allowed: {_ALLOWED})")
    try:
        return float(expr.evaluate(node))
    except expr.ExprError as exc:
        raise QtoolError(f"cannot evaluate angle {clip(text)!r}: {exc}") from None
