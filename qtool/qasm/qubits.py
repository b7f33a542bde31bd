"""Qubits that remember their OpenQASM register, index and declaration order.

A file declaring `qreg q[2]; qreg anc[1];` gives qubits named q_0, q_1, anc_0. cirq sorts
NamedQubits by name, which would put anc_0 first; these sort by declaration order instead,
so `sorted(circuit.all_qubits())`, cirq's default qubit order and qsim's all agree with the
file: the first declared qubit is the leftmost character of every bitstring.

Built on cirq's public Qid interface only (`_comparison_key` and `dimension`), so a cirq
release that reorganises NamedQubit's internals does not break it.
"""

from __future__ import annotations

import weakref

import cirq


class RegisterQubit(cirq.Qid):
    """A qubit `f"{register}_{index}"` ordered by (register rank, index)."""

    _cache: "weakref.WeakValueDictionary[tuple, RegisterQubit]" = weakref.WeakValueDictionary()

    def __new__(cls, register: str, index: int, rank: int = 0) -> "RegisterQubit":
        # One object per qubit: a parse of a large file creates each qubit once.
        key = (register, index, rank)
        inst = cls._cache.get(key)
        if inst is None:
            inst = super().__new__(cls)
            inst.register = register
            inst.index = index
            inst.rank = rank
            inst._key = (rank, index, register)
            cls._cache[key] = inst
        return inst

    def __init__(self, register: str, index: int, rank: int = 0) -> None:
        pass  # everything is set once, in __new__

    def __getnewargs__(self):
        return (self.register, self.index, self.rank)

    def _comparison_key(self):
        return self._key

    # cirq.Qid's __eq__ builds (type name, repr(type), key, dimension) for both sides: ~10 us
    # a comparison, and the compiler compares qubits millions of times. Same answer, fast.
    def __eq__(self, other):
        if type(other) is type(self):
            return self._key == other._key
        return super().__eq__(other)

    def __ne__(self, other):
        if type(other) is type(self):
            return self._key != other._key
        return super().__ne__(other)

    __hash__ = cirq.Qid.__hash__

    @property
    def dimension(self) -> int:
        return 2

    @property
    def name(self) -> str:
        return f"{self.register}_{self.index}"

    def __str__(self) -> str:
        return self.name

    def __repr__(self) -> str:
        return f"qtool.RegisterQubit({self.register!r}, {self.index}, {self.rank})"


def register_of(qubit: cirq.Qid) -> tuple[str, int] | None:
    """(register, index) of a qubit if it names one, else None."""
    if isinstance(qubit, RegisterQubit):
        return qubit.register, qubit.index
    return None
