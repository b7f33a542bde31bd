"""Verification, part one: does a generated circuit parse and simulate, and is it new?

Validity is measured with the same reader every other qtool command uses and with qsim,
never with KetGPT's own tokenizer, so it is an independent check of the constrained sampler.
Novelty compares canonical fingerprints (the token sequence without the family condition)
with those of the training circuits, which the checkpoint stores.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Iterable, Sequence

import cirq

MAX_SIM_QUBITS = 20


def parse_qasm(text: str, filename: str = "<generated>") -> cirq.Circuit:
    """Parse with qtool's reader: the one every other command uses."""
    from qtool.qasm import parse

    return parse(text, filename)


def simulate(circuit: cirq.Circuit):
    """Final state on qsim, through qtool.sim (one thread: circuits here are small)."""
    from qtool.sim import SimOptions, final_state

    return final_state(circuit, SimOptions(threads=1))


def fingerprint(num_qubits: int, statements: Iterable) -> str:
    """A short hash of a circuit's content: qubit count and its statements, angles rounded
    to the tokenizer's grid so a copy is a copy whatever the float noise."""
    h = hashlib.blake2b(digest_size=12)
    h.update(str(num_qubits).encode())
    for name, params, qubits in statements:
        h.update(f"|{name}({','.join(f'{p:.6f}' for p in params)}){qubits}".encode())
    return h.hexdigest()


@dataclass
class ValidityReport:
    total: int = 0
    parsed: int = 0
    simulated: int = 0
    too_large: int = 0          # > MAX_SIM_QUBITS: parsed but not simulated
    novel: int = 0
    distinct: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def valid(self) -> int:
        """Parsed, and simulated unless too large to (those count as valid once parsed)."""
        return self.simulated + self.too_large

    def as_dict(self) -> dict:
        t = max(self.total, 1)
        return {"total": self.total, "parsed": self.parsed, "simulated": self.simulated,
                "not_simulated_too_large": self.too_large, "valid": self.valid,
                "valid_fraction": self.valid / t, "parse_fraction": self.parsed / t,
                "novel_fraction": self.novel / t, "distinct_fraction": self.distinct / t,
                "errors": self.errors[:10]}


@dataclass(frozen=True)
class CircuitCheck:
    """What validity learns of one circuit (a picklable record: circuits can be checked on
    workers of qtool.batch and the records combined in order)."""

    parsed: bool
    too_large: bool = False
    simulated: bool = False
    error: str | None = None
    fingerprint: str | None = None


def check_circuit(k: int, text: str, simulate_circuits: bool = True) -> CircuitCheck:
    """Parse circuit number `k`, simulate it on qsim (<= 20 qubits), fingerprint it."""
    from qtool.ketgpt.convert import circuit_statements

    try:
        circuit = parse_qasm(text, f"<generated {k}>")
    except Exception as exc:  # noqa: BLE001 - any failure is an invalid circuit
        return CircuitCheck(False, error=f"circuit {k}: parse: {str(exc).splitlines()[0]}")
    n = declared_qubits(text)
    too_large, simulated, error = n > MAX_SIM_QUBITS, False, None
    if too_large:
        pass
    elif simulate_circuits:
        try:
            state = simulate(circuit)
            if abs(float((abs(state) ** 2).sum()) - 1.0) > 1e-3:
                raise ValueError("state is not normalised")
            simulated = True
        except Exception as exc:  # noqa: BLE001
            error = f"circuit {k}: simulate: {exc}"
    else:
        simulated = True  # simulation switched off: parsing is the whole check
    try:
        fp = fingerprint(*circuit_statements(circuit, n))  # as text_fingerprint does
    except Exception:  # noqa: BLE001 - e.g. classically controlled gates: compare text
        fp = hashlib.blake2b(text.encode(), digest_size=12).hexdigest()
    return CircuitCheck(True, too_large, simulated, error, fp)


def check_chunk(start: int, texts: Sequence[str], simulate_circuits: bool = True) -> list[CircuitCheck]:
    """check_circuit of texts numbered from `start`: one task of a batch."""
    return [check_circuit(start + i, t, simulate_circuits) for i, t in enumerate(texts)]


def combine(checks: Sequence[CircuitCheck],
            training: set[str] | frozenset[str] = frozenset()) -> ValidityReport:
    """The report of circuits checked one by one (in their order)."""
    rep = ValidityReport(total=len(checks))
    seen: set[str] = set()
    for c in checks:
        if c.error is not None:
            rep.errors.append(c.error)
        if not c.parsed:
            continue
        rep.parsed += 1
        rep.too_large += c.too_large
        rep.simulated += c.simulated
        rep.novel += c.fingerprint not in training
        if c.fingerprint not in seen:
            rep.distinct += 1
            seen.add(c.fingerprint)
    return rep


def check_validity(texts: Sequence[str], training: set[str] | frozenset[str] = frozenset(),
                   simulate_circuits: bool = True) -> ValidityReport:
    """Parse every text with qtool's reader, simulate it on qsim (<= 20 qubits), and count
    the novel (fingerprint not in `training`) and mutually distinct ones."""
    return combine(check_chunk(0, texts, simulate_circuits), training)


def declared_qubits(text: str) -> int:
    """Qubits a program declares (idle ones included), from its qreg lines."""
    import re

    return sum(int(m) for m in re.findall(r"qreg\s+\w+\s*\[\s*(\d+)\s*\]", text))


def text_fingerprint(text: str) -> str:
    """The fingerprint of QASM text, read back with qtool's reader: the one canonical route,
    used for training circuits and generated ones alike."""
    from qtool.ketgpt.convert import circuit_statements

    return fingerprint(*circuit_statements(parse_qasm(text), declared_qubits(text)))
