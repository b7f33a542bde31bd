"""cirq circuit -> stim circuit, recognising Clifford operations exactly.

A gate is Clifford when its unitary equals a Clifford's up to global phase within
qtool.gates.ATOL (the tolerance `classify` names gates with): rz(pi/2), u3(pi/2, 0, pi) and
rxx(pi/2) are Clifford, rz(pi/2 + 1e-6) is not. Named gates go through `classify` (H, S, CX,
...); any other gate on one or two qubits is checked through its matrix, with stim's
tableau as the candidate and the comparison redone here at ATOL (stim itself accepts
matrices that are only 1e-7 close). Plans are cached per gate, so a million-gate circuit
pays the check once per distinct gate.

Besides unitaries stim runs measurements (with inverted bits), resets, Pauli noise
(bit/phase flips, depolarizing, asymmetric depolarizing) and Paulis conditioned on one
measured bit. A condition on a bit nothing has measured yet reads 0, as in OpenQASM
(qtool.sim.read_unmeasured_bits_as_zero states the rule for cirq's side).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cirq
import numpy as np
import stim
import sympy

from qtool.errors import QtoolError
from qtool.gates import ATOL, classify, is_barrier

# classify's names that are one stim gate exactly (1q names up to phase, as classify's are)
_NAMED = {"x": "X", "y": "Y", "z": "Z", "h": "H", "s": "S", "sdg": "S_DAG", "sx": "SQRT_X",
          "sxdg": "SQRT_X_DAG", "cx": "CX", "cy": "CY", "cz": "CZ", "swap": "SWAP"}
_SKIP = {"id", "barrier"}
# Never Clifford: no need to build their 8x8 matrices.
_NON_CLIFFORD = {"t", "tdg", "ccx", "ccz", "cswap", "c3x", "c4x", "csx", "ch"}
# Two-qubit stim gates tried by name before a generic decomposition (clearer output).
_NAMED_2Q = ("CX", "CY", "CZ", "SWAP", "ISWAP", "ISWAP_DAG", "SQRT_XX", "SQRT_XX_DAG", "SQRT_YY",
             "SQRT_YY_DAG", "SQRT_ZZ", "SQRT_ZZ_DAG", "XCX", "XCY", "XCZ", "YCX", "YCY", "YCZ",
             "CXSWAP", "SWAPCX", "CZSWAP")
_CONDITIONAL = {"x": "CX", "y": "CY", "z": "CZ"}


class NotStimError(QtoolError):
    """An operation stim cannot run or stim's format cannot say; `what` names it."""

    def __init__(self, what: str, why: str):
        self.what, self.why = what, why
        super().__init__(f"{what}: {why}")


@dataclass
class StimForm:
    """A stim circuit and how its measurement records map to qtool's classical bits.

    `last_records[key]` lists, for the last measurement of `key`, its record index per
    measured qubit (a later measurement of the same bit overrides an earlier one, as when
    OpenQASM measures into c[0] twice). `record_bits[i]` names the bit record i sets.
    """

    circuit: stim.Circuit
    num_qubits: int
    record_bits: list[str] = field(default_factory=list)
    last_records: dict[str, list[int]] = field(default_factory=dict)


def _same_up_to_phase(u: np.ndarray, v: np.ndarray) -> bool:
    k = np.unravel_index(np.argmax(np.abs(v)), v.shape)
    phase = u[k] / v[k]
    return abs(abs(phase) - 1) < ATOL and np.allclose(u, phase * v, atol=ATOL, rtol=0)


# The real and imaginary parts of a one- or two-qubit Clifford's entries (with stim's phase
# convention) are among these; stim returns them in single precision, snapped back here.
_PARTS = np.array([0.0, 0.5 / np.sqrt(2), 0.5, 1 / np.sqrt(2), 1.0])


def _snap(m) -> np.ndarray:
    m = np.asarray(m, dtype=np.complex128)
    out = []
    for part in (m.real, m.imag):
        mag = np.abs(part)
        nearest = _PARTS[np.argmin(np.abs(mag[..., None] - _PARTS), axis=-1)]
        out.append(np.where(np.abs(mag - nearest) < 1e-5, np.sign(part) * nearest, part))
    return out[0] + 1j * out[1]


def _tableau_matrix(tableau: stim.Tableau) -> np.ndarray:
    return _snap(tableau.to_unitary_matrix(endian="big"))


def _named_matrices(names):
    return [(name, _tableau_matrix(stim.Tableau.from_named_gate(name))) for name in names]


_ONE_QUBIT = _named_matrices(sorted(g.name for g in stim.gate_data().values()
                                    if g.is_unitary and g.is_single_qubit_gate and g.name != "I"))
_TWO_QUBIT = _named_matrices(_NAMED_2Q)

Plan = list  # [(stim gate name, (slot, ...)), ...]: slots index the operation's qubits
_plans: dict = {}


def _matrix_plan(u: np.ndarray, n: int) -> Plan | None:
    if n == 1:
        if _same_up_to_phase(u, np.eye(2)):
            return []
        for name, m in _ONE_QUBIT:
            if _same_up_to_phase(u, m):
                return [(name, (0,))]
        return None
    if n == 2:
        for name, m in _TWO_QUBIT:
            if _same_up_to_phase(u, m):
                return [(name, (0, 1))]
    try:
        tableau = stim.Tableau.from_unitary_matrix(u, endian="big")
    except ValueError:
        return None
    if not _same_up_to_phase(u, _tableau_matrix(tableau)):
        return None  # stim's own check is looser than ATOL
    plan = []
    for inst in tableau.to_circuit():
        targets = [t.value for t in inst.targets_copy()]
        width = 2 if stim.gate_data(inst.name).is_two_qubit_gate else 1
        for i in range(0, len(targets), width):
            plan.append((inst.name, tuple(targets[i:i + width])))
    return plan


def gate_plan(gate: cirq.Gate) -> Plan | None:
    """The stim gates that make `gate` (up to global phase), or None if it is not Clifford."""
    try:
        return _plans[gate]
    except KeyError:
        pass
    except TypeError:  # unhashable gate: no caching
        return _gate_plan(gate)
    plan = _plans[gate] = _gate_plan(gate)
    return plan


def _gate_plan(gate: cirq.Gate) -> Plan | None:
    named = classify(gate)
    name = named[0] if named else None
    n = cirq.num_qubits(gate)
    if name in _SKIP:
        return []
    if name in _NAMED and not named[1]:
        return [(_NAMED[name], tuple(range(n)))]
    if name in _NON_CLIFFORD or cirq.is_parameterized(gate) or n > 3 or not cirq.has_unitary(gate):
        return None
    return _matrix_plan(cirq.unitary(gate), n)


def _channel(op: cirq.Operation):
    """(stim noise name, args) for a Pauli channel, else None."""
    g = op.gate
    if isinstance(g, cirq.BitFlipChannel):
        return "X_ERROR", [g.p]
    if isinstance(g, cirq.PhaseFlipChannel):
        return "Z_ERROR", [g.p]
    if isinstance(g, cirq.DepolarizingChannel) and g.n_qubits in (1, 2):
        return ("DEPOLARIZE1" if g.n_qubits == 1 else "DEPOLARIZE2"), [g.p]
    if isinstance(g, cirq.AsymmetricDepolarizingChannel):
        probs = g.error_probabilities
        n = cirq.num_qubits(g)
        if n == 1:
            return "PAULI_CHANNEL_1", [probs.get(p, 0.0) for p in "XYZ"]
        if n == 2:
            order = [a + b for a in "IXYZ" for b in "IXYZ"][1:]
            return "PAULI_CHANNEL_2", [probs.get(p, 0.0) for p in order]
    return None


def _decomposition(op: cirq.Operation):
    """The parts of a gate on 3+ qubits with no name, when every part is Clifford."""
    if cirq.num_qubits(op) <= 2 or classify(op.gate) is not None or not cirq.has_unitary(op):
        return None
    try:
        parts = cirq.decompose_once(op, default=None)
    except (TypeError, ValueError):
        return None
    if not parts or not all(p.gate is not None and not cirq.is_measurement(p)
                            and gate_plan(p.gate) is not None for p in parts):
        return None
    return parts


def _describe(op: cirq.Operation) -> str:
    named = classify(op.gate) if op.gate is not None else None
    if named:
        name, angles = named
        text = name + (f"({', '.join(f'{a:.10g}' for a in angles)})" if angles else "")
        return f"{text} on {', '.join(map(str, op.qubits))}"
    return str(op)


class _Lines(list):
    """stim instructions as text lines, with stim.Circuit.append's signature."""

    def append(self, name, targets=(), args=()):
        head = f"{name}({', '.join(repr(float(a)) for a in args)})" if args else name
        super().append(" ".join([head, *map(str, targets)]))

    def build(self) -> stim.Circuit:
        return stim.Circuit("\n".join(self))


class _Builder:
    def __init__(self, qubits):
        self.index = {q: i for i, q in enumerate(qubits)}
        # Instructions as text lines, parsed by stim once at the end: stim.Circuit.append
        # costs ~70 us a call on a growing circuit, text parsing well under 1 us an op.
        self.circuit = _Lines()
        self.records = 0
        self.record_bits: list[str] = []
        self.last: dict[str, list[int]] = {}

    def targets(self, op):
        try:
            return [self.index[q] for q in op.qubits]
        except KeyError as err:
            raise NotStimError(_describe(op), f"qubit {err.args[0]} is not in the qubit list") from None

    def add(self, op: cirq.Operation) -> None:
        if isinstance(op, cirq.ClassicallyControlledOperation):
            return self._conditional(op)
        gate = op.gate
        if isinstance(gate, cirq.MeasurementGate):
            return self._measure(op)
        if isinstance(gate, cirq.ResetChannel):
            self.circuit.append("R", self.targets(op))
            return None
        if gate is None:
            if isinstance(op, cirq.CircuitOperation):
                for sub in op.mapped_circuit(deep=True).all_operations():
                    self.add(sub)
                return None
            raise NotStimError(_describe(op), "stim has no such operation")
        if isinstance(gate, cirq.GlobalPhaseGate) or is_barrier(gate):
            return None
        channel = _channel(op)
        if channel is not None:
            self.circuit.append(channel[0], self.targets(op), channel[1])
            return None
        plan = gate_plan(gate)
        if plan is None:
            parts = _decomposition(op)
            if parts is not None:
                for sub in parts:
                    self.add(sub)
                return None
            why = ("not a Clifford gate (stim runs Clifford gates, whose rotation angles are "
                   "multiples of pi/2)") if cirq.has_unitary(gate) else \
                "a channel stim cannot run (stim runs Pauli noise only)"
            raise NotStimError(_describe(op), why)
        qs = self.targets(op)
        for name, slots in plan:
            self.circuit.append(name, [qs[s] for s in slots])
        return None

    def _measure(self, op: cirq.Operation) -> None:
        gate = op.gate
        if gate.confusion_map:
            raise NotStimError(str(op), "stim measurements have no confusion matrix")
        mask = gate.full_invert_mask()
        qs = self.targets(op)
        self.circuit.append("M", [f"!{q}" if flip else q for q, flip in zip(qs, mask)])
        key = str(gate.key)
        first = self.records
        self.records += len(qs)
        self.last[key] = list(range(first, self.records))
        self.record_bits.extend([key] if len(qs) == 1 else [f"{key}[{i}]" for i in range(len(qs))])

    def _conditional(self, op: cirq.ClassicallyControlledOperation) -> None:
        base = op.without_classical_controls()
        named = classify(base.gate) if base.gate is not None else None
        pauli = _CONDITIONAL.get(named[0]) if named else None
        if pauli is None or len(base.qubits) != 1:
            raise NotStimError(_describe(base) + " under a condition",
                               "stim conditions only Pauli gates (X, Y, Z) on a measured bit")
        measured = []  # (record, wanted value) of conditions on measured bits
        for cond in op.classical_controls:
            for key, want in _bit_tests(cond, op):
                records = self.last.get(key)
                if records is None:
                    if want == 1:  # an unmeasured bit reads 0: the condition is false
                        return None
                    continue
                if len(records) != 1:
                    raise NotStimError(str(op), f"a condition on the multi-bit key {key!r}")
                measured.append((records[0], want))
        if len(measured) > 1:
            raise NotStimError(str(op), "a condition on several measured bits (stim conditions "
                                        "a Pauli on one measurement)")
        q = self.targets(base)[0]
        if not measured:
            self.circuit.append(pauli[1], [q])
            return None
        record, want = measured[0]
        if want == 0:  # P, then P again when the bit is 1: P exactly when the bit is 0
            self.circuit.append(pauli[1], [q])
        self.circuit.append(pauli, [f"rec[{record - self.records}]", q])
        return None


def _bit_tests(cond, op) -> list[tuple[str, int]]:
    """A condition as (bit key, wanted 0/1) tests that must all hold."""
    if isinstance(cond, cirq.KeyCondition):
        return [(str(cond.key), 1)]
    if isinstance(cond, cirq.SympyCondition):
        expr = cond.expr
        terms = expr.args if isinstance(expr, sympy.And) else (expr,)
        out = []
        for term in terms:
            if isinstance(term, sympy.Equality):
                a, b = term.args
                if isinstance(a, sympy.Symbol) and b in (0, 1):
                    out.append((a.name, int(b)))
                    continue
                if isinstance(b, sympy.Symbol) and a in (0, 1):
                    out.append((b.name, int(a)))
                    continue
            raise NotStimError(str(op), f"the condition {term} is not a test of one bit")
        return out
    raise NotStimError(str(op), f"the condition {cond} is not a test of one bit")


def to_stim(circuit: cirq.AbstractCircuit, qubits=None, *, ticks: bool = False) -> StimForm:
    """Convert `circuit` (qubits in `qubits` order, default sorted) to stim, or raise
    NotStimError for the first operation stim cannot run. `ticks` puts a TICK between
    moments (for files people read; sampling does not need them)."""
    order = list(qubits) if qubits is not None else sorted(circuit.all_qubits())
    b = _Builder(order)
    for i, moment in enumerate(circuit):
        if ticks and i:
            b.circuit.append("TICK")
        for op in moment:
            b.add(op)
    return StimForm(b.circuit.build(), len(order), b.record_bits, b.last)


def unsupported_reason(circuit: cirq.AbstractCircuit, qubits=None) -> str | None:
    """Why stim cannot run `circuit` ("t on q_0: not a Clifford gate ..."), or None."""
    try:
        to_stim(circuit, qubits)
    except NotStimError as err:
        return str(err)
    return None


def dumps_stim(form: StimForm, qregs: dict[str, int] | None = None,
               cregs: dict[str, int] | None = None) -> str:
    """Stim text for `form`, with `# qtool:` comments that let qtool's reader restore the
    registers and which classical bit each measurement sets (stim ignores comments)."""
    head = []
    if qregs and (list(qregs) != ["q"] or qregs["q"] != form.circuit.num_qubits):
        head.append("# qtool: qregs " + " ".join(f"{n}[{s}]" for n, s in qregs.items()))
    plain = form.record_bits == [f"c_{i}" for i in range(len(form.record_bits))]
    if cregs and not (plain and cregs == {"c": len(form.record_bits)}):
        head.append("# qtool: cregs " + " ".join(f"{n}[{s}]" for n, s in cregs.items()))
    if form.record_bits and not plain:
        head.append("# qtool: records " + " ".join(form.record_bits))
    body = str(form.circuit)
    return "\n".join(head + ([body] if body else [])) + "\n"


def convert_program_to_stim(program) -> str:
    """Stim text of a parsed program (qtool.qasm.Program, duck-typed: circuit, qubits,
    qregs, cregs); a stim file's own circuit is written back as it was read."""
    read = getattr(program, "stim", None)
    if read is not None:
        last = {b: [i] for i, b in enumerate(read.record_bits)}
        return dumps_stim(StimForm(read.circuit, sum(read.qregs.values()), list(read.record_bits),
                                   last), read.qregs, read.cregs)
    try:
        form = to_stim(program.circuit, program.qubits, ticks=True)
    except NotStimError as err:
        raise QtoolError(f"cannot write this circuit as stim: {err}") from None
    return dumps_stim(form, program.qregs, program.cregs)
