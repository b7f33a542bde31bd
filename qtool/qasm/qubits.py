"""Qubits that remember their OpenQASM register, index and declaration order.

A file declaring `qreg q[2]; qreg anc[1];` gives qubits named q_0, q_1, anc_0. cirq sorts
NamedQubits by name, which would put anc_0 first; these sort by declaration order instead,
so `sorted(circuit.all_qubits())`, cirq's default qubit order and qsim's all agree with the
file: the first declared qubit is the leftmost character of every bitstring.
"""

from __future__ import annotations

import weakref

import cirq


class RegisterQubit(cirq.NamedQubit):
    """A cirq.NamedQubit `f"{register}_{index}"` ordered by (register rank, index)."""

    _cache = weakref.WeakValueDictionary()

    def __new__(cls, register: str, index: int, rank: int = 0) -> "RegisterQubit":
        key = (register, index, rank)
        inst = cls._cache.get(key)
        if inst is None:
            inst = cirq.ops.raw_types.Qid.__new__(cls)
            inst._name = f"{register}_{index}"
            inst.register = register
            inst.index = index
            inst.rank = rank
            # A string key, so comparing with plain NamedQubits never raises.
            inst._comp_key = f"\x00{rank:06d}:{index:09d}"
            cls._cache[key] = inst
        return inst

    def __getnewargs__(self):
        return (self.register, self.index, self.rank)

    def __repr__(self) -> str:
        return f"qtool.RegisterQubit({self.register!r}, {self.index}, {self.rank})"


def register_of(qubit: cirq.Qid) -> tuple[str, int] | None:
    """(register, index) of a qubit if it names one, else None."""
    if isinstance(qubit, RegisterQubit):
        return qubit.register, qubit.index
    return None
