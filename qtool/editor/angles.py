"""Angle expressions typed by a user: `pi/4`, `-3*pi/8`, `0.25`, `2*pi/3 + 0.1`, `sqrt(2)`.

A small, safe evaluator over Python's `ast` (numbers, pi/tau/e, + - * / ** ^, unary minus and
a few math functions): no names or calls beyond those, so a prompt can never run code.

    >>> round(parse_angle("pi/4"), 6)
    0.785398
    >>> format_angle(parse_angle("-pi/2"))
    '-pi/2'
"""

from __future__ import annotations

import ast
import math
from fractions import Fraction

from qtool.errors import QtoolError

_CONSTANTS = {"pi": math.pi, "π": math.pi, "tau": math.tau, "e": math.e}
_FUNCTIONS = {"sin": math.sin, "cos": math.cos, "tan": math.tan, "sqrt": math.sqrt,
              "exp": math.exp, "ln": math.log, "log": math.log, "asin": math.asin,
              "acos": math.acos, "atan": math.atan}
_BINARY = {ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b,
           ast.Mult: lambda a, b: a * b, ast.Div: lambda a, b: a / b,
           ast.Pow: lambda a, b: a ** b}


def parse_angle(text: str) -> float:
    """Evaluate an angle expression to radians; QtoolError with the reason if it is not one."""
    source = text.strip().replace("^", "**").replace("π", "pi")
    if not source:
        raise QtoolError("empty angle: expected an expression such as pi/4")
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError:
        raise QtoolError(f"not an angle expression: {text!r} (expected e.g. pi/4, -0.5, 3*pi/8)") from None
    try:
        value = _eval(tree.body)
    except ZeroDivisionError:
        raise QtoolError(f"cannot evaluate {text!r}: division by zero") from None
    except OverflowError:
        raise QtoolError(f"cannot evaluate {text!r}: the number is too large") from None
    except ValueError as exc:  # math domain errors: sqrt(-1), ln(0), asin(2)
        reason = ("a function's argument is outside its domain (the result is not a real number)"
                  if str(exc) == "math domain error" else str(exc))
        raise QtoolError(f"cannot evaluate {text!r}: {reason}") from None
    if isinstance(value, complex):
        raise QtoolError(f"angle {text!r} is a complex number, not a real angle")
    if not math.isfinite(value):
        raise QtoolError(f"angle {text!r} is not a finite number")
    return float(value)


def _eval(node: ast.AST) -> float:
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) \
            and not isinstance(node.value, bool):
        return float(node.value)  # floats: 9**9**9 overflows at once instead of running for hours
    if isinstance(node, ast.Name) and node.id in _CONSTANTS:
        return _CONSTANTS[node.id]
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        value = _eval(node.operand)
        return -value if isinstance(node.op, ast.USub) else value
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        value = _BINARY[type(node.op)](_eval(node.left), _eval(node.right))
        if isinstance(value, complex):  # (-1)^0.5: a negative base to a fractional power
            raise ValueError("a negative number to a fractional power is complex, not a real angle")
        return value
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
            and node.func.id in _FUNCTIONS and len(node.args) == 1 and not node.keywords):
        return _FUNCTIONS[node.func.id](_eval(node.args[0]))
    what = ast.unparse(node) if hasattr(ast, "unparse") else type(node).__name__
    raise QtoolError(f"unsupported term {what!r} in angle (allowed: numbers, pi, tau, e, "
                     f"+ - * / ^, {', '.join(sorted(_FUNCTIONS))})")


def format_angle(value: float) -> str:
    """A short text for an angle: a simple multiple of pi when it is one, else 4 decimals."""
    ratio = Fraction(value / math.pi).limit_denominator(64)
    if ratio and abs(float(ratio) * math.pi - value) < 1e-9:
        num, den = ratio.numerator, ratio.denominator
        head = {1: "pi", -1: "-pi"}.get(num, f"{num}*pi")
        return head if den == 1 else f"{head}/{den}"
    if value == 0:
        return "0"
    return f"{value:.4g}"
