"""Is this text stim's circuit format? Decided from the first instruction, without stim.

OpenQASM starts with `OPENQASM`, `include`, a comment `//` or a lowercase declaration;
cirq JSON with `{`. Stim instructions are upper-case gate names (`H 0`, `CX 0 1`,
`DEPOLARIZE1(0.01) 0`, `REPEAT 10 {`, `TICK`), and its comments start with `#`.
"""

from __future__ import annotations

import re

_INSTRUCTION = re.compile(r"[A-Z][A-Z0-9_]*(\(|\s|$)")


def looks_like_stim(text: str) -> bool:
    """True when the first instruction of `text` (after blank and `#` lines) is upper case
    and is not OpenQASM's `OPENQASM` header."""
    pos = 0
    while pos < len(text):  # line by line, without splitting a large file
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        line, pos = text[pos:end].strip(), end + 1
        if not line or line.startswith("#"):
            continue
        if line.startswith("OPENQASM"):
            return False
        return bool(_INSTRUCTION.match(line))
    return False
