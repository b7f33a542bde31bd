"""OpenQASM 2.0 (and the OpenQASM 3 subset real tools emit) -> cirq.Circuit.

Written by hand rather than on cirq.contrib.qasm_import, which rejects `barrier` and most
of the QASMBench corpus, and is slow on 100k-gate files. The reader walks statements with
a few compiled regexes (a gate call is one match in the common case), evaluates angle
expressions once per distinct text, expands user gates from a per-(gate, angles) cache,
and hands cirq one flat list of operations.

Every error is a QasmError naming file, line and column and quoting the line.
"""

from __future__ import annotations

import gc
import re
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Iterable

import cirq
import numpy as np
import sympy

from qtool import limits
from qtool.errors import QasmError, QtoolError, clip
from qtool.io import read_text
from qtool.qasm import expr as qexpr
from qtool.qasm.gates import PRELUDE, STANDARD, BarrierGate, standard_gate
from qtool.qasm.qubits import RegisterQubit
from qtool.qasm.usergate import GateDefinition, UserGate

# Every quantifier is possessive (`*+`, `?+`): on a hostile line (1,500 spaces and no ';')
# a backtracking `\s*...\s*...[^;]*` tries every split of the spaces, which is cubic.
_ID = r"[A-Za-z_][A-Za-z0-9_]*+"
_WS = re.compile(r"\s*+")
_IDENT = re.compile(_ID)
_NAME = re.compile(r"\s*+(" + _ID + r")\s*+")
# A gate call or similar `name(params) args;`: params may nest one level of parentheses.
_CALL = re.compile(r"\s*+(?:\((?P<params>[^()]*+(?:\([^()]*+\)[^()]*+)*+)\))?+\s*+(?P<args>[^;{}]*+);")
_CALL_NO_SEMI = re.compile(
    r"\s*+(?:\((?P<params>[^()]*+(?:\([^()]*+\)[^()]*+)*+)\))?+\s*+(?P<args>[^;{}\n]*+)(?=\n|$)")
_ARG = re.compile(r"\s*+(?P<name>" + _ID + r")\s*+(?:\[\s*+(?P<index>[0-9]++)\s*+\])?+\s*+$")
_REG_DECL = re.compile(r"\s*+(?P<name>" + _ID + r")\s*+\[\s*+(?P<size>[0-9]++)\s*+\]\s*+;")
_DECL3 = re.compile(r"\s*+(?:\[\s*+(?P<size>[0-9]++)\s*+\])?+\s*+(?P<name>" + _ID + r")\s*+;")
_ASSIGN3 = re.compile(r"\s*+(?:\[\s*+(?P<index>[0-9]++)\s*+\])?+\s*+=\s*+measure\b(?P<src>[^;]*+);")
_IF = re.compile(
    r"\s*+\(\s*+(?P<reg>" + _ID + r")\s*+(?:\[\s*+(?P<index>[0-9]++)\s*+\])?+\s*+==\s*+"
    r"(?P<value>[0-9]++|true|false)\s*+\)")
_STRING = re.compile(r"\s*+\"(?P<path>[^\"]*+)\"\s*+;")
_FAST = re.compile(
    r"(" + _ID + r")\s*+(?:\([^()]*+\))?+\s*+" + _ID + r"\s*+\[\s*+[0-9]++\s*+\]"
    r"(?:\s*+,\s*+" + _ID + r"\s*+\[\s*+[0-9]++\s*+\])*+\s*+;")
_INPUT3 = re.compile(r"\s*+(?:float|angle)\s*+(?:\[\s*+[0-9]++\s*+\])?+\s*+(?P<name>" + _ID
                     + r")\s*+;")
_VERSION = re.compile(r"\s*+(?P<v>[0-9]++(?:\.[0-9]++)?+)\s*+;")
_MODIFIER = re.compile(r"(ctrl|negctrl|inv|pow)\s*+(?:\(\s*+([^()]*+)\))?+\s*+@")

# A user gate may call gates defined before it, to this depth: real files nest a few levels;
# each level is one Python frame when the gate is expanded.
MAX_GATE_DEPTH = 100

KNOWN_INCLUDES = {"qelib1.inc", "stdgates.inc"}
_KEYWORDS3_UNSUPPORTED = {"for", "while", "def", "defcal", "cal", "defcalgrammar", "let",
                          "const", "int", "uint", "float", "angle", "bool", "complex",
                          "duration", "stretch", "box", "delay", "extern", "switch",
                          "input", "output", "array", "return", "break", "continue", "end"}


@dataclass
class Program:
    """A parsed program: the circuit and the registers in declaration order."""

    circuit: cirq.Circuit
    qregs: dict[str, int] = field(default_factory=dict)
    cregs: dict[str, int] = field(default_factory=dict)
    version: str = "2.0"

    @property
    def qubits(self) -> list[cirq.Qid]:
        """Every declared qubit (used or not), first declared first."""
        out = []
        for rank, (name, size) in enumerate(self.qregs.items()):
            out.extend(RegisterQubit(name, i, rank) for i in range(size))
        return out

    @property
    def clbits(self) -> list[str]:
        """Measurement keys of every classical bit, first declared first."""
        return [f"{name}_{i}" for name, size in self.cregs.items() for i in range(size)]


@dataclass
class _GateDef:
    name: str
    params: list[str]
    qubits: list[str]
    body: list[tuple]  # (name, [param AST], [qubit arg index], modifiers, pos, callee)
    opaque: bool = False
    depth: int = 0  # levels of user gates below this one
    size: int = 0  # operations one call expands to
    definition: GateDefinition | None = None  # its text, for keep_gates readers


def _strip_comments(text: str) -> tuple[str, int]:
    """Comments become spaces (newlines kept), so offsets still point into the file.

    One linear pass with str.find; returns the text and the offset of an unterminated
    `/*` (or -1). A lazy regex from `/*` to `*/` is quadratic on a run of `/*` with no `*/`.
    """
    if "/" not in text:
        return text, -1
    out, i, n = [], 0, len(text)
    while True:
        j = text.find("/", i)
        if j < 0 or j + 1 >= n:
            break
        nxt = text[j + 1]
        if nxt == "/":
            k = text.find("\n", j)
            k = n if k < 0 else k
            out.append(text[i:j])
            out.append(" " * (k - j))
            i = k
        elif nxt == "*":
            k = text.find("*/", j + 2)
            if k < 0:
                return "".join(out) + text[i:], j
            k += 2
            out.append(text[i:j])
            chunk = text[j:k]
            if "\n" in chunk:
                out.append(re.sub(r"[^\n]++", lambda m: " " * len(m.group()), chunk))
            else:
                out.append(" " * len(chunk))
            i = k
        else:
            out.append(text[i:j + 1])
            i = j + 1
    out.append(text[i:])
    return "".join(out), -1


def _num(digits: str) -> int:
    """A decimal integer from the file; absurdly long ones become 10**100 (over any limit)."""
    return int(digits) if len(digits) <= 100 else 10 ** 100


_gc_lock = threading.Lock()
_gc_depth = 0
_gc_was_enabled = False


@contextmanager
def gc_paused():
    """Pause the cyclic garbage collector while the block runs; safe nested and across threads.

    The collector is process-wide: the first entrant records whether it was enabled and
    disables it, the last one out restores it, on every path (exceptions included).
    """
    global _gc_depth, _gc_was_enabled
    with _gc_lock:
        if _gc_depth == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_depth += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_depth -= 1
            if _gc_depth == 0 and _gc_was_enabled:
                gc.enable()


class _Reader:
    def __init__(self, text: str, filename: str, params: dict[str, float] | None = None,
                 keep_gates: bool = False):
        self.raw = text
        # keep_gates: a user gate's call stays one UserGate op (the editor's named box)
        self.keep_gates = keep_gates
        self.filename = filename
        # Free parameters bound by the caller (`--param`, `--sweep`): OpenQASM 3 `input`
        # declarations, and names an OpenQASM 2 program leaves free.
        self.params = dict(params or {})
        self.inputs: list[str] = []
        self.used_params: set[str] = set()
        self.text, unterminated = _strip_comments(text)
        if unterminated >= 0:
            raise self.error("unterminated comment: '/*' has no '*/'", unterminated)
        self.gate_limit = limits.get("gates")
        self.qregs: dict[str, tuple[int, int]] = {}  # name -> (size, rank)
        self.cregs: dict[str, int] = {}
        self.gates: dict[str, _GateDef] = {}
        self.ops: list[cirq.Operation] = []
        self.version = "2.0"
        self._expansions: dict[tuple, list[tuple[cirq.Gate, tuple[int, ...]]]] = {}
        self._qubit_cache: dict[tuple[str, int], cirq.Qid] = {}
        self._op_cache: dict[str, cirq.Operation] = {}
        self._prelude: set[str] = set()

    # ------------------------------------------------------------------ errors
    def error(self, message: str, pos: int) -> QasmError:
        pos = max(0, min(pos, len(self.raw)))
        line = self.raw.count("\n", 0, pos) + 1
        start = self.raw.rfind("\n", 0, pos) + 1
        end = self.raw.find("\n", pos)
        source = self.raw[start:] if end < 0 else self.raw[start:end]
        return QasmError(message, self.filename, line, pos - start + 1, source)

    def _check_limit(self, name: str, value: int, what: str, pos: int) -> None:
        """A limits.LimitError, located in the file (still exit code 2)."""
        try:
            limits.check(name, value, what)
        except limits.LimitError as exc:
            raise self.error(str(exc), pos) from None

    def _check_gates(self, total: int, pos: int) -> None:
        if total > self.gate_limit:
            self._check_limit("gates", total, "the circuit", pos)

    # ------------------------------------------------------------------ driver
    def run(self) -> Program:
        self._load_prelude()
        self._statements()
        circuit = earliest_circuit(self.ops)
        qregs = {name: size for name, (size, _rank) in self.qregs.items()}
        return Program(circuit, qregs, dict(self.cregs), self.version)

    def _statements(self) -> None:
        """The main loop, with a fast path for standard gates on indexed qubits.

        Real files are mostly `rz(0.5) q[3];` lines repeated with few distinct texts, so a
        statement's operation is cached by its exact text: cirq operations are immutable,
        and a statement's meaning cannot change once its registers are declared.
        """
        text, n, ops = self.text, len(self.text), self.ops
        ws, fast, cache, standard = _WS.match, _FAST.match, self._op_cache, STANDARD
        gate_limit = self.gate_limit
        pos = 0
        while True:
            pos = ws(text, pos).end()
            if pos >= n:
                return
            m = fast(text, pos)
            if m is not None:
                op = cache.get(m.group())
                if op is not None:
                    if len(ops) >= gate_limit:
                        self._check_gates(len(ops) + 1, pos)
                    ops.append(op)
                    pos = m.end()
                    continue
                if m.group(1) in standard:
                    before = len(ops)
                    pos = self.gate_call(m.group(1), pos, m.end(1), ops, ())
                    if len(ops) == before + 1 and len(cache) < 200_000:
                        cache[m.group()] = ops[-1]
                    continue
            pos = self.statement(pos, ops)

    def _load_prelude(self) -> None:
        gates = _prelude_gates()
        self.gates.update(gates)
        self._prelude = set(gates)

    def statement(self, pos: int, out: list) -> int:
        text = self.text
        if pos >= len(text):
            raise self.error("expected a statement, found the end of the input", pos)
        m = _IDENT.match(text, pos)
        if not m:
            if text[pos] == "{" or text[pos] == "}":
                raise self.error(f"unexpected {text[pos]!r}", pos)
            raise self.error(f"expected a statement, found {text[pos]!r}", pos)
        word = m.group()
        end = m.end()
        handler = _HANDLERS.get(word)
        if handler is not None:
            return handler(self, pos, end, out)
        if word in _KEYWORDS3_UNSUPPORTED:
            raise self.error(f"OpenQASM 3 '{word}' is not supported by qtool's reader", pos)
        if word == "ctrl" or word == "negctrl" or word == "inv" or word == "pow":
            return self.modified_call(pos, out)
        # `c[0] = measure q[0];` / `c = measure q;`
        a = _ASSIGN3.match(text, end)
        if a:
            return self.measure3(word, m, a, out)
        return self.gate_call(word, pos, end, out, ())

    # ------------------------------------------------------------------ headers
    def s_version(self, pos, end, out):
        m = _VERSION.match(self.text, end)
        if not m:
            raise self.error("expected a version number and ';' after OPENQASM", end)
        v = m.group("v")
        if not (v.startswith("2") or v.startswith("3")):
            raise self.error(f"unsupported OpenQASM version {v} (qtool reads 2.0 and 3)",
                             m.start("v"))
        self.version = v
        return m.end()

    def s_include(self, pos, end, out):
        m = _STRING.match(self.text, end)
        if not m:
            raise self.error('expected a file name in quotes and \';\' after include', end)
        if m.group("path") not in KNOWN_INCLUDES:
            raise self.error(f"cannot include {clip(m.group('path'))!r}: qtool knows qelib1.inc and "
                             "stdgates.inc", m.start("path") - 1)
        return m.end()

    def s_qreg(self, pos, end, out):
        return self._declare(pos, end, quantum=True)

    def s_creg(self, pos, end, out):
        return self._declare(pos, end, quantum=False)

    def _declare(self, pos, end, quantum: bool):
        m = _REG_DECL.match(self.text, end)
        if not m:
            raise self.error("expected 'name[size];' in register declaration", end)
        return self._add_register(m.group("name"), _num(m.group("size")), quantum,
                                  m.start("name"), m.end())

    def _add_register(self, name, size, quantum, name_pos, end):
        if name in self.qregs or name in self.cregs:
            raise self.error(f"register {clip(name)!r} is already declared", name_pos)
        if size == 0:
            raise self.error(f"register {clip(name)!r} has size 0", name_pos)
        # Checked before anything is built: `qreg q[999999999];` must not allocate a qubit.
        if quantum:
            total = size + sum(s for s, _rank in self.qregs.values())
            self._check_limit("qubits", total, f"qreg {clip(name)}", name_pos)
        else:
            total = size + sum(self.cregs.values())
            self._check_limit("clbits", total, f"creg {clip(name)}", name_pos)
        if quantum:
            self.qregs[name] = (size, len(self.qregs))
        else:
            self.cregs[name] = size
        return end

    def s_qubit(self, pos, end, out):
        return self._declare3(end, quantum=True)

    def s_bit(self, pos, end, out):
        return self._declare3(end, quantum=False)

    def _declare3(self, end, quantum):
        m = _DECL3.match(self.text, end)
        if not m:
            what = "qubit" if quantum else "bit"
            raise self.error(f"expected '{what}[size] name;' or '{what} name;'", end)
        size = _num(m.group("size")) if m.group("size") else 1
        return self._add_register(m.group("name"), size, quantum, m.start("name"), m.end())

    # ------------------------------------------------------------------ gate definitions
    def s_gate(self, pos, end, out, opaque=False):
        text = self.text
        p = _WS.match(text, end).end()
        m = _IDENT.match(text, p)
        if not m:
            raise self.error("expected a gate name after 'gate'", p)
        name, name_pos = m.group(), p
        p = _WS.match(text, m.end()).end()
        params: list[str] = []
        if p < len(text) and text[p] == "(":
            close = text.find(")", p)
            if close < 0:
                raise self.error("expected ')' to close the parameter list", p)
            params = self._names(text[p + 1:close], p + 1, allow_empty=True)
            if len(set(params)) != len(params):
                raise self.error(f"gate {clip(name)!r} names a parameter twice", p)
            p = close + 1
        stop = ";" if opaque else "{"
        brace = text.find(stop, p)
        if brace < 0:
            raise self.error(f"expected '{stop}' after the qubit arguments of gate {clip(name)!r}", p)
        qubits = self._names(text[p:brace], p, allow_empty=False)
        if len(set(qubits)) != len(qubits):
            raise self.error(f"gate {clip(name)!r} names a qubit argument twice", p)
        if name in self.gates and name not in self._prelude:
            raise self.error(f"gate {clip(name)!r} is already defined", name_pos)
        if opaque:
            self.gates[name] = _GateDef(name, params, qubits, [], opaque=True)
            return brace + 1
        body, p = self._gate_body(name, params, qubits, brace + 1)
        if name not in STANDARD:
            # A redefinition of a standard gate (common in files that inline qelib1.inc)
            # keeps the native gate: it has the same meaning and qsim runs it natively.
            depth = max((e[5].depth + 1 for e in body if e[5] is not None), default=0)
            if depth > MAX_GATE_DEPTH:
                raise self.error(f"gate {clip(name)!r} nests user gates {depth} levels deep; "
                                 f"qtool expands at most {MAX_GATE_DEPTH}", name_pos)
            size = sum(e[5].size if e[5] is not None and not e[3] else 1 for e in body)
            definition = self._definition(name, body, pos, p) if self.keep_gates else None
            self.gates[name] = _GateDef(name, params, qubits, body, depth=depth, size=size,
                                        definition=definition)
        return p

    def _definition(self, name, body, start, end) -> GateDefinition:
        """The definition's text on one line (comments dropped) and the user gates it calls."""
        needs: list[GateDefinition] = []
        for entry in body:
            callee = entry[5]
            if callee is not None and callee.definition is not None:
                for d in callee.definition.closure():
                    if d not in needs:
                        needs.append(d)
        calls = tuple(dict.fromkeys(e[0] for e in body if e[0] != "gphase"))
        modern = any(e[3] or e[0] == "gphase" for e in body)
        return GateDefinition(name, " ".join(self.text[start:end].split()), calls,
                              tuple(needs), modern)

    def s_opaque(self, pos, end, out):
        return self.s_gate(pos, end, out, opaque=True)

    def _names(self, chunk: str, offset: int, allow_empty: bool) -> list[str]:
        names = []
        if not chunk.strip():
            if allow_empty:
                return names
            raise self.error("expected qubit argument names", offset)
        at = offset
        for part in chunk.split(","):
            m = _NAME.fullmatch(part)
            if not m:
                raise self.error(f"expected a name, found {clip(part.strip())!r}",
                                 at + len(part) - len(part.lstrip()))
            names.append(m.group(1))
            at += len(part) + 1
        return names

    def _gate_body(self, name, params, qubits, p):
        text = self.text
        body = []
        qindex = {q: i for i, q in enumerate(qubits)}
        pset = set(params)
        while True:
            p = _WS.match(text, p).end()
            if p >= len(text):
                raise self.error(f"expected '}}' to close the body of gate {clip(name)!r}", p)
            if text[p] == "}":
                return body, p + 1
            m = _IDENT.match(text, p)
            if not m:
                raise self.error(f"expected a gate call in the body of {clip(name)!r}, found {text[p]!r}", p)
            word = m.group()
            mods: tuple = ()
            start = p
            if word in ("ctrl", "negctrl", "inv", "pow"):
                mods, p2 = self._modifiers(p)
                m = _IDENT.match(text, p2)
                if not m:
                    raise self.error("expected a gate name after the modifier '@'", p2)
                word = m.group()
            c = _match_call(text, m.end())
            if not c:
                raise self.error(f"expected '(params) qubits;' after {clip(word)!r}", m.end())
            if word == "barrier":
                p = c.end()
                continue
            if word in ("measure", "reset"):
                raise self.error(f"'{word}' is not allowed in a gate body", start)
            asts = self._param_asts(c, pset)
            if word == "gphase":
                if len(asts) != 1:
                    raise self.error(f"gphase takes one parameter, got {len(asts)}", start)
                body.append(("gphase", asts, [], mods, start, None))
                p = c.end()
                continue
            if word == name and name not in STANDARD:
                raise self.error(f"gate {clip(name)!r} calls itself: recursive gate definitions "
                                 "are not allowed", start)
            args = []
            for arg, apos in self._split_args(c):
                am = _ARG.match(arg)
                if not am or am.group("index") is not None:
                    raise self.error(f"expected a qubit argument of gate {clip(name)!r}", apos)
                if am.group("name") not in qindex:
                    raise self.error(f"{clip(am.group('name'))!r} is not a qubit argument of gate "
                                     f"{clip(name)!r}", apos)
                args.append(qindex[am.group("name")])
            self._check_call(word, len(asts), len(args) - _control_count(mods), start)
            if len(set(args)) != len(args):
                raise self.error(f"gate {clip(word)!r} is given the same qubit twice", start)
            # The callee is bound now: a later redefinition cannot make a gate recursive.
            callee = None if word in STANDARD else self.gates[word]
            body.append((word, asts, args, mods, start, callee))
            p = c.end()

    def _param_asts(self, c, allowed: set[str]) -> list:
        params = c.group("params")
        if params is None or not params.strip():
            return []
        asts, at = [], c.start("params")
        for part in _split_top(params):
            try:
                ast = qexpr.parse_expr(part)
            except qexpr.ExprError as exc:
                raise self.error(str(exc), at + exc.offset) from None
            unknown = qexpr.free_names(ast) - allowed
            if unknown:
                raise self.error(f"unknown name {clip(sorted(unknown)[0])!r} in parameter", at)
            asts.append(ast)
            at += len(part) + 1
        return asts

    # ------------------------------------------------------------------ statements
    def _split_args(self, c) -> Iterable[tuple[str, int]]:
        args = c.group("args")
        at = c.start("args")
        if not args.strip():
            raise self.error("expected qubit arguments", at)
        for part in args.split(","):
            yield part, at + len(part) - len(part.lstrip())
            at += len(part) + 1

    def _check_call(self, name: str, nparams: int, nqubits: int, pos: int) -> None:
        spec = STANDARD.get(name)
        if spec is not None:
            want_p, want_q = spec.num_params, spec.num_qubits
        else:
            gdef = self.gates.get(name)
            if gdef is None:
                raise self.error(f"unknown gate {clip(name)!r}", pos)
            want_p, want_q = len(gdef.params), len(gdef.qubits)
        if nparams != want_p:
            raise self.error(f"gate {clip(name)!r} takes {want_p} parameter{'s' * (want_p != 1)}, "
                             f"got {nparams}", pos)
        if nqubits != want_q:
            raise self.error(f"gate {clip(name)!r} acts on {want_q} qubit{'s' * (want_q != 1)}, "
                             f"got {nqubits}", pos)

    def _qubit_args(self, c, pos) -> list[list[cirq.Qid]]:
        """Each argument as a list of qubits (one for q[i], all of a register for q)."""
        out = []
        for arg, apos in self._split_args(c):
            out.append(self._qubits(arg, apos))
        return out

    def _qubits(self, arg: str, apos: int) -> list[cirq.Qid]:
        am = _ARG.match(arg)
        if not am:
            stripped = arg.strip()
            if "\n" in stripped and _ARG.match(stripped.split("\n")[0]):
                first = stripped.split("\n")[0].rstrip()
                raise self.error("expected ';' at the end of the statement", apos + len(first))
            raise self.error(f"expected a qubit like q[0] or a register, found {clip(stripped)!r}",
                             apos)
        name = am.group("name")
        reg = self.qregs.get(name)
        if reg is None:
            what = "a classical register" if name in self.cregs else "undeclared"
            raise self.error(f"{clip(name)!r} is {what}; expected a quantum register", apos)
        size, rank = reg
        idx = am.group("index")
        if idx is None:
            return [self._qubit(name, i, rank) for i in range(size)]
        i = _num(idx)
        if i >= size:
            raise self.error(f"index {clip(idx)} is out of range for qreg {clip(name)}[{size}]", apos)
        return [self._qubit(name, i, rank)]

    def _qubit(self, name, i, rank):
        key = (name, i)
        q = self._qubit_cache.get(key)
        if q is None:
            q = self._qubit_cache[key] = RegisterQubit(name, i, rank)
        return q

    def _broadcast(self, args: list[list[cirq.Qid]], pos: int) -> list[tuple[cirq.Qid, ...]]:
        if all(len(a) == 1 for a in args):
            return [tuple(a[0] for a in args)]
        sizes = {len(a) for a in args if len(a) > 1}
        if len(sizes) > 1:
            raise self.error("registers of different sizes in one statement", pos)
        n = sizes.pop()
        return [tuple(a[0] if len(a) == 1 else a[k] for a in args) for k in range(n)]

    def gate_call(self, name, pos, end, out, mods):
        c = _match_call(self.text, end)
        if not c:
            raise self._call_error(name, end)
        if name == "gphase":
            return self._gphase(c, out)
        params = self._eval_params(c)
        args = self._qubit_args(c, pos)
        nctrl = _control_count(mods)
        self._check_call(name, len(params), len(args) - nctrl, pos)
        if name in self.gates and self.gates[name].opaque:
            raise self.error(f"opaque gate {clip(name)!r} has no definition, so qtool cannot apply it",
                             pos)
        for qs in self._broadcast(args, pos):
            if len(set(qs)) != len(qs):
                raise self.error(f"gate {clip(name)!r} is given the same qubit twice", pos)
            self._emit(name, params, qs, mods, out, pos)
        return c.end()

    def _call_error(self, name: str, end: int) -> QasmError:
        """Say what is wrong with a gate call that does not parse: usually a missing ';'."""
        m = _CALL_NO_SEMI.match(self.text, end)
        if m and m.group("args").strip():
            stop = m.start("args") + len(m.group("args").rstrip())
            return self.error(f"expected ';' after the arguments of {clip(name)!r}", stop)
        return self.error(f"expected '(params) qubits;' after {clip(name)!r}", end)

    def _eval_params(self, c) -> tuple[float, ...]:
        params = c.group("params")
        if params is None or not params.strip():
            return ()
        at = c.start("params")
        if self.params:
            return self._eval_bound(params, at)
        if "," not in params and "(" not in params:
            try:
                return (qexpr.eval_text(params),)
            except qexpr.ExprError as exc:
                raise self.error(str(exc), at + exc.offset) from None
        values = []
        for part in _split_top(params):
            try:
                values.append(qexpr.eval_text(part))
            except qexpr.ExprError as exc:
                raise self.error(str(exc), at + exc.offset) from None
            at += len(part) + 1
        return tuple(values)

    def _eval_bound(self, params: str, at: int) -> tuple[float, ...]:
        """Angles that may name the caller's parameters (not cached by text: they vary)."""
        values = []
        for part in _split_top(params):
            try:
                ast = qexpr.parse_expr(part)
                names = qexpr.free_names(ast)
                self.used_params |= names & self.params.keys()
                values.append(qexpr.evaluate(ast, self.params))
            except qexpr.ExprError as exc:
                raise self.error(str(exc), at + exc.offset) from None
            at += len(part) + 1
        return tuple(values)

    def s_input(self, pos, end, out):
        """`input float[64] theta;` (OpenQASM 3): a parameter whose value the caller gives."""
        m = _INPUT3.match(self.text, end)
        if not m:
            raise self.error("expected 'input float[64] name;' (qtool reads float and angle "
                             "inputs)", end)
        name = m.group("name")
        if name in self.inputs:
            raise self.error(f"input {clip(name)!r} is already declared", m.start("name"))
        if name not in self.params:
            # `qtool simulate` is the one command that binds inputs: info, draw, compile and
            # the editor read this same file and must not point at flags they lack.
            raise self.error(f"input {clip(name)!r} has no value: give it with --param "
                             f"{clip(name)}=VALUE or --sweep {clip(name)}=START:STOP:N "
                             "(options of `qtool simulate`)", m.start("name"))
        self.inputs.append(name)
        return m.end()

    def _emit(self, name, params, qs, mods, out, pos):
        size = 1 if mods or name in STANDARD else self.gates[name].size
        # Counted before expanding: a gate that doubles at each of 60 levels is 2**60 ops.
        total = len(out) + size + (0 if out is self.ops else len(self.ops))
        if total > self.gate_limit:
            self._check_gates(total, pos)
        if not mods and name in STANDARD:
            out.append(standard_gate(name, params).on(*qs))
            return
        if not mods:
            gdef = self.gates[name]
            if gdef.definition is not None:
                body = tuple(self._expand(name, params, pos))
                out.append(UserGate(gdef.definition, params, body, len(gdef.qubits)).on(*qs))
                return
            for gate, idx in self._expand(name, params, pos):
                out.append(gate.on(*[qs[i] for i in idx]))
            return
        gate = self._modified_gate(name, params, mods, pos)
        out.append(gate.on(*qs))

    def _expand(self, name, params, pos, gdef=None) -> list[tuple[cirq.Gate, tuple[int, ...]]]:
        """A user gate as (gate, local qubit indices) pairs, cached per definition and angles."""
        if gdef is None:
            gdef = self.gates[name]
        key = (id(gdef), params)
        cached = self._expansions.get(key)
        if cached is not None:
            return cached
        env = dict(zip(gdef.params, params))
        result = []
        for sub, asts, args, mods, spos, callee in gdef.body:
            try:
                values = tuple(qexpr.evaluate(a, env) for a in asts)
            except qexpr.ExprError as exc:
                raise self.error(f"in gate {clip(name)!r}: {exc}", spos) from None
            if sub == "gphase":
                result.append((cirq.GlobalPhaseGate(complex(_cis(values[0]))), ()))
            elif mods:
                result.append((self._modified_gate(sub, values, mods, spos, callee), tuple(args)))
            elif sub in STANDARD:
                result.append((standard_gate(sub, values), tuple(args)))
            else:
                for gate, idx in self._expand(sub, values, spos, callee):
                    result.append((gate, tuple(args[i] for i in idx)))
        if len(self._expansions) < 50_000 and len(result) <= 100_000:
            self._expansions[key] = result
        return result

    def _plain_gate(self, name, params, pos, gdef=None) -> cirq.Gate:
        if name in STANDARD:
            return standard_gate(name, params)
        if gdef is None:
            gdef = self.gates[name]
        qs = cirq.LineQubit.range(len(gdef.qubits))
        if len(qs) > 6:
            raise self.error(f"modifiers on gate {clip(name)!r} with more than 6 qubits are not supported",
                             pos)
        if gdef.opaque:
            raise self.error(f"opaque gate {clip(name)!r} has no definition, so qtool cannot apply it",
                             pos)
        if gdef.size > 100_000:
            raise self.error(f"modifiers on gate {clip(name)!r}, which expands to {gdef.size} "
                             "operations, are not supported", pos)
        ops = [g.on(*[qs[i] for i in idx]) for g, idx in self._expand(name, params, pos, gdef)]
        return cirq.MatrixGate(cirq.Circuit(ops).unitary(qubit_order=qs, qubits_that_should_be_present=qs)
                               if ops else np.eye(2 ** len(qs)))

    def _modified_gate(self, name, params, mods, pos, gdef=None) -> cirq.Gate:
        gate = self._plain_gate(name, params, pos, gdef)
        for kind, value in reversed(mods):
            if kind == "inv":
                gate = cirq.inverse(gate, None) or cirq.MatrixGate(cirq.unitary(gate).conj().T)
            elif kind == "pow":
                powered = cirq.pow(gate, value, None)
                if powered is None:
                    import scipy.linalg

                    powered = cirq.MatrixGate(scipy.linalg.fractional_matrix_power(cirq.unitary(gate), value))
                gate = powered
            else:
                cv = (1 if kind == "ctrl" else 0,) * value
                gate = cirq.ControlledGate(gate, num_controls=value, control_values=cv)
        return gate

    def _modifiers(self, p) -> tuple[tuple, int]:
        text = self.text
        mods = []
        while True:
            p = _WS.match(text, p).end()
            m = _MODIFIER.match(text, p)
            if not m:
                return tuple(mods), p
            kind, arg = m.group(1), m.group(2)
            if kind == "pow":
                if arg is None:
                    raise self.error("pow @ needs an exponent: pow(k) @", p)
                try:
                    mods.append(("pow", qexpr.eval_text(arg)))
                except qexpr.ExprError as exc:
                    raise self.error(str(exc), m.start(2) + exc.offset) from None
            elif kind == "inv":
                mods.append(("inv", None))
            else:
                n = 1
                if arg is not None:
                    if not arg.strip().isdigit() or _num(arg.strip()) < 1:
                        raise self.error(f"{kind}(n) needs a positive integer", m.start(2))
                    n = _num(arg.strip())
                mods.append((kind, n))
            p = m.end()

    def modified_call(self, pos, out):
        mods, p = self._modifiers(pos)
        m = _IDENT.match(self.text, p)
        if not m:
            raise self.error("expected a gate name after the modifier '@'", p)
        return self.gate_call(m.group(), p, m.end(), out, mods)

    def _gphase(self, c, out):
        params = self._eval_params(c)
        if len(params) != 1:
            raise self.error("gphase takes one parameter", c.start())
        out.append(cirq.GlobalPhaseGate(complex(_cis(params[0]))).on())
        return c.end()

    # ------------------------------------------------------------------ non-unitary
    def s_barrier(self, pos, end, out):
        c = _match_call(self.text, end)
        if not c or c.group("params") is not None:
            raise self.error("expected qubit arguments and ';' after barrier", end)
        # A dict keeps first-seen order with O(1) membership (a list made this quadratic).
        qubits = list(dict.fromkeys(q for arg in self._qubit_args(c, pos) for q in arg))
        total = len(out) + 1 + (0 if out is self.ops else len(self.ops))
        if total > self.gate_limit:
            self._check_gates(total, pos)
        out.append(BarrierGate(len(qubits)).on(*qubits))
        return c.end()

    def s_reset(self, pos, end, out):
        c = _match_call(self.text, end)
        if not c or c.group("params") is not None:
            raise self.error("expected a qubit and ';' after reset", end)
        for arg in self._qubit_args(c, pos):
            for q in arg:
                out.append(cirq.ResetChannel().on(q))
        return c.end()

    def s_measure(self, pos, end, out):
        # Scanned by hand: a lazy regex `[^;]*?\s*->` is quadratic on a run of '->'.
        text = self.text
        semi = text.find(";", end)
        arrow = text.find("->", end, semi) if semi >= 0 else -1
        if arrow < 0:
            raise self.error("expected 'measure qubit -> bit;'", end)
        src_pos = _WS.match(text, end).end()
        dst_pos = _WS.match(text, arrow + 2).end()
        src = self._qubits(text[src_pos:arrow], src_pos)
        dst = self._bits(text[dst_pos:semi], dst_pos)
        self._measure(src, dst, src_pos, out)
        return semi + 1

    def measure3(self, word, m, a, out):
        name_pos = m.start()
        target = word + (f"[{a.group('index')}]" if a.group("index") else "")
        dst = self._bits(target, name_pos)
        src_text = a.group("src")
        src = self._qubits(src_text, a.start("src") + len(src_text) - len(src_text.lstrip()))
        self._measure(src, dst, name_pos, out)
        return a.end()

    def _measure(self, src, dst, pos, out):
        if len(src) != len(dst):
            raise self.error(f"measure maps {len(src)} qubit(s) to {len(dst)} bit(s)", pos)
        for q, key in zip(src, dst):
            out.append(cirq.MeasurementGate(1, key).on(q))

    def _bits(self, arg: str, apos: int) -> list[str]:
        am = _ARG.match(arg)
        if not am:
            raise self.error(f"expected a classical bit like c[0] or a register, found "
                             f"{clip(arg.strip())!r}", apos)
        name = am.group("name")
        size = self.cregs.get(name)
        if size is None:
            what = "a quantum register" if name in self.qregs else "undeclared"
            raise self.error(f"classical register {clip(name)!r} is {what}", apos)
        idx = am.group("index")
        if idx is None:
            return [f"{name}_{i}" for i in range(size)]
        if _num(idx) >= size:
            raise self.error(f"index {clip(idx)} is out of range for creg {clip(name)}[{size}]", apos)
        return [f"{name}_{int(idx)}"]

    def s_if(self, pos, end, out):
        m = _IF.match(self.text, end)
        if not m:
            raise self.error("expected '(creg == integer)' after if", end)
        reg = m.group("reg")
        if reg not in self.cregs:
            raise self.error(f"classical register {clip(reg)!r} is undeclared", m.start("reg"))
        size = self.cregs[reg]
        raw = m.group("value")
        value = {"true": 1, "false": 0}.get(raw)
        value = _num(raw) if value is None else value
        if m.group("index") is not None:
            i = _num(m.group("index"))
            if i >= size:
                raise self.error(f"index {clip(m.group('index'))} is out of range for creg "
                                 f"{clip(reg)}[{size}]", m.start("index"))
            if value > 1:
                raise self.error("a single bit compares with 0 or 1", m.start("value"))
            conds = [_bit_equals(f"{reg}_{i}", value)]
        else:
            if value.bit_length() > size:
                raise self.error(f"{clip(raw)} does not fit in creg {clip(reg)}[{size}]",
                                 m.start("value"))
            # One sympy condition per bit: checked against the limit before any is built.
            self._check_limit("condition_bits", size, f"if ({clip(reg)} == ...)", m.start("reg"))
            conds = [_bit_equals(f"{reg}_{i}", (value >> i) & 1) for i in range(size)]
        p = _WS.match(self.text, m.end()).end()
        inner: list = []
        if p < len(self.text) and self.text[p] == "{":
            p += 1
            while True:
                p = _WS.match(self.text, p).end()
                if p >= len(self.text):
                    raise self.error("expected '}' to close the if block", p)
                if self.text[p] == "}":
                    p += 1
                    break
                p = self.statement(p, inner)
        else:
            p = self.statement(p, inner)
        for op in inner:
            if cirq.is_measurement(op):
                raise self.error("a measurement under 'if' is not supported", pos)
            out.append(cirq.ClassicallyControlledOperation(op, conds))
        return p


_PRELUDE_GATES: dict[str, _GateDef] = {}


def _prelude_gates() -> dict[str, _GateDef]:
    """The gates qelib1.inc defines by a circuit, parsed once per process.

    Definitions are never modified after parsing (expansions are cached per reader), so
    every reader can share them; re-parsing them cost most of the time of a small file.
    """
    if not _PRELUDE_GATES:
        sub = _Reader(PRELUDE, "<qtool prelude>")
        sub._statements()
        _PRELUDE_GATES.update(sub.gates)
    return _PRELUDE_GATES


def earliest_circuit(ops: list[cirq.Operation]) -> cirq.Circuit:
    """Pack operations into moments as cirq's EARLIEST strategy does, in one linear pass.

    cirq.Circuit(ops) does the same but costs several times more on 100k-gate files.
    An operation goes after the last moment that touches its qubits, after the measurement
    of any key it reads, and after every reader of any key it writes.
    """
    qubit_next: dict = {}
    key_next: dict = {}
    moments: list[list[cirq.Operation]] = []
    for op in ops:
        at = 0
        for q in op.qubits:
            t = qubit_next.get(q, 0)
            if t > at:
                at = t
        keys = ()
        if not isinstance(op, cirq.GateOperation) or isinstance(op.gate, cirq.MeasurementGate):
            keys = cirq.measurement_key_objs(op) | cirq.control_keys(op)
            for k in keys:
                t = key_next.get(k, 0)
                if t > at:
                    at = t
        if at == len(moments):
            moments.append([op])
        else:
            moments[at].append(op)
        for q in op.qubits:
            qubit_next[q] = at + 1
        for k in keys:
            key_next[k] = max(key_next.get(k, 0), at + 1)
    built = [cirq.Moment.from_ops(*m) for m in moments]
    return cirq.Circuit.from_moments(*built)  # the public route: no re-placement of ops


_ARGS = re.compile(r"\s*+(?P<args>[^;{}]*+);")


class _Call:
    """What _CALL's match gives (groups params and args), for parameters nested deeper."""

    def __init__(self, params_span, args_match):
        self._params, self._args = params_span, args_match

    def group(self, name):
        if name == "params":
            return self._text[self._params[0]:self._params[1]]
        return self._args.group("args")

    def start(self, name=None):
        if name == "params":
            return self._params[0]
        if name == "args":
            return self._args.start("args")
        return self._params[0] - 1

    def end(self):
        return self._args.end()


def _match_call(text: str, pos: int):
    """`(params) args;` at pos: the regex for the common case, a balanced scan for params
    nested more than one level (`rx(sin((-1)^0.5)) q;`), linear either way."""
    c = _CALL.match(text, pos)
    if c is not None and (c.group("params") is not None or not c.group("args").startswith("(")):
        return c
    open_at = _WS.match(text, pos).end()
    if open_at >= len(text) or text[open_at] != "(":
        return c
    depth, i, n = 0, open_at, len(text)
    while i < n:
        ch = text[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                break
        elif ch in ";{}":
            return c
        i += 1
    else:
        return c
    a = _ARGS.match(text, i + 1)
    if a is None:
        return None
    call = _Call((open_at + 1, i), a)
    call._text = text
    return call


_ZERO_ONE = (sympy.Integer(0), sympy.Integer(1))


def _bit_equals(key: str, value: int) -> sympy.Basic:
    """`key == value` for one bit; evaluate=False makes it ~10x cheaper and compares equal."""
    return sympy.Eq(sympy.Symbol(key), _ZERO_ONE[value], evaluate=False)


def _control_count(mods) -> int:
    return sum(v for k, v in mods if k in ("ctrl", "negctrl"))


def _cis(theta: float) -> complex:
    import cmath

    return cmath.exp(1j * theta)


def _split_top(text: str) -> list[str]:
    """Split on commas outside parentheses."""
    parts, depth, last = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(text[last:i])
            last = i + 1
    parts.append(text[last:])
    return parts


_HANDLERS = {
    "OPENQASM": _Reader.s_version,
    "include": _Reader.s_include,
    "qreg": _Reader.s_qreg,
    "creg": _Reader.s_creg,
    "qubit": _Reader.s_qubit,
    "bit": _Reader.s_bit,
    "gate": _Reader.s_gate,
    "opaque": _Reader.s_opaque,
    "barrier": _Reader.s_barrier,
    "reset": _Reader.s_reset,
    "measure": _Reader.s_measure,
    "if": _Reader.s_if,
    "input": _Reader.s_input,
}


def parse_program(text: str, filename: str = "<string>",
                  params: dict[str, float] | None = None, *, keep_gates: bool = False) -> Program:
    """Parse OpenQASM text into a Program (circuit plus registers in declaration order).

    `params` binds free parameters: OpenQASM 3 `input float[64] NAME;` declarations and
    names an OpenQASM 2 program uses without defining (each must be used, or it is an error).
    `keep_gates` (the editor's): each call of a user `gate` stays one
    qtool.qasm.usergate.UserGate operation instead of its expansion.
    """
    if not text.strip():
        raise QasmError("empty input, expected an OpenQASM program", filename, 1, 1, "")
    # The reader allocates one small container per operation and moment and frees none of
    # them: cyclic GC passes find nothing to collect and slow the parse of big files.
    with gc_paused():
        reader = _Reader(text, filename, params, keep_gates)
        program = reader.run()
    unused = sorted(set(reader.params) - reader.used_params - set(reader.inputs))
    if unused:
        raise QtoolError(f"{filename}: the circuit has no parameter {unused[0]!r} (it uses "
                         f"{', '.join(sorted(reader.used_params | set(reader.inputs))) or 'none'})")
    return program


def parse(text: str, filename: str = "<string>") -> cirq.Circuit:
    """Parse OpenQASM text into a cirq.Circuit; raises QasmError on bad input."""
    return parse_program(text, filename).circuit


def load_program(source) -> Program:
    """Read a path, or '-' for stdin, and parse it."""
    text, name = read_text(source)
    return parse_program(text, name)


def load(source) -> cirq.Circuit:
    """Read a path, or '-' for stdin, into a cirq.Circuit."""
    return load_program(source).circuit
