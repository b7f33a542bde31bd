"""Devices: which physical qubits exist and which pairs can run a two-qubit gate.

A device is parsed from a short spec (`line:N`, `ring:N`, `grid:RxC`, `heavy-hex:D`, `all`)
or a JSON file. Physical qubits are numbered as the device defines them, and routed output
uses those numbers as indices of one register `q`:

- `line:N`, `ring:N`: 0..N-1 along the chain (a ring also couples N-1 with 0).
- `grid:RxC`: row-major, qubit (r, c) is r*C + c; neighbours share a row or a column.
- `heavy-hex:D` (D odd >= 3, (5D^2 - 2D - 1)/2 qubits, IBM's heavy-hex lattice of code
  distance D): numbered row by row, top to bottom, left to right. Rows alternate between
  data rows (D data qubits, with a bridge qubit between some neighbours) and flag rows (one
  flag qubit below each data qubit, with a bridge qubit between some neighbouring flags);
  the bridges alternate sides so that the lattice tiles into heavy hexagons.
- a JSON file: `{"qubits": N, "coupling": [[0, 1], [1, 2], ...]}` or just the coupling list;
  qubits are 0..N-1 (N defaults to the largest index + 1). Direction is ignored.
- `all`: every pair is coupled; nothing is routed and qubits keep their names.
"""

from __future__ import annotations

import json
import re
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from qtool.errors import QtoolError

MAX_DEVICE_QUBITS = 10_000


@dataclass(frozen=True)
class Device:
    """A coupling graph on qubits 0..n-1, or `all` (n is None: no constraint)."""

    name: str
    n: int | None
    edges: tuple[tuple[int, int], ...] = ()
    _adj: tuple[tuple[int, ...], ...] = field(default=(), compare=False, repr=False)

    @property
    def fully_connected(self) -> bool:
        return self.n is None

    def neighbours(self, q: int) -> tuple[int, ...]:
        return self._adj[q]

    def coupled(self, a: int, b: int) -> bool:
        return self.n is None or b in self._adj[a]

    def distances(self) -> list[list[int]]:
        """All-pairs shortest path lengths (BFS); unreachable pairs are a large number."""
        far = 10 * (self.n or 1) + 10
        rows = []
        for s in range(self.n):
            dist = [far] * self.n
            dist[s] = 0
            todo = deque([s])
            while todo:
                u = todo.popleft()
                for v in self._adj[u]:
                    if dist[v] == far:
                        dist[v] = dist[u] + 1
                        todo.append(v)
            rows.append(dist)
        return rows

    def to_json(self) -> dict:
        return {"name": self.name, "qubits": self.n, "coupling": [list(e) for e in self.edges]}


def make_device(name: str, n: int, edges) -> Device:
    """Build a device from an edge list, normalised (a < b, sorted, no duplicates)."""
    clean = set()
    for a, b in edges:
        if a == b:
            raise QtoolError(f"device {name}: coupling [{a}, {b}] joins a qubit to itself")
        if not (0 <= a < n and 0 <= b < n):
            raise QtoolError(f"device {name}: coupling [{a}, {b}] names a qubit outside 0..{n - 1}")
        clean.add((min(a, b), max(a, b)))
    adj = [[] for _ in range(n)]
    for a, b in sorted(clean):
        adj[a].append(b)
        adj[b].append(a)
    return Device(name, n, tuple(sorted(clean)), tuple(tuple(x) for x in adj))


ALL = Device("all", None)


def line(n: int) -> Device:
    return make_device(f"line:{n}", n, [(i, i + 1) for i in range(n - 1)])


def ring(n: int) -> Device:
    edges = [(i, i + 1) for i in range(n - 1)] + ([(n - 1, 0)] if n > 2 else [])
    return make_device(f"ring:{n}", n, edges)


def grid(rows: int, cols: int) -> Device:
    edges = []
    for r in range(rows):
        for c in range(cols):
            q = r * cols + c
            if c + 1 < cols:
                edges.append((q, q + 1))
            if r + 1 < rows:
                edges.append((q, q + cols))
    return make_device(f"grid:{rows}x{cols}", rows * cols, edges)


def heavy_hex(d: int) -> Device:
    """IBM's heavy-hex lattice of code distance d, numbered row by row (see module doc)."""
    if d < 3 or d % 2 == 0:
        raise QtoolError(f"heavy-hex distance must be an odd number >= 3, got {d}")
    edges: list[tuple[int, int]] = []
    n = 0
    prev: list[int] | None = None
    for r in range(2 * d - 1):
        parity = _bridge_parity(r, d)
        main: list[int] = []
        for c in range(d):
            q = n
            n += 1
            if main and (c - 1) % 2 == parity:
                edges.append((n - 2, q))  # the bridge just numbered, to this qubit
            main.append(q)
            if c + 1 < d and c % 2 == parity:
                edges.append((q, n))  # this qubit to the bridge numbered next
                n += 1
        if prev is not None:
            edges.extend(zip(prev, main))
        prev = main
    return make_device(f"heavy-hex:{d}", n, edges)


def _bridge_parity(r: int, d: int) -> int | None:
    """Which columns c get a bridge to c+1 in row r (c % 2 == parity), or None for no bridge.

    The top and bottom data rows carry the boundary bridges; flag rows alternate, so that
    consecutive rows of bridges interleave into hexagons.
    """
    if r == 0:
        return 0
    if r == 2 * d - 2:
        return 1
    if r % 2 == 0:
        return None
    return ((r - 1) // 2 + 1) % 2


_SPEC = re.compile(r"^(line|ring|grid|heavy-hex):(.+)$")


def parse_device(spec: str) -> Device:
    """A device from a spec string or a JSON file path; QtoolError says what was expected."""
    spec = spec.strip()
    if spec in ("", "all"):
        return ALL
    m = _SPEC.match(spec)
    if m:
        kind, arg = m.groups()
        if kind == "grid":
            g = re.fullmatch(r"(\d+)x(\d+)", arg)
            if not g:
                raise QtoolError(f"device {spec!r}: expected grid:RxC, for example grid:4x4")
            rows, cols = int(g.group(1)), int(g.group(2))
            _check_size(spec, rows * cols, rows >= 1 and cols >= 1)
            return grid(rows, cols)
        if not arg.isdigit():
            raise QtoolError(f"device {spec!r}: expected {kind}:N with a whole number N")
        k = int(arg)
        if kind == "heavy-hex":
            if k < 3 or k % 2 == 0 or k > 99:
                raise QtoolError(f"device {spec!r}: heavy-hex distance must be odd, 3..99")
            return heavy_hex(k)
        _check_size(spec, k, k >= 1)
        return line(k) if kind == "line" else ring(k)
    path = Path(spec)
    if path.suffix.lower() == ".json" or path.exists():
        return load_device_file(path)
    raise QtoolError(
        f"unknown device {spec!r}: expected all, line:N, ring:N, grid:RxC, heavy-hex:D "
        "or a JSON coupling file"
    )


def _check_size(spec: str, n: int, ok: bool) -> None:
    if not ok or n > MAX_DEVICE_QUBITS:
        raise QtoolError(f"device {spec!r}: size must be 1..{MAX_DEVICE_QUBITS} qubits")


def load_device_file(path: Path) -> Device:
    """Read `{"qubits": N, "coupling": [[a, b], ...]}` (or a bare coupling list).

    Anything else (not JSON, nested too deeply, wrong types, negative or unknown qubit
    numbers) is a QtoolError naming the file and what was expected (exit 2)."""
    if not path.exists():
        raise QtoolError(f"device file {path}: no such file")
    try:
        text = path.read_text(encoding="utf-8")
        doc = json.loads(text)
    except (OSError, UnicodeDecodeError) as exc:
        raise QtoolError(f"device file {path}: cannot read: {exc}") from None
    except json.JSONDecodeError as exc:
        raise QtoolError(f"device file {path}: not JSON (line {exc.lineno}, column {exc.colno}: "
                         f"{exc.msg})") from None
    except RecursionError:
        raise QtoolError(f"device file {path}: JSON nested too deeply; expected "
                         "{\"qubits\": N, \"coupling\": [[a, b], ...]}") from None
    n = None
    if isinstance(doc, dict):
        coupling = doc.get("coupling", doc.get("coupling_map", doc.get("edges")))
        n = doc.get("qubits", doc.get("num_qubits"))
        if coupling is None:
            raise QtoolError(f"device file {path}: expected a \"coupling\" list of [a, b] pairs")
    elif isinstance(doc, list):
        coupling = doc
    else:
        raise QtoolError(f"device file {path}: expected a JSON object "
                         "{\"qubits\": N, \"coupling\": [[a, b], ...]} or a list of [a, b] pairs, "
                         f"got {type(doc).__name__ if doc is not None else 'null'}")
    if not isinstance(coupling, list):
        raise QtoolError(f"device file {path}: \"coupling\" must be a list of [a, b] pairs")
    for k, e in enumerate(coupling):
        if not (isinstance(e, list) and len(e) == 2 and all(type(x) is int for x in e)):
            raise QtoolError(f"device file {path}: coupling entry {k} is {_short(e)}; expected "
                             "[a, b] pairs of whole qubit numbers")
        if min(e) < 0:
            raise QtoolError(f"device file {path}: coupling entry {k} is {_short(e)}; qubit "
                             "numbers must be >= 0")
        if e[0] == e[1]:
            raise QtoolError(f"device file {path}: coupling entry {k} is {_short(e)}; a "
                             "coupling joins two different qubits")
    top = max((max(e) for e in coupling), default=-1) + 1
    if n is None:
        n = top
        if n < 1:
            raise QtoolError(f"device file {path}: the coupling list is empty; give \"qubits\": N "
                             "for a device without couplings")
    if type(n) is not int or n < 1 or n > MAX_DEVICE_QUBITS:
        raise QtoolError(f"device file {path}: \"qubits\" must be a whole number "
                         f"1..{MAX_DEVICE_QUBITS}, got {_short(n)}")
    for k, e in enumerate(coupling):
        if max(e) >= n:
            raise QtoolError(f"device file {path}: coupling entry {k} is {_short(e)}, but the "
                             f"device has qubits 0..{n - 1} (\"qubits\": {n})")
    return make_device(path.name, n, [tuple(e) for e in coupling])


def _short(value) -> str:
    """A JSON value as the user wrote it, cut to a readable length."""
    try:
        text = json.dumps(value)
    except (TypeError, ValueError, RecursionError):
        text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
