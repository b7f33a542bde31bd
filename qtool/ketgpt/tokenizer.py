"""KetGPT's structured tokenizer: circuits as short sentences of gate, angles and qubits.

Apak et al. gave every whole QASM line its own token (a ~35k-line vocabulary), so their model
could only ever repeat lines it had seen. Here a statement is spelled out of small parts:

    <bos> n:5 f:qft  g:h q:0  g:cp a:1/2 q:1 q:0  ...  <eos>

- `n:N` (qubit count) and `f:FAMILY` (or `f:*`, any family) are the condition a user sets;
- `g:NAME` is a gate of a fixed arity and parameter count (GATES);
- `a:...` is one quantized angle: an exact multiple of pi/2^K, a tiny pi/2^k (QFT's
  angles), or one of ANGLE_BINS uniform bins in (-2pi, 2pi] for anything else;
- `q:I` is a qubit index and `<eos>` ends the circuit. A statement ends after its gate's
  last qubit: every gate has a fixed arity, so a `;` token would be fully predictable and
  would only cost a decoding step per statement (a quarter of all tokens). Tokenizers saved
  before this change (`separator: true`) still write and read the `;`.

So a qubit index or angle that never shared a line in training is still one token away.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Iterable, Sequence

from qtool.errors import QtoolError

# name: (number of angle parameters, number of qubits). The `indep` gate set of the algorithm
# library plus the qelib1 gates real files use most; anything else is decomposed into these.
GATES: dict[str, tuple[int, int]] = {
    "x": (0, 1), "y": (0, 1), "z": (0, 1), "h": (0, 1), "s": (0, 1), "sdg": (0, 1),
    "t": (0, 1), "tdg": (0, 1), "sx": (0, 1), "sxdg": (0, 1),
    "rx": (1, 1), "ry": (1, 1), "rz": (1, 1), "p": (1, 1), "u2": (2, 1), "u3": (3, 1),
    "cx": (0, 2), "cy": (0, 2), "cz": (0, 2), "ch": (0, 2), "swap": (0, 2),
    "crx": (1, 2), "cry": (1, 2), "crz": (1, 2), "cp": (1, 2),
    "rxx": (1, 2), "ryy": (1, 2), "rzz": (1, 2),
    "ccx": (0, 3), "cswap": (0, 3),
}
MAX_PARAMS = max(p for p, _ in GATES.values())
MAX_ARITY = max(q for _, q in GATES.values())

PAD, BOS, EOS, SEP = "<pad>", "<bos>", "<eos>", ";"
ANY_FAMILY = "*"
TWO_PI = 2 * math.pi

Statement = tuple  # (gate name, tuple of angles in radians, tuple of qubit indices)


@dataclass(frozen=True)
class Tokenizer:
    """The vocabulary and the text <-> token mapping. Fully determined by its fields.

    max_qubits: largest qubit count (and qubit index + 1) the vocabulary can name.
    families: family names that can be asked for (`f:NAME`), besides `*`.
    angle_k: exact angles are multiples of pi/2^angle_k in (-2pi, 2pi].
    tiny_k: +-pi/2^k for angle_k < k <= tiny_k are exact too (deep QFT rotations).
    angle_bins: uniform bins for every other angle in (-2pi, 2pi].
    separator: end each statement with a `;` token (the first shipped model's format).
    """

    max_qubits: int = 32
    families: tuple[str, ...] = ()
    angle_k: int = 5
    tiny_k: int = 30
    angle_bins: int = 256
    separator: bool = False
    vocab: tuple[str, ...] = field(init=False, repr=False, compare=False)
    index: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        words = [PAD, BOS, EOS, SEP]
        words += [f"n:{n}" for n in range(1, self.max_qubits + 1)]
        words += [f"f:{f}" for f in (ANY_FAMILY, *self.families)]
        words += [f"g:{g}" for g in GATES]
        words += [f"q:{i}" for i in range(self.max_qubits)]
        words += [f"a:{w}" for w in self._angle_words()]
        object.__setattr__(self, "vocab", tuple(words))
        object.__setattr__(self, "index", {w: i for i, w in enumerate(words)})

    # ------------------------------------------------------------------ config
    def to_dict(self) -> dict:
        return {"max_qubits": self.max_qubits, "families": list(self.families),
                "angle_k": self.angle_k, "tiny_k": self.tiny_k, "angle_bins": self.angle_bins,
                "separator": self.separator}

    @classmethod
    def from_dict(cls, d: dict) -> "Tokenizer":
        return cls(max_qubits=d["max_qubits"], families=tuple(d["families"]),
                   angle_k=d["angle_k"], tiny_k=d["tiny_k"], angle_bins=d["angle_bins"],
                   separator=d.get("separator", True))

    def __len__(self) -> int:
        return len(self.vocab)

    def id(self, word: str) -> int:
        return self.index[word]

    # ------------------------------------------------------------------ angles
    def _angle_words(self) -> list[str]:
        top = 2 ** (self.angle_k + 1)
        words = [f"{m}/{2 ** self.angle_k}" for m in range(-top + 1, top + 1)]
        for k in range(self.angle_k + 1, self.tiny_k + 1):
            words += [f"1/{2 ** k}", f"-1/{2 ** k}"]
        words += [f"b{i}" for i in range(self.angle_bins)]
        return words

    def angle_word(self, theta: float) -> str:
        """The angle token (without `a:`) for theta, reduced mod 4pi into (-2pi, 2pi].

        Every standard gate is 4pi-periodic in each angle, so the reduction keeps the unitary.
        """
        if not math.isfinite(theta):
            raise QtoolError(f"angle {theta} is not a finite number")
        t = math.remainder(theta, 2 * TWO_PI)
        if t <= -TWO_PI + 1e-12:
            t += 2 * TWO_PI
        den = 2 ** self.angle_k
        m = t * den / math.pi
        if abs(m - round(m)) < 1e-6:
            m = round(m)
            if m == -2 * den:
                m = 2 * den
            return f"{m}/{den}"
        for k in range(self.angle_k + 1, self.tiny_k + 1):
            if abs(abs(t) - math.pi / 2 ** k) < 1e-9 * math.pi / 2 ** k + 1e-15:
                return f"{'-' if t < 0 else ''}1/{2 ** k}"
        width = 2 * TWO_PI / self.angle_bins
        i = min(self.angle_bins - 1, max(0, int((t + TWO_PI) // width)))
        return f"b{i}"

    def angle_value(self, word: str) -> float:
        """The angle (radians) a token stands for: exact, or its bin's centre."""
        if word.startswith("b"):
            width = 2 * TWO_PI / self.angle_bins
            return -TWO_PI + (int(word[1:]) + 0.5) * width
        num, den = word.split("/")
        return math.pi * int(num) / int(den)

    def angle_qasm(self, word: str) -> str:
        """The angle as an OpenQASM expression: `pi/4`, `-3*pi/8`, `0.123456`."""
        if word.startswith("b"):
            return f"{self.angle_value(word):.6f}"
        num, den = word.split("/")
        frac = Fraction(int(num), int(den))
        if frac == 0:
            return "0"
        sign = "-" if frac < 0 else ""
        n, d = abs(frac.numerator), frac.denominator
        head = "pi" if n == 1 else f"{n}*pi"
        return f"{sign}{head}" if d == 1 else f"{sign}{head}/{d}"

    # ------------------------------------------------------------------ encode / decode
    def encode(self, num_qubits: int, statements: Iterable[Statement],
               family: str | None = None) -> list[int]:
        """Token ids for one circuit, from <bos> to <eos>."""
        ids = self.prompt(num_qubits, family)
        for name, params, qubits in statements:
            ids.append(self.index[f"g:{name}"])
            ids += [self.index[f"a:{self.angle_word(p)}"] for p in params]
            ids += [self.index[f"q:{q}"] for q in qubits]
            if self.separator:
                ids.append(self.index[SEP])
        ids.append(self.index[EOS])
        return ids

    def prompt(self, num_qubits: int, family: str | None = None) -> list[int]:
        """The condition every circuit starts with: <bos> n:N f:FAMILY."""
        if not 1 <= num_qubits <= self.max_qubits:
            raise QtoolError(f"qubit count {num_qubits} is outside 1..{self.max_qubits} "
                             "that this model knows")
        fam = ANY_FAMILY if family is None else family
        if f"f:{fam}" not in self.index:
            known = ", ".join(self.families) or "(none)"
            raise QtoolError(f"unknown family {family!r}; this model knows: {known}")
        return [self.index[BOS], self.index[f"n:{num_qubits}"], self.index[f"f:{fam}"]]

    def decode(self, ids: Sequence[int]) -> tuple[int, str | None, list[Statement]]:
        """(qubit count, family or None, statements) of a token sequence.

        Stops at <eos>; a statement cut off before its `;` is dropped. Raises QtoolError for
        a sequence that does not follow the grammar.
        """
        words = [self.vocab[i] for i in ids]
        if len(words) < 3 or words[0] != BOS or not words[1].startswith("n:") \
                or not words[2].startswith("f:"):
            raise QtoolError("token sequence does not start with <bos> n:N f:FAMILY")
        n = int(words[1][2:])
        fam = words[2][2:]
        statements: list[Statement] = []
        i = 3
        while i < len(words) and words[i] not in (EOS, PAD):
            w = words[i]
            if not w.startswith("g:"):
                raise QtoolError(f"expected a gate at token {i}, found {w!r}")
            name = w[2:]
            n_params, arity = GATES[name]
            end = i + 1 + n_params + arity     # one past the last qubit
            if end + self.separator > len(words):
                break  # cut off mid-statement
            params = [words[j] for j in range(i + 1, i + 1 + n_params)]
            qwords = [words[j] for j in range(i + 1 + n_params, end)]
            if not all(p.startswith("a:") for p in params) or not all(q.startswith("q:") for q in qwords) \
                    or (self.separator and words[end] != SEP):
                raise QtoolError(f"malformed statement for gate {name!r} at token {i}")
            qubits = tuple(int(q[2:]) for q in qwords)
            if len(set(qubits)) != len(qubits) or max(qubits) >= n:
                raise QtoolError(f"gate {name!r} at token {i} names qubits {qubits} on {n} qubits")
            statements.append((name, tuple(self.angle_value(p[2:]) for p in params), qubits))
            i = end + self.separator
        return n, (None if fam == ANY_FAMILY else fam), statements

    def decode_qasm(self, ids: Sequence[int]) -> str:
        """OpenQASM 2.0 text of a token sequence (angles written as exact expressions)."""
        words = [self.vocab[i] for i in ids]
        n, _, statements = self.decode(ids)
        # Re-read the angle words so exact angles are written exactly, not as floats.
        exprs: list[list[str]] = []
        i = 3
        for name, params, _q in statements:
            exprs.append([self.angle_qasm(words[i + 1 + j][2:]) for j in range(len(params))])
            i += 1 + len(params) + GATES[name][1] + self.separator
        return statements_to_qasm(n, statements, exprs)


def statements_to_qasm(num_qubits: int, statements: Sequence[Statement],
                       angle_exprs: Sequence[Sequence[str]] | None = None) -> str:
    """OpenQASM 2.0 text: one register q, no classical bits (the circuit is unitary).

    Gates are spelled as the OpenQASM 2.0 paper's qelib1.inc spells them (`u1`, `cu1`), and
    the ones it lacks (`swap`, `sx`, `rzz`, ...) are defined before use, so strict readers
    (Qiskit's qasm2 with strict=True) read every generated file.
    """
    from qtool.qasm.writer import qasm2_definitions, qasm2_spelling

    names = [qasm2_spelling(name) for name, _p, _q in statements]
    lines = ["OPENQASM 2.0;", 'include "qelib1.inc";', *qasm2_definitions(dict.fromkeys(names)),
             f"qreg q[{num_qubits}];"]
    for k, ((_n, params, qubits), name) in enumerate(zip(statements, names)):
        args = ",".join(f"q[{q}]" for q in qubits)
        if params:
            exprs = angle_exprs[k] if angle_exprs is not None else [repr(float(p)) for p in params]
            lines.append(f"{name}({','.join(exprs)}) {args};")
        else:
            lines.append(f"{name} {args};")
    return "\n".join(lines) + "\n"
