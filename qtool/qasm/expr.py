"""Parameter expressions of OpenQASM: numbers, pi, + - * / ^, unary minus, math functions.

Expressions are parsed to small tuples so a gate body can be evaluated again for every
call with new parameter values; top-level expressions are evaluated at once and cached by
their text (real files repeat the same few angles thousands of times).
"""

from __future__ import annotations

import math
import re

from qtool.errors import QasmError

# AST nodes: ("num", value) | ("var", name) | ("neg", node) | (op, left, right) | ("call", fn, node)
FUNCTIONS = {
    "sin": math.sin, "cos": math.cos, "tan": math.tan, "exp": math.exp, "ln": math.log,
    "log": math.log, "sqrt": math.sqrt, "asin": math.asin, "acos": math.acos,
    "atan": math.atan, "arcsin": math.asin, "arccos": math.acos, "arctan": math.atan,
}
CONSTANTS = {"pi": math.pi, "π": math.pi, "tau": math.tau, "τ": math.tau, "euler": math.e,
             "ℇ": math.e}

_TOKEN = re.compile(
    r"\s*(?:(?P<num>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)|(?P<id>[A-Za-z_π τℇ][A-Za-z0-9_]*)"
    r"|(?P<op>\*\*|[-+*/^(),]))"
)


class ExprError(ValueError):
    """A syntax error at `offset` characters into the expression text."""

    def __init__(self, message: str, offset: int):
        super().__init__(message)
        self.offset = offset


def _tokenize(text: str) -> list[tuple[str, str, int]]:
    tokens, pos, end = [], 0, len(text)
    while pos < end:
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            if text[pos:].strip() == "":
                break
            off = pos + len(text[pos:]) - len(text[pos:].lstrip())
            raise ExprError(f"unexpected character {text[off]!r} in expression", off)
        kind = m.lastgroup
        tokens.append((kind, m.group(kind), m.start(kind)))
        pos = m.end()
    tokens.append(("end", "", len(text)))
    return tokens


class _Parser:
    """Precedence climbing: + - < * / < unary minus < ^ (right associative)."""

    def __init__(self, text: str):
        self.text = text
        self.tokens = _tokenize(text)
        self.i = 0

    def peek(self):
        return self.tokens[self.i]

    def take(self):
        tok = self.tokens[self.i]
        self.i += 1
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
        while self.peek()[1] in ("+", "-"):
            op = self.take()[1]
            node = (op, node, self.term())
        return node

    def term(self):
        node = self.unary()
        while self.peek()[1] in ("*", "/"):
            op = self.take()[1]
            node = (op, node, self.unary())
        return node

    def unary(self):
        if self.peek()[1] == "-":
            self.take()
            return ("neg", self.unary())
        if self.peek()[1] == "+":
            self.take()
            return self.unary()
        return self.power()

    def power(self):
        node = self.atom()
        if self.peek()[1] in ("^", "**"):
            self.take()
            return ("^", node, self.unary())
        return node

    def atom(self):
        kind, value, off = self.take()
        if kind == "num":
            return ("num", float(value))
        if kind == "id":
            if value in FUNCTIONS:
                self.expect("(")
                arg = self.additive()
                self.expect(")")
                return ("call", value, arg)
            if value in CONSTANTS:
                return ("num", CONSTANTS[value])
            return ("var", value, off)
        if value == "(":
            node = self.additive()
            self.expect(")")
            return node
        raise ExprError(f"expected a number, name or '(' in expression, found {value or 'end'!r}", off)


def parse_expr(text: str):
    """Parse an expression to its AST; raises ExprError with an offset into `text`."""
    return _Parser(text).parse()


def evaluate(node, env: dict[str, float] | None = None) -> float:
    """Evaluate an AST; `env` binds a gate's formal parameters."""
    tag = node[0]
    if tag == "num":
        return node[1]
    if tag == "var":
        if env is not None and node[1] in env:
            return env[node[1]]
        raise ExprError(f"unknown parameter {node[1]!r}", node[2])
    if tag == "neg":
        return -evaluate(node[1], env)
    if tag == "call":
        arg = evaluate(node[2], env)
        try:
            return FUNCTIONS[node[1]](arg)
        except (ValueError, OverflowError):
            raise ExprError(f"{node[1]}({arg:g}) is undefined", 0) from None
    a, b = evaluate(node[1], env), evaluate(node[2], env)
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
        raise ExprError("expression overflows", 0) from None


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


def eval_angle(text: str, filename="<string>", line=1, column=1, source_line=None) -> float:
    """`eval_text` that reports errors as a located QasmError."""
    try:
        return eval_text(text)
    except ExprError as exc:
        raise QasmError(str(exc), filename, line, column + exc.offset, source_line) from None
