"""Size limits on what qtool reads, checked before anything is allocated.

A small hostile file (`qreg q[999999999];`, `creg c[300000];`, /dev/zero on stdin) must not
take minutes or gigabytes. Every reader checks the sizes it is about to build against these
limits first. The defaults are far above real circuits (a distance-100 surface code has
20k qubits); a user who needs more raises one with `qtool --limit NAME=VALUE ...` or the
environment variable `QTOOL_LIMIT_<NAME>`, which child processes and the TUI inherit.
"""

from __future__ import annotations

import os

from qtool.errors import QtoolError

# name -> (default, what one unit is, for messages)
DEFAULTS: dict[str, tuple[int, str]] = {
    "qubits": (100_000, "qubits"),
    "clbits": (1_000_000, "classical bits"),
    "gates": (5_000_000, "operations"),
    "input_bytes": (256 * 1024 * 1024, "bytes of input"),
    # `if (c == n)` builds one sympy condition per bit of c: 300,000 of them took 29 s.
    "condition_bits": (4096, "classical bits in one condition"),
}


class LimitError(QtoolError):
    """An input larger than a documented limit (exit 2); the message says how to raise it."""

    def __init__(self, name: str, value: int, what: str):
        self.name, self.value = name, value
        super().__init__(
            f"{what}: {value} {DEFAULTS[name][1]} is over the limit of {get(name)} "
            f"(raise it with `qtool --limit {name}=N` or {env_name(name)}=N)"
        )


def env_name(name: str) -> str:
    return f"QTOOL_LIMIT_{name.upper()}"


def get(name: str) -> int:
    """The limit in force for `name`: the environment's override, else the default."""
    default = DEFAULTS[name][0]
    raw = os.environ.get(env_name(name), "")
    try:
        value = int(raw)
    except ValueError:
        return default
    return value if value > 0 else default


def check(name: str, value: int, what: str) -> None:
    """Raise LimitError if `value` exceeds the limit `name`; `what` names the thing measured."""
    if value > get(name):
        raise LimitError(name, value, what)


def set_limit(spec: str) -> None:
    """Apply one `NAME=VALUE` override for this process and its children."""
    name, sep, raw = spec.partition("=")
    name = name.strip().lower().replace("-", "_")
    if not sep or name not in DEFAULTS:
        raise QtoolError(f"--limit {spec!r}: expected NAME=VALUE with NAME one of {', '.join(DEFAULTS)}")
    try:
        value = int(raw.replace("_", ""))
    except ValueError:
        value = 0
    if value <= 0:
        raise QtoolError(f"--limit {spec!r}: expected a positive whole number after '='")
    os.environ[env_name(name)] = str(value)
