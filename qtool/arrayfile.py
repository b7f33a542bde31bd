"""Complex arrays from files, for every command that takes a matrix or a state vector.

`.npy` (a complex or real array), or JSON: nested lists whose entries are numbers,
`[re, im]` pairs, `{"re": .., "im": ..}` objects or strings like "0.5-0.5j"; or an object
`{"real": M, "imag": M}` (or one holding the array under "unitary", "state" or "matrix").
Errors are QtoolError naming the file (and line and column for bad JSON). A bottom-layer
module (numpy only): `qtool synth`'s targets and the TUI's custom gates from a matrix both
read through it, and each checks the array for its own use.
"""

from __future__ import annotations

import json

import numpy as np

from qtool.errors import QtoolError


def read_npy(path: str) -> np.ndarray:
    try:
        return np.load(path, allow_pickle=False)
    except (ValueError, OSError, EOFError) as exc:
        raise QtoolError(f"{path}: not a numpy .npy array ({exc})") from None


def _entry(x, name: str):
    if isinstance(x, bool):
        raise QtoolError(f"{name}: entries must be numbers, found {x!r}")
    if isinstance(x, (int, float)):
        return complex(x)
    if isinstance(x, str):
        try:
            return complex(x.replace(" ", "").replace("i", "j"))
        except ValueError:
            raise QtoolError(f"{name}: {x!r} is not a complex number") from None
    if isinstance(x, dict) and set(x) == {"re", "im"}:
        return complex(_entry(x["re"], name).real, _entry(x["im"], name).real)
    if isinstance(x, list) and len(x) == 2 and all(isinstance(v, (int, float)) and
                                                     not isinstance(v, bool) for v in x):
        return complex(x[0], x[1])
    raise QtoolError(f"{name}: cannot read {json.dumps(x)[:60]} as a complex number")


def parse_json(text: str, name: str) -> np.ndarray:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise QtoolError(f"{name}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}") from None
    if isinstance(doc, dict) and set(doc) >= {"real", "imag"}:
        re_, im_ = (_numbers(doc[k], name) for k in ("real", "imag"))
        if re_.shape != im_.shape:
            raise QtoolError(f"{name}: 'real' and 'imag' have different shapes "
                             f"{re_.shape} and {im_.shape}")
        return re_ + 1j * im_
    if isinstance(doc, dict):
        for key in ("unitary", "state", "matrix"):
            if key in doc:
                return parse_json(json.dumps(doc[key]), name)
        raise QtoolError(f"{name}: expected a list of rows, or an object with 'real' and "
                         "'imag' (or 'unitary' / 'state')")
    return _complex_array(doc, name)


def _numbers(x, name: str) -> np.ndarray:
    try:
        return np.asarray(x, dtype=float)
    except (TypeError, ValueError):
        raise QtoolError(f"{name}: expected nested lists of numbers") from None


def _complex_array(doc, name: str) -> np.ndarray:
    if not isinstance(doc, list) or not doc:
        raise QtoolError(f"{name}: expected a non-empty list")
    if all(not isinstance(r, list) or _is_pair(r) for r in doc):
        return np.array([_entry(x, name) for x in doc], dtype=complex)
    rows = [_complex_array(r, name) for r in doc]
    if len({r.shape for r in rows}) != 1:
        raise QtoolError(f"{name}: rows have different lengths")
    return np.stack(rows)


def _is_pair(x) -> bool:
    return isinstance(x, list) and len(x) == 2 and all(
        isinstance(v, (int, float)) and not isinstance(v, bool) for v in x)
