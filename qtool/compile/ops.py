"""Small helpers every pass shares: which operations are unitary, their matrices, and the
basis each one is diagonal in (for commutation), all cheap enough for 10k-gate circuits.

Passes work on flat lists of cirq operations (one pass over the list each), and rebuild a
cirq.Circuit only at the end: building moments after every pass is what makes cirq's stock
pipelines slow on large circuits.
"""

from __future__ import annotations

import cirq
import numpy as np

from qtool.gates import BarrierGate

ATOL = 1e-9

_UNITARY_CACHE: dict = {}


def is_unitary_op(op: cirq.Operation) -> bool:
    """True for gates with a unitary; False for measurements, resets, barriers, classically
    controlled and other operations that passes must treat as fixed fences."""
    gate = op.gate
    if gate is None:
        return False
    kind = type(gate)
    known = _UNITARY_TYPES.get(kind)
    if known is not None and type(op) is cirq.GateOperation:
        return known
    if op.classical_controls or kind is BarrierGate:
        return False
    if known is None:
        if cirq.is_parameterized(gate):
            return False
        known = bool(cirq.has_unitary(gate))
        _UNITARY_TYPES[kind] = known
    return known


# Gate classes seen to be unitary (has_unitary is slow and the same for a whole class of
# numeric gates; circuits with symbols are refused before compiling).
_UNITARY_TYPES: dict = {cirq.MeasurementGate: False, cirq.ResetChannel: False}
for _kind in (cirq.XPowGate, cirq.YPowGate, cirq.ZPowGate, cirq.HPowGate, cirq.CXPowGate,
              cirq.CZPowGate, cirq.SwapPowGate, cirq.PhasedXZGate, cirq.Rx, cirq.Ry, cirq.Rz,
              cirq.PhasedXPowGate, cirq.ISwapPowGate, cirq.MatrixGate):
    _UNITARY_TYPES[_kind] = True
# cirq.X etc. are instances of private subclasses: registered on first sight.


# Gate object -> (the gate, its value), by identity: hashing a cirq gate computes its
# value-equality tuple each time (~20 us), and the passes ask about the same gate objects
# again and again. The entry holds the gate, so its id cannot be reused while cached.
_BY_ID: dict = {}
_LABELS_BY_ID: dict = {}


def _by_id(cache: dict, gate):
    hit = cache.get(id(gate))
    if hit is not None and hit[0] is gate:
        return hit[1]
    return None


def _remember(cache: dict, gate, value) -> None:
    if len(cache) > 100_000:
        cache.clear()
    cache[id(gate)] = (gate, value)


def unitary(op: cirq.Operation) -> np.ndarray:
    """The matrix of a unitary operation's gate, cached per gate (gates are immutable)."""
    gate = op.gate
    m = _by_id(_BY_ID, gate)
    if m is not None:
        return m
    m = _unitary(gate)
    _remember(_BY_ID, gate, m)
    return m


def _unitary(gate) -> np.ndarray:
    if type(gate) is cirq.PhasedXZGate and (_numbers(
            gate.x_exponent, gate.z_exponent, gate.axis_phase_exponent)
            or not cirq.is_parameterized(gate)):
        # A closed form of the raw exponents: the same bits for equal keys, so no shared
        # cache (hashing a new gate's value tuple cost more than the formula; merge_1q makes
        # a new PhasedXZ per merged run).
        return _phxz_matrix(gate)
    key = _cache_key(gate)
    try:
        m = _UNITARY_CACHE.get(key)
    except TypeError:  # unhashable gate parameters
        return cirq.unitary(gate)
    if m is None:
        m = _phxz_matrix(gate) if type(gate) is cirq.PhasedXZGate else cirq.unitary(gate)
        if len(_UNITARY_CACHE) > 100_000:
            _UNITARY_CACHE.clear()
        _UNITARY_CACHE[key] = m
    return m


_RAW_PARAMETERS = ("exponent", "x_exponent", "z_exponent", "axis_phase_exponent", "phase_exponent")


def _cache_key(gate: cirq.Gate) -> tuple:
    """The gate with its raw parameters: cirq calls Z**0.25 and Z**2.25 equal (exponents are
    compared modulo the period), yet their matrices differ in the last bits, so a key of the
    gate alone made compiled angles depend on which circuits a process had compiled before
    (167 of 200 corpus outputs were identical between 1 and 2 workers)."""
    return (gate, *(getattr(gate, name, None) for name in _RAW_PARAMETERS))


_NUMBER_TYPES = (float, int, np.float64)


def _numbers(*values) -> bool:
    """All plain Python/float64 numbers: then cirq.is_parameterized is false, known without
    the protocol's dispatch (seconds at 100k gates); other types ask cirq."""
    return all(type(v) in _NUMBER_TYPES for v in values)


def _phxz_matrix(g: cirq.PhasedXZGate) -> np.ndarray:
    """Z^z Z^a X^x Z^-a in closed form (cirq's protocol path is several times slower)."""
    x, z, a = g.x_exponent, g.z_exponent, g.axis_phase_exponent
    if not _numbers(x, z, a) and cirq.is_parameterized(g):
        return cirq.unitary(g)
    h = np.pi * x / 2
    g_ = np.exp(1j * h)
    c, s = g_ * np.cos(h), -1j * g_ * np.sin(h)
    pa, pz = np.exp(1j * np.pi * a), np.exp(1j * np.pi * z)
    # Z^a X Z^-a = [[c, s e^{-ia}], [s e^{ia}, c]]; then Z^z multiplies row 1 by e^{iz}.
    return np.array([[c, s / pa], [pz * s * pa, pz * c]], dtype=complex)


def count_2q(ops) -> int:
    """Two-qubit unitary operations (the figure compilers are compared on)."""
    from qtool.compile import ir

    if ir.in_session():
        return ir.count_2q(ops)
    return sum(1 for op in ops if len(op.qubits) == 2 and is_unitary_op(op))


def diagonal_labels(op: cirq.Operation):
    """Per-qubit basis ('Z' or 'X') in which `op` is diagonal, or None if it is not.

    Two operations commute when, on every qubit they share, both are diagonal in the same
    basis: then both are diagonal in one product basis of the shared qubits. CNOT is
    diagonal in Z on its control and in X on its target; CZ and phases are Z on both.
    """
    gate = op.gate
    if not is_unitary_op(op):
        return None
    hit = _LABELS_BY_ID.get(id(gate))
    if hit is not None and hit[0] is gate:
        return hit[1]
    labels = _diagonal_labels(op, gate)
    _remember(_LABELS_BY_ID, gate, labels)
    return labels


def _diagonal_labels(op, gate):
    n = len(op.qubits)
    if isinstance(gate, cirq.CXPowGate):
        return ("Z", "X") if gate.exponent % 2 == 1 else None
    if n == 1:
        m = unitary(op)
        if abs(m[0, 1]) < ATOL and abs(m[1, 0]) < ATOL:
            return ("Z",)
        if abs(m[0, 0] - m[1, 1]) < ATOL and abs(m[0, 1] - m[1, 0]) < ATOL:
            return ("X",)
        return None
    if isinstance(gate, (cirq.CZPowGate, cirq.ZZPowGate, cirq.ZPowGate)) or (
        n <= 3 and _is_diagonal(unitary(op))
    ):
        return ("Z",) * n
    return None


def _is_diagonal(m: np.ndarray) -> bool:
    return bool(np.allclose(m, np.diag(np.diag(m)), atol=ATOL))


def commutes(labels_a, qubits_a, labels_b, qubits_b) -> bool:
    """Sufficient test: same diagonal basis on every shared qubit (see diagonal_labels)."""
    # Tuples of one to three qubits: a scan beats building sets and dicts (a hot path).
    for x, q in enumerate(qubits_a):
        if q in qubits_b:
            if labels_a is None or labels_b is None:
                return False
            if labels_a[x] != labels_b[qubits_b.index(q)]:
                return False
    return True


def is_identity_up_to_phase(m: np.ndarray, atol: float = 1e-8) -> bool:
    phase = m[0, 0]
    if abs(abs(phase) - 1) > atol:
        return False
    if m.shape[0] == 2:
        return abs(m[0, 1]) < atol and abs(m[1, 0]) < atol and abs(m[1, 1] - phase) < atol
    return float(np.max(np.abs(m - phase * np.eye(m.shape[0])))) < atol
