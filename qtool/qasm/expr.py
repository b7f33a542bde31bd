"""Angle expressions, the one language for them: numbers, pi, + - * / ^, unary minus, math functions.

The reader parses gate parameters with it and the TUI's angle prompt (qtool.editor.angles)
evaluates what a user types with it, so both accept and refuse exactly the same texts.
Constants: `pi`/`π`, `tau`/`τ`, `euler`/`ℇ` (OpenQASM 3's names). A bare `e` is not Euler's
number: OpenQASM has no such constant and `e` is a valid gate-parameter name.
`format_angle` is the one way an angle is written back (by the writer and the editor).

Expressions are parsed to small tuples so a gate body can be evaluated again for every
call with new parameter values; top-level expressions are evaluated at once and cached by
their text (real files repeat the same few angles thousands of times).
"""

from __future__ import annotations

import math
import re
from fractions import Fraction

from qtool.errors import clip

# AST nodes: ("num", value) | ("var", name) | ("neg", node) | (op, left, right) | ("call", fn, node)
FUNCTIONS = {
    "sin": math.sin, "cos": math.cos, "tan": math.tan, "exp": math.exp, "ln": math.log,
    "log": math.log, "sqrt": math.sqrt, "asin": math.asin, "acos": math.acos,
    "atan": math.atan, "arcsin": math.asin, "arccos": math.acos, "arctan": math.atan,
}
MAX_DEPTH = 100  # nesting of an expression tree: real files stay under 10

CONSTANTS = {"pi": math.pi, "π": math.pi, "tau": math.tau, "τ": math.tau, "euler": math.e,
             "ℇ": math.e}

_TOKEN = re.compile(
    r"\s*+(?:(?P<num>(?:\d++\.?+\d*+|\.\d++)(?:[eE][+-]?+\d++)?+)|(?P<id>[A-Za-z_πτℇ][A-Za-z0-9_]*+)"
    r"|(?P<op>\*\*|[-+*/^(),]))"
)


class ExprError(ValueError):
    """A syntax error at `offset` characters into the expression text."""

    def __init__(self, message: str, offset: int):
        super().__init__(message)
        self.offset = offset


_SPACE = re.compile(r"\s*+")


def _tokenize(text: str):
    """Tokens one at a time: a parser that refuses a deep expression stops reading early."""
    pos, end = 0, len(text)
    while pos < end:
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            off = _SPACE.match(text, pos).end()
            if off >= end:
                break
            raise ExprError(f"unexpected character {text[off]!r} in expression", off)
        kind = m.lastgroup
        yield (kind, m.group(kind), m.start(kind))
        pos = m.end()
    while True:
        yield ("end", "", len(text))


class _Parser:
    """Precedence climbing: + - < * / < unary minus < ^ (right associative)."""

    def __init__(self, text: str):
        self.text = text
        self.tokens = _tokenize(text)
        self.cur = next(self.tokens)
        self.depth = 0

    def nest(self, off: int) -> None:
        """Count one level of recursion; refuse expressions nested deeper than MAX_DEPTH."""
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExprError(f"expression nested deeper than {MAX_DEPTH} levels", off)

    def peek(self):
        return self.cur

    def take(self):
        tok = self.cur
        self.cur = next(self.tokens)
        return tok

    def expect(self, value: str):
        tok = self.take()
        if tok[1] != value:
            raise ExprError(f"expected {value!r} in expression, found {tok[1] or 'end'!r}", tok[2])

    def parse(self):
        node = self.additive()
        tok = self.peek()
        if tok[0] != "end":
            raise ExprError(f"unexpected {tok[1]!r} in expression", tok[2])
        return node

    def additive(self):
        node = self.term()
        chain = 0
        while self.peek()[1] in ("+", "-"):
            chain += 1  # `a+b+c+...` nests to the left: each operator is one level
            if chain + self.depth > MAX_DEPTH:
                raise ExprError(f"expression nested deeper than {MAX_DEPTH} levels", self.peek()[2])
            op = self.take()[1]
            node = (op, node, self.term())
        return node

    def term(self):
        node = self.unary()
        chain = 0
        while self.peek()[1] in ("*", "/"):
            chain += 1
            if chain + self.depth > MAX_DEPTH:
                raise ExprError(f"expression nested deeper than {MAX_DEPTH} levels", self.peek()[2])
            op = self.take()[1]
            node = (op, node, self.unary())
        return node

    def unary(self):
        tok = self.peek()
        if tok[1] == "-" or tok[1] == "+":
            self.take()
            self.nest(tok[2])
            node = self.unary()
            self.depth -= 1
            return ("neg", node) if tok[1] == "-" else node
        return self.power()

    def power(self):
        node = self.atom()
        tok = self.peek()
        if tok[1] in ("^", "**"):
            self.take()
            self.nest(tok[2])
            node = ("^", node, self.unary())
            self.depth -= 1
        return node

    def atom(self):
        kind, value, off = self.take()
        if kind == "num":
            number = float(value)
            if not math.isfinite(number):
                raise ExprError(f"number {clip(value)} is too large (not a finite number)", off)
            return ("num", number)
        if kind == "id":
            if value in FUNCTIONS:
                self.expect("(")
                self.nest(off)
                arg = self.additive()
                self.depth -= 1
                self.expect(")")
                return ("call", value, arg)
            if value in CONSTANTS:
                return ("num", CONSTANTS[value])
            return ("var", value, off)
        if value == "(":
            self.nest(off)
            node = self.additive()
            self.depth -= 1
            self.expect(")")
            return node
        raise ExprError(f"expected a number, name or '(' in expression, found {clip(value or 'end')!r}",
                        off)


def parse_expr(text: str):
    """Parse an expression to its AST; raises ExprError with an offset into `text`.

    Trees deeper than MAX_DEPTH are refused (chains like `1+1+...+1` parse without
    recursion but would make evaluation recurse once per operator).
    """
    node = _Parser(text).parse()
    if depth(node) > MAX_DEPTH:
        raise ExprError(f"expression nested deeper than {MAX_DEPTH} levels", 0)
    return node


def depth(node) -> int:
    """The depth of an AST, measured without recursion."""
    best, stack = 0, [(node, 1)]
    while stack:
        node, d = stack.pop()
        if d > best:
            best = d
        tag = node[0]
        if tag == "neg":
            stack.append((node[1], d + 1))
        elif tag == "call":
            stack.append((node[2], d + 1))
        elif tag not in ("num", "var"):
            stack.append((node[1], d + 1))
            stack.append((node[2], d + 1))
    return best


def evaluate(node, env: dict[str, float] | None = None) -> float:
    """Evaluate an AST to a finite real number; `env` binds a gate's formal parameters.

    An angle that is complex (`(-1)^0.5`), infinite (`1e308*10`) or NaN (`inf-inf`) has no
    meaning as a gate parameter: it raises ExprError rather than reaching cirq.
    """
    value = _evaluate(node, env)
    if isinstance(value, complex):
        raise ExprError("expression has a complex value; angles must be real", 0)
    if not math.isfinite(value):
        raise ExprError(f"expression evaluates to {value}, not a finite number; angles must be finite", 0)
    return value


def _evaluate(node, env: dict[str, float] | None = None) -> float:
    tag = node[0]
    if tag == "num":
        return node[1]
    if tag == "var":
        if env is not None and node[1] in env:
            return env[node[1]]
        hint = " (Euler's number is written euler)" if node[1] == "e" else ""
        raise ExprError(f"unknown parameter {clip(node[1])!r}{hint}", node[2])
    if tag == "neg":
        return -_evaluate(node[1], env)
    if tag == "call":
        arg = _evaluate(node[2], env)
        try:
            return FUNCTIONS[node[1]](arg)
        except ValueError:
            raise ExprError(f"{node[1]}({arg:g}) is undefined (not a real number)", 0) from None
        except OverflowError:
            raise ExprError(f"{node[1]}({arg:g}) is too large", 0) from None
        except TypeError:  # a math function of a complex value
            raise ExprError("expression has a complex value; angles must be real", 0) from None
    a, b = _evaluate(node[1], env), _evaluate(node[2], env)
    try:
        if tag == "+":
            return a + b
        if tag == "-":
            return a - b
        if tag == "*":
            return a * b
        if tag == "/":
            return a / b
        return a ** b
    except ZeroDivisionError:
        raise ExprError("division by zero in expression", 0) from None
    except OverflowError:
        raise ExprError("expression overflows: the number is too large", 0) from None


def free_names(node) -> set[str]:
    """Names an AST refers to that are not constants (the gate parameters it needs)."""
    tag = node[0]
    if tag == "num":
        return set()
    if tag == "var":
        return {node[1]}
    if tag in ("neg",):
        return free_names(node[1])
    if tag == "call":
        return free_names(node[2])
    return free_names(node[1]) | free_names(node[2])


_CACHE: dict[str, float] = {}


def eval_text(text: str) -> float:
    """Evaluate a constant expression, cached by its text."""
    value = _CACHE.get(text)
    if value is None:
        value = evaluate(parse_expr(text))
        if len(_CACHE) < 100_000:
            _CACHE[text] = value
    return value



_ZERO = 1e-12  # |angle| below this is written 0 (floating-point dust from a decomposition)


def format_angle(theta: float) -> str:
    """An angle as text `parse_expr` reads back: `pi/4`, `-3*pi/8`, `2*pi` when it is a
    multiple of pi/1024 to 1e-12, else the shortest float that round-trips (`0.1234`)."""
    theta = float(theta)
    if abs(theta) < _ZERO:
        return "0"
    r = Fraction(theta / math.pi).limit_denominator(1024)
    if abs(float(r) * math.pi - theta) < 1e-12 * max(1.0, abs(theta)):
        num, den = r.numerator, r.denominator
        head = "pi" if num == 1 else "-pi" if num == -1 else f"{num}*pi"
        return head if den == 1 else f"{head}/{den}"
    return repr(theta)
