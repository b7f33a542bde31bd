"""Undo/redo as a list of immutable grid snapshots (cheap: unchanged columns are shared).

    >>> h = History("a")
    >>> h.push("b"); h.undo(), h.redo()
    ('a', 'b')
"""

from __future__ import annotations

from typing import Generic, TypeVar

T = TypeVar("T")


class History(Generic[T]):
    """A current value with `limit` steps of undo and the redo that an undo leaves."""

    def __init__(self, initial: T, limit: int = 1000):
        self.current = initial
        self.limit = limit
        self._undo: list[T] = []
        self._redo: list[T] = []

    def push(self, value: T) -> None:
        """Make `value` current; it clears redo, as in every editor."""
        self._undo.append(self.current)
        if len(self._undo) > self.limit:
            del self._undo[0]
        self._redo.clear()
        self.current = value

    def undo(self) -> T | None:
        """Step back; None (and nothing changes) when there is nothing to undo."""
        return self._step(self._undo, self._redo)

    def redo(self) -> T | None:
        """Step forward again; None when there is nothing to redo."""
        return self._step(self._redo, self._undo)

    def _step(self, source: list[T], other: list[T]) -> T | None:
        if not source:
            return None
        other.append(self.current)
        self.current = source.pop()
        return self.current
