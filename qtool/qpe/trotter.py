"""Controlled (Trotterized) evolution U = exp(i pi) exp(i T (H - c_0)) as cirq operations.

A product formula is a sequence of (Pauli string, angle) factors exp(i angle P), applied
first to last. Order 1: K repetitions of prod_k exp(i c_k P_k T/K); order 2 (symmetric
Strang splitting): K repetitions of the forward half-steps then the reversed half-steps,
with equal neighbouring factors merged. steps = 0 means exact evolution (one matrix gate).

Each factor exp(i a P) becomes: basis change to Z (H for X, Rx(pi/2) for Y), a CNOT ladder
onto the last qubit of P, exp(i a Z) = Rz(-2a) there, and the ladder and basis change undone.
Only the Rz needs the ancilla as control (the rest cancels when the control is off), and a
controlled Rz(b) is Rz(b/2), CNOT, Rz(-b/2), CNOT. The identity term and the pi offset become
one phase gate on the ancilla.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from qtool.qpe.models.base import Model, PauliString, pauli_matrix


def product_formula(model: Model, time: float, steps: int, order: int) -> list[tuple[PauliString, float]]:
    """The factors (P, a) whose ordered product of exp(i a P) approximates exp(i T (H - c_0))."""
    if steps < 1:
        raise ValueError("a product formula needs at least one step")
    if order not in (1, 2):
        raise ValueError("Trotter order must be 1 or 2")
    terms = model.pauli_terms
    tau = time / steps
    if order == 1:
        one = [(p, c * tau) for p, c in terms]
    else:
        half = [(p, c * tau / 2) for p, c in terms]
        one = half + half[::-1]
    return _merge(one * steps)


def _merge(factors):
    out: list[tuple[PauliString, float]] = []
    for p, a in factors:
        if out and out[-1][0] == p:
            out[-1] = (p, out[-1][1] + a)
        else:
            out.append((p, a))
    return out


@dataclass(frozen=True)
class Evolution:
    """One application of U = exp(i pi) exp(i T (H - center)) for `model`.

    `steps` Trotter steps (0 = exact evolution) of `order` 1 or 2. With a PhaseWindow's
    time and center, an eigenvalue E of H becomes the phase window.phase(E).
    """

    model: Model
    time: float
    center: float
    steps: int = 1
    order: int = 2

    @classmethod
    def for_window(cls, model: Model, window, steps: int = 1, order: int = 2) -> "Evolution":
        return cls(model, window.time, window.center, steps, order)

    @property
    def phase_offset(self) -> float:
        """The scalar phase (radians) of U: the pi shift and the identity term relative to center."""
        return math.pi + self.time * (self.model.identity_coefficient - self.center)

    def factors(self) -> list[tuple[PauliString, float]]:
        return product_formula(self.model, self.time, self.steps, self.order)

    def unitary(self, power: int = 1) -> np.ndarray:
        """numpy reference of U**power (independent of the circuit construction)."""
        n = self.model.n_qubits
        dim = 2**n
        if self.steps == 0:
            from scipy.linalg import expm

            h = self.model.matrix() - self.model.identity_coefficient * np.eye(dim)
            u = expm(1j * self.time * h)
        else:
            u = np.eye(dim, dtype=complex)
            for p, a in self.factors():
                u = (math.cos(a) * np.eye(dim) + 1j * math.sin(a) * pauli_matrix(p, n)) @ u
        return np.exp(1j * power * self.phase_offset) * np.linalg.matrix_power(u, power)

    def controlled_power(self, control, system, power: int) -> list:
        """Operations applying U**power to `system` when `control` is |1>."""
        import cirq

        ops = [cirq.ZPowGate(exponent=(power * self.phase_offset / math.pi) % 2.0).on(control)]
        if self.steps == 0:
            gate = cirq.MatrixGate(self._system_unitary_without_offset(power))
            ops.append(gate.on(*system).controlled_by(control))
            return ops
        factors = self.factors()
        for _ in range(power):
            for p, a in factors:
                ops.extend(pauli_rotation(p, a, system, control))
        return cancel_adjacent_inverses(ops)

    def _system_unitary_without_offset(self, power: int) -> np.ndarray:
        return np.exp(-1j * power * self.phase_offset) * self.unitary(power)


def pauli_rotation(pauli: PauliString, angle: float, system, control=None) -> list:
    """exp(i angle P) on `system` qubits (controlled by `control` if given), as cirq gates."""
    import cirq

    qubits = [system[q] for q, _ in pauli]
    pre, post = [], []
    for (q, kind), qubit in zip(pauli, qubits):
        if kind == "X":
            pre.append(cirq.H(qubit))
            post.append(cirq.H(qubit))
        elif kind == "Y":
            pre.append(cirq.rx(math.pi / 2).on(qubit))
            post.append(cirq.rx(-math.pi / 2).on(qubit))
    ladder = [cirq.CNOT(a, b) for a, b in zip(qubits, qubits[1:])]
    target = qubits[-1]
    if control is None:
        core = [cirq.rz(-2 * angle).on(target)]
    else:
        core = [cirq.rz(-angle).on(target), cirq.CNOT(control, target),
                cirq.rz(angle).on(target), cirq.CNOT(control, target)]
    return pre + ladder + core + ladder[::-1] + post


def cancel_adjacent_inverses(ops: list) -> list:
    """Drop pairs of operations that undo each other with nothing between them on their qubits.

    Consecutive Pauli rotations undo and redo the same basis change and CNOT ladder
    (H then H, CNOT then CNOT); removing those pairs keeps the unitary and shortens the
    circuit. One pass with a stack per qubit, cascading (a removal can expose another pair).
    """
    import cirq

    out: list = []
    last: dict = {}  # qubit -> index into `out` of the latest live op on it
    alive: list[bool] = []
    for op in ops:
        idx = {last.get(q) for q in op.qubits}
        if len(idx) == 1 and None not in idx:
            j = idx.pop()
            prev = out[j]
            if set(prev.qubits) == set(op.qubits) and prev == cirq.inverse(op, None):
                alive[j] = False
                for q in op.qubits:
                    last[q] = _previous_live(out, alive, j, q)
                continue
        out.append(op)
        alive.append(True)
        for q in op.qubits:
            last[q] = len(out) - 1
    return [op for op, keep in zip(out, alive) if keep]


def _previous_live(out, alive, j, qubit):
    for i in range(j - 1, -1, -1):
        if alive[i] and qubit in out[i].qubits:
            return i
    return None
