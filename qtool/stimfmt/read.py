"""Stim's circuit format -> a stim.Circuit, and from it cirq operations on demand.

`parse_stim` only parses (stim's own parser) and reads qtool's `# qtool:` header comments;
`to_cirq` converts to cirq when a command needs cirq (draw, info, convert to OpenQASM).
qtool's Clifford engine samples the stim circuit itself, so simulating a distance-100
surface code never builds millions of cirq operations.

What cirq and OpenQASM have no words for (DETECTOR, OBSERVABLE_INCLUDE, multi-qubit Pauli
measurements, correlated errors, sweep bits) stays in the stim circuit; `to_cirq` raises
NotStimError naming it when asked to express it. QUBIT_COORDS and SHIFT_COORDS (layout
hints) are left out of the cirq form; TICKs become moment boundaries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import cirq
import numpy as np
import stim

from qtool.errors import QtoolError
from qtool.stimfmt.convert import NotStimError

HEADER = re.compile(r"^#\s*qtool:\s*(qregs|cregs|records)\s+(.*)$", re.MULTILINE)
_REG = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\[([0-9]+)\]")
_ANNOTATIONS = {"DETECTOR", "OBSERVABLE_INCLUDE"}
_LAYOUT = {"QUBIT_COORDS", "SHIFT_COORDS", "TICK"}


@dataclass
class StimRead:
    """A parsed stim file: the circuit, the registers, and what only stim can say."""

    circuit: stim.Circuit
    qregs: dict[str, int]
    cregs: dict[str, int]
    record_bits: list[str]  # the classical bit each measurement record sets
    counts: dict[str, int] = field(default_factory=dict)  # instruction name -> targets

    @property
    def detectors(self) -> int:
        return self.circuit.num_detectors

    @property
    def observables(self) -> int:
        return self.circuit.num_observables

    @property
    def noisy(self) -> bool:
        return any(_is_noise(name) for name in self.counts)

    def inexpressible(self, noise: bool = True) -> list[str]:
        """What OpenQASM cannot say, e.g. ["12 DETECTOR", "1 OBSERVABLE_INCLUDE", "3 X_ERROR"]
        (`noise` False: leave noise channels out, for cirq, which has them)."""
        out = []
        for name in sorted(self.counts):
            if name in _ANNOTATIONS or name in _UNSUPPORTED or (noise and _is_noise(name)):
                out.append(f"{self.counts[name]} {name}")
        return out


def _is_noise(name: str) -> bool:
    """A noise channel (X_ERROR, DEPOLARIZE2, ...), not a measurement that may take a flip
    probability (M(0.01) is noisy in stim's tables)."""
    if name in _ANNOTATIONS or name in _LAYOUT:
        return False
    data = stim.gate_data(name)
    return data.is_noisy_gate and not data.produces_measurements and not data.is_reset


def _registers(spec: str, filename: str) -> dict[str, int]:
    regs = {}
    for part in spec.split():
        m = _REG.fullmatch(part)
        if not m:
            raise QtoolError(f"{filename}: bad register {part!r} in a '# qtool:' header "
                             "(expected NAME[SIZE])")
        regs[m.group(1)] = int(m.group(2))
    return regs


def parse_stim(text: str, filename: str = "<string>") -> StimRead:
    """Parse stim text; QtoolError (exit 2) with stim's own message for bad input."""
    try:
        circuit = stim.Circuit(text)
    except ValueError as err:
        raise QtoolError(f"{filename}: not a valid stim circuit: {err}") from None
    header = {k: v for k, v in HEADER.findall(text)}
    n = circuit.num_qubits
    qregs = _registers(header["qregs"], filename) if "qregs" in header else {"q": n}
    if sum(qregs.values()) < n:
        raise QtoolError(f"{filename}: the '# qtool: qregs' header declares "
                         f"{sum(qregs.values())} qubits but the circuit uses {n}")
    m = circuit.num_measurements
    if "records" in header:
        bits = header["records"].split()
        if len(bits) != m:
            raise QtoolError(f"{filename}: the '# qtool: records' header names {len(bits)} "
                             f"bits but the circuit makes {m} measurements")
    else:
        bits = [f"c_{i}" for i in range(m)]
    cregs = _registers(header["cregs"], filename) if "cregs" in header else (
        {"c": m} if m and "records" not in header else _cregs_of(bits))
    counts: dict[str, int] = {}
    _count(circuit, counts, 1)
    return StimRead(circuit, qregs, cregs, bits, counts)


def _cregs_of(bits: list[str]) -> dict[str, int]:
    regs: dict[str, int] = {}
    for b in bits:
        m = re.fullmatch(r"([A-Za-z_][A-Za-z0-9_]*?)_([0-9]+)", b)
        if m:
            regs[m.group(1)] = max(regs.get(m.group(1), 0), int(m.group(2)) + 1)
    return regs


def _count(circuit: stim.Circuit, counts: dict[str, int], times: int) -> None:
    """Instruction counts without flattening REPEAT blocks (a d=100 circuit stays small)."""
    for inst in circuit:
        if isinstance(inst, stim.CircuitRepeatBlock):
            _count(inst.body_copy(), counts, times * inst.repeat_count)
        else:
            counts[inst.name] = counts.get(inst.name, 0) + times


# ---------------------------------------------------------------- stim -> cirq
_Y_HALF = cirq.YPowGate(exponent=0.5)
_DIRECT = {
    "I": cirq.I, "X": cirq.X, "Y": cirq.Y, "Z": cirq.Z, "H": cirq.H, "S": cirq.S,
    "S_DAG": cirq.S ** -1, "SQRT_X": cirq.X ** 0.5, "SQRT_X_DAG": cirq.X ** -0.5,
    "SQRT_Y": _Y_HALF, "SQRT_Y_DAG": _Y_HALF ** -1,
    "CX": cirq.CNOT, "CY": cirq.ControlledGate(cirq.Y), "CZ": cirq.CZ, "SWAP": cirq.SWAP,
    "ISWAP": cirq.ISWAP, "SQRT_XX": cirq.XX ** 0.5, "SQRT_XX_DAG": cirq.XX ** -0.5,
    "SQRT_YY": cirq.YY ** 0.5, "SQRT_YY_DAG": cirq.YY ** -0.5, "SQRT_ZZ": cirq.ZZ ** 0.5,
    "SQRT_ZZ_DAG": cirq.ZZ ** -0.5,
}
_UNSUPPORTED = {"MPP", "MXX", "MYY", "MZZ", "SPP", "SPP_DAG", "MPAD", "E", "CORRELATED_ERROR",
                "ELSE_CORRELATED_ERROR", "HERALDED_ERASE", "HERALDED_PAULI_CHANNEL_1",
                "I_ERROR", "II_ERROR"}
_templates: dict[str, list] = {}


def _template(name: str) -> list:
    """[(cirq gate, slots)] making stim's unitary gate `name` (up to global phase)."""
    if name in _templates:
        return _templates[name]
    data = stim.gate_data(name)
    width = 2 if data.is_two_qubit_gate else 1
    if name in _DIRECT:
        out = [(_DIRECT[name], tuple(range(width)))]
    else:  # the other Cliffords (C_XYZ, H_YZ, XCZ, ISWAP_DAG, ...) by stim's H/S/CX synthesis
        out = []
        for inst in data.tableau.to_circuit():
            ts = [t.value for t in inst.targets_copy()]
            w = 2 if stim.gate_data(inst.name).is_two_qubit_gate else 1
            for i in range(0, len(ts), w):
                out.extend((g, tuple(ts[i + s] for s in slots))
                           for g, slots in _template(inst.name))
    _templates[name] = out
    return out


def _basis(name: str) -> str:
    """The basis of a measurement or reset: MX, MRX, RX -> X; M, MR, R, MZ -> Z."""
    return name[-1] if name[-1] in "XYZ" else "Z"


_TO_Z = {"X": [cirq.H], "Y": [cirq.S ** -1, cirq.H], "Z": []}  # rotate a basis onto Z
_FROM_Z = {"X": [cirq.H], "Y": [cirq.H, cirq.S], "Z": []}


def to_cirq(read: StimRead, qubits: list[cirq.Qid]) -> cirq.Circuit:
    """The cirq form of a parsed stim circuit on `qubits` (stim qubit i -> qubits[i]).

    Measurement record i becomes a measurement with key `read.record_bits[i]`.
    """
    moments: list[cirq.Moment] = []
    segment: list[cirq.Operation] = []
    record = 0
    keys = read.record_bits

    def flush():
        if segment:
            moments.extend(cirq.Circuit(segment).moments)
            segment.clear()

    for inst in read.circuit.flattened():
        name = inst.name
        if name == "TICK":
            flush()
            continue
        if name in _ANNOTATIONS:
            continue
        if name in ("QUBIT_COORDS", "SHIFT_COORDS"):
            continue
        if name in _UNSUPPORTED:
            raise NotStimError(f"stim's {name}", "cirq and OpenQASM have no such operation")
        targets = inst.targets_copy()
        args = inst.gate_args_copy()
        data = stim.gate_data(name)
        if any(t.is_sweep_bit_target for t in targets):
            raise NotStimError(f"{name} on a sweep bit", "cirq and OpenQASM have no sweep bits")
        if data.produces_measurements or data.is_reset:
            basis = _basis(name)
            for t in targets:
                q = qubits[t.value]
                measures = data.produces_measurements
                if measures:
                    segment.extend(g(q) for g in _TO_Z[basis])
                    if args and args[0] > 0:
                        segment.append(cirq.bit_flip(args[0]).on(q))
                    segment.append(cirq.measure(q, key=keys[record],
                                                invert_mask=(True,) if t.is_inverted_result_target else ()))
                    record += 1
                if data.is_reset:
                    segment.append(cirq.ResetChannel().on(q))
                    segment.extend(g(q) for g in _FROM_Z[basis])
                elif measures:
                    segment.extend(g(q) for g in _FROM_Z[basis])
            continue
        if data.is_noisy_gate:
            segment.extend(_noise(name, args, targets, qubits, data))
            continue
        if not data.is_unitary:
            raise NotStimError(f"stim's {name}", "cirq and OpenQASM have no such operation")
        width = 2 if data.is_two_qubit_gate else 1
        for i in range(0, len(targets), width):
            group = targets[i:i + width]
            if any(t.is_measurement_record_target for t in group):
                segment.append(_conditional(name, group, qubits, keys, record))
                continue
            qs = [qubits[t.value] for t in group]
            segment.extend(g.on(*(qs[s] for s in slots)) for g, slots in _template(name))
    flush()
    return cirq.Circuit(moments)


def _conditional(name, group, qubits, keys, record) -> cirq.Operation:
    """`CX rec[-k] q` (also CY, and CZ either way round): a Pauli conditioned on one bit."""
    first = group[0].is_measurement_record_target
    rec, other = group if first else group[::-1]
    if name not in ("CX", "CY", "CZ") or other.is_measurement_record_target or (
            name != "CZ" and not first):
        raise NotStimError(f"stim's {name} on a measurement record",
                           "only CX/CY/CZ controlled by a record are a classical condition")
    pauli = {"CX": cirq.X, "CY": cirq.Y, "CZ": cirq.Z}[name]
    return pauli(qubits[other.value]).with_classical_controls(keys[record + rec.value])


def _noise(name, args, targets, qubits, data) -> list[cirq.Operation]:
    qs = [qubits[t.value] for t in targets]
    if name == "X_ERROR":
        return [cirq.bit_flip(args[0]).on(q) for q in qs]
    if name == "Z_ERROR":
        return [cirq.phase_flip(args[0]).on(q) for q in qs]
    if name == "Y_ERROR":
        return [cirq.asymmetric_depolarize(p_y=args[0]).on(q) for q in qs]
    if name == "DEPOLARIZE1":
        return [cirq.depolarize(args[0]).on(q) for q in qs]
    if name == "PAULI_CHANNEL_1":
        return [cirq.asymmetric_depolarize(*args).on(q) for q in qs]
    if name == "DEPOLARIZE2":
        return [cirq.depolarize(args[0], n_qubits=2).on(qs[i], qs[i + 1])
                for i in range(0, len(qs), 2)]
    if name == "PAULI_CHANNEL_2":
        names = [a + b for a in "IXYZ" for b in "IXYZ"][1:]
        probs = {n: p for n, p in zip(names, args) if p}
        probs["II"] = max(0.0, 1.0 - float(np.sum(args)))
        channel = cirq.asymmetric_depolarize(error_probabilities=probs)
        return [channel.on(qs[i], qs[i + 1]) for i in range(0, len(qs), 2)]
    raise NotStimError(f"stim's {name}", "cirq and OpenQASM have no such noise channel")
