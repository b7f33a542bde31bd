"""The passes' light view of an operation: what they ask of it, read from cirq once.

A compile walks the same operations a dozen times (drop, merge_1q, cancel, gather,
consolidate, eject_z, the two-qubit counts between rounds), and each walk asked cirq again
for `op.qubits`, `op.gate`, whether the op is unitary, its matrix and its diagonal basis,
and hashed cirq qubits into dicts: a microsecond or more each, most of a 10k-gate compile.
`records(ops)` gives one `Rec` per operation instead, with the qubits as small ints (one
table per process, `qubit_index`), and keeps it for as long as the operation lives in the
compile: the same op object, passed on to the next pass, is not read again.

Records are keyed by the operation's id and hold the operation, so an id cannot be reused
while its record is cached; `session()` (the pipeline wraps each compile in one) drops them
all at the end. Outside a session (a pass run on its own) they last for one call.

Passes still take and return lists of cirq operations (their interface and the schedule do
not change); new gates (a resynthesised block, a merged run) get a record when first seen.
"""

from __future__ import annotations

from contextlib import contextmanager
from itertools import compress, repeat
from operator import attrgetter, is_, not_

from qtool.compile.ops import diagonal_labels, is_unitary_op, unitary

MAX_CACHED = 2_000_000
MAX_QUBITS = 100_000

_RECORDS: dict = {}  # id(op) -> Rec (the Rec holds the op)
_QUBITS: dict = {}  # qubit -> int, the same for the life of the process
_MEMOS: dict = {}  # name -> dict, see memo()
_DEPTH = [0]
_OP = attrgetter("op")


class Rec:
    """One operation as the passes see it. `q`: qubit ints; `unitary`: is_unitary_op;
    `labels` and `matrix` computed when first asked for."""

    __slots__ = ("op", "gate", "q", "unitary", "_labels", "_matrix")

    def __init__(self, op):
        self.op = op
        self.gate = op.gate
        index = _QUBITS
        q = []
        for qubit in op.qubits:
            i = index.get(qubit)
            if i is None:
                i = index[qubit] = len(index)
            q.append(i)
        self.q = tuple(q)
        self.unitary = is_unitary_op(op)
        self._labels = False
        self._matrix = None

    @property
    def labels(self):
        """ops.diagonal_labels of the op."""
        if self._labels is False:
            self._labels = diagonal_labels(self.op)
        return self._labels

    @property
    def matrix(self):
        """ops.unitary of the op (unitary ops only)."""
        m = self._matrix
        if m is None:
            m = self._matrix = unitary(self.op)
        return m


class _Miss:
    __slots__ = ("op",)

    def __init__(self):
        self.op = None  # never an operation: a lookup that finds this is a miss


_MISS = _Miss()


def records(ops) -> list[Rec]:
    """One Rec per op, in order (cached per op object)."""
    # Outside a session, records live for this call only (nothing kept alive).
    cache = _RECORDS if _DEPTH[0] else {}
    if len(cache) > MAX_CACHED:
        cache.clear()
    if not isinstance(ops, (list, tuple)):
        ops = list(ops)
    get = cache.get
    # Fast path, every step in C: the passes call this ~100 times per compile on lists
    # whose ops mostly have records already (a Python loop of dict.get was a sixth of a
    # 10k-gate -O3 compile). A hit counts only if the record holds this very op (ids are
    # reused once an op dies).
    out = list(map(get, map(id, ops), repeat(_MISS, len(ops))))
    hit = list(map(is_, map(_OP, out), ops))
    if all(hit):
        return out
    for k in compress(range(len(ops)), map(not_, hit)):
        op = ops[k]
        r = out[k] = Rec(op)
        cache[id(op)] = r
    return out


def record(op) -> Rec:
    return records((op,))[0]


def qubit_index(qubit) -> int:
    """The int that records use for `qubit`."""
    i = _QUBITS.get(qubit)
    if i is None:
        i = _QUBITS[qubit] = len(_QUBITS)
    return i


def count_2q(ops) -> int:
    """Two-qubit unitary operations (ops.count_2q through the records)."""
    return sum(1 for r in records(ops) if r.unitary and len(r.q) == 2)


def memo(name: str) -> dict:
    """A dict for results a pass may reuse within the session (cleared with the records);
    outside a session, a new empty dict each call. Keys made of op ids are safe only if the
    value holds those ops (as records do)."""
    if not _DEPTH[0]:
        return {}
    d = _MEMOS.get(name)
    if d is None:
        d = _MEMOS[name] = {}
    elif len(d) > MAX_CACHED:
        d.clear()
    return d


def in_session() -> bool:
    return _DEPTH[0] > 0


@contextmanager
def session():
    """Cache records for the duration of the block (nests); dropped when the outermost ends,
    so a compile's operations are not kept alive after it."""
    _DEPTH[0] += 1
    try:
        yield
    finally:
        _DEPTH[0] -= 1
        if _DEPTH[0] == 0:
            _RECORDS.clear()
            _MEMOS.clear()
            if len(_QUBITS) > MAX_QUBITS:  # only between compiles: records use the ints
                _QUBITS.clear()
