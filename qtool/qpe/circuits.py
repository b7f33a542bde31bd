"""QPE circuits in cirq: textbook (m ancillas + inverse QFT), iterative rounds (one ancilla,
classical feedback) and eigenstate-mode circuits (one ancilla per power, no inverse QFT).

Qubits: ancillas are LineQubit(0..m-1), the system LineQubit(m..m+n-1), so sorted order (the
simulator's bit order) puts the ancillas first with ancilla 0 the most significant bit of j.
Ancilla i controls U**(2**(m-1-i)), so the register holds sum_x e^{2 pi i phi x}|x> before the
inverse QFT and outcome j estimates phi ~ j / 2**m.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from qtool.qpe.trotter import Evolution


MAX_MATRIX_QUBITS = 6  # qsim's largest matrix gate: wider generic states are an initial state


@dataclass
class QpeCircuit:
    circuit: object  # cirq.Circuit
    ancillas: list
    system: list
    initial: np.ndarray | None = None  # the system's input state when it is not prepared by gates

    @property
    def qubits(self) -> list:
        return list(self.ancillas) + list(self.system)

    def initial_state(self) -> np.ndarray | None:
        """The simulator's initial state over `qubits` (ancillas |0>, then the system input), or
        None when the circuit prepares its input itself."""
        if self.initial is None:
            return None
        anc = np.zeros(2 ** len(self.ancillas), dtype=complex)
        anc[0] = 1.0
        return np.kron(anc, self.initial)


def _input(state: np.ndarray, system) -> tuple[list, np.ndarray | None]:
    """(preparation ops, initial state): gates when possible (X gates for a basis state, one
    matrix gate up to MAX_MATRIX_QUBITS), else no gates and the state as the simulator's
    initial state (the exact ground state of a wider molecule; noisy runs refuse it)."""
    state = np.asarray(state, dtype=complex)
    if enters_as_initial_state(state):
        return [], state / np.linalg.norm(state)
    return state_preparation(state, system), None


def enters_as_initial_state(state: np.ndarray) -> bool:
    """True when `state` is given to the simulator as its initial state rather than prepared by
    gates: a generic (non-basis) state wider than MAX_MATRIX_QUBITS. Its circuits then hold no
    preparation at all, and the cost report says so."""
    state = np.asarray(state)
    n = int(round(np.log2(state.size)))
    return n > MAX_MATRIX_QUBITS and np.count_nonzero(np.abs(state) > 1e-12) > 1


def registers(m: int, n: int):
    import cirq

    return cirq.LineQubit.range(m), [cirq.LineQubit(m + i) for i in range(n)]


def state_preparation(state: np.ndarray, system) -> list:
    """Operations taking |0...0> to `state`: X gates for a basis state, else one matrix gate
    whose first column is the state (completed to a unitary by a QR decomposition)."""
    import cirq

    state = np.asarray(state, dtype=complex)
    state = state / np.linalg.norm(state)
    nonzero = np.flatnonzero(np.abs(state) > 1e-12)
    if len(nonzero) == 1:
        index = int(nonzero[0])
        n = len(system)
        return [cirq.X(system[q]) for q in range(n) if (index >> (n - 1 - q)) & 1]
    return [cirq.MatrixGate(completing_unitary(state), name="prep").on(*system)]


def completing_unitary(state: np.ndarray) -> np.ndarray:
    """A unitary V with V|0> = state."""
    dim = len(state)
    q, r = np.linalg.qr(np.column_stack([state, np.eye(dim, dtype=complex)])[:, :dim])
    q[:, 0] *= r[0, 0] / abs(r[0, 0])
    return q


def textbook(evolution: Evolution, m: int, state: np.ndarray, base_power: int = 1) -> QpeCircuit:
    """Prep, H on ancillas, controlled U**(base_power * 2**k), inverse QFT (decomposed to 1q/2q
    gates). base_power = t runs QPE of U**t: outcome j then estimates t phi mod 1 (the
    multi-time mode's later evolution times)."""
    import cirq

    anc, sys_q = registers(m, evolution.model.n_qubits)
    prep, initial = _input(state, sys_q)
    ops = prep + [cirq.H.on_each(*anc)]
    for i, a in enumerate(anc):
        ops += evolution.controlled_power(a, sys_q, base_power * 2 ** (m - 1 - i))
    ops += cirq.decompose(cirq.qft(*anc, inverse=True))
    return QpeCircuit(cirq.Circuit(ops), anc, sys_q, initial)


def iterative_round(evolution: Evolution, power: int, correction: float, state: np.ndarray,
                    readout: bool = True) -> QpeCircuit:
    """One round of iterative QPE: prepare `state`, H, controlled U**power, phase -2 pi correction, H.

    The semi-classical QFT keeps the system register between rounds: the caller passes the
    post-measurement system state of the previous round as `state`. readout=False leaves out
    the phase correction and the final H (the ancilla's coherence is then read from the state).
    """
    import cirq

    (anc,), sys_q = registers(1, evolution.model.n_qubits)
    prep, initial = _input(state, sys_q)
    ops = prep + [cirq.H(anc)] + evolution.controlled_power(anc, sys_q, power)
    if readout:
        ops += [cirq.ZPowGate(exponent=(-2 * correction) % 2.0).on(anc), cirq.H(anc)]
    return QpeCircuit(cirq.Circuit(ops), [anc], sys_q, initial)


def semiclassical(evolution: Evolution, m: int, state: np.ndarray, channel=None):
    """The whole iterative (semi-classical QFT) QPE as one circuit with mid-circuit measurements,
    for sampling shot by shot (noisy runs). Returns (circuit, keys, qubits).

    The one physical ancilla is modelled by one simulator qubit per round (a_k for power 2**k,
    k = m-1 down to 0): each is measured mid-circuit under key b{k}, then never touched except
    as the control of a later round's phase correction, which after the measurement is a
    classical control (deferred-measurement principle). `channel` (a cirq channel such as
    cirq.depolarize(p)) is applied after every moment to the qubits that hold quantum
    information then: the system and the current round's ancilla, as on a device with one
    ancilla that is reset between rounds; measured records get no noise. j = b0 b1 ... b{m-1}
    (b0, the last round, most significant), as in textbook mode.
    """
    import cirq

    anc, sys_q = registers(m, evolution.model.n_qubits)
    if _input(state, sys_q)[1] is not None:
        from qtool.errors import QtoolError

        raise QtoolError(f"noisy runs prepare the input with gates: a generic state on more than "
                         f"{MAX_MATRIX_QUBITS} system qubits cannot be (use --state hf or a basis state)")
    moments: list = []

    def add(ops, live):
        for moment in cirq.Circuit(ops):
            moments.append(moment)
            if channel is not None:
                measured = {q for op in moment if cirq.is_measurement(op) for q in op.qubits}
                moments.append(cirq.Moment(channel.on_each(*[q for q in live if q not in measured])))

    add(state_preparation(state, sys_q), list(sys_q))
    for k in range(m - 1, -1, -1):
        a = anc[m - 1 - k]  # ancilla 0 (the most significant bit) holds the last round, k = 0
        ops = [cirq.H(a)] + evolution.controlled_power(a, sys_q, 2**k)
        for i in range(m - 1 - k):  # bits b_{k+1+i} measured in earlier rounds
            ops.append(cirq.CZPowGate(exponent=-1.0 / 2 ** (i + 1)).on(anc[m - 2 - k - i], a))
        ops += [cirq.H(a), cirq.measure(a, key=f"b{k}")]
        add(ops, [a] + list(sys_q))
    return cirq.Circuit(moments), [f"b{k}" for k in range(m)], list(anc) + list(sys_q)


def eigenstate_circuit(evolution: Evolution, power: int, basis: str, state: np.ndarray) -> QpeCircuit:
    """One ancilla, controlled U**power, read out in the X or Y basis (no inverse QFT).

    For an eigenstate the ancilla ends in (|0> + e^{2 pi i power phi}|1>)/sqrt 2, so
    P(0) = (1 + cos 2 pi power phi)/2 in X and (1 + sin 2 pi power phi)/2 in Y (S^dag first).
    """
    import cirq

    if basis not in ("X", "Y"):
        raise ValueError("basis must be X or Y")
    (anc,), sys_q = registers(1, evolution.model.n_qubits)
    prep, initial = _input(state, sys_q)
    ops = prep + [cirq.H(anc)]
    ops += evolution.controlled_power(anc, sys_q, power)
    if basis == "Y":
        ops.append((cirq.S**-1).on(anc))
    ops.append(cirq.H(anc))
    return QpeCircuit(cirq.Circuit(ops), [anc], sys_q, initial)


def stats(circuit) -> dict:
    """Qubits, depth and gate counts of a circuit, as reported to users.

    Depth is qtool's one definition (qtool.analysis.circuit_depth, Qiskit's rules).
    """
    from qtool.analysis.metrics import circuit_depth

    ops = list(circuit.all_operations())
    return {
        "qubits": len(circuit.all_qubits()),
        "depth": circuit_depth(circuit),
        "gates": len(ops),
        "two_qubit_gates": sum(1 for op in ops if len(op.qubits) == 2),
        "multi_qubit_gates": sum(1 for op in ops if len(op.qubits) > 2),
    }


def with_measurement(qc: QpeCircuit, key: str = "j"):
    """The circuit followed by a measurement of the ancillas under `key`."""
    import cirq

    return qc.circuit + cirq.Circuit(cirq.measure(*qc.ancillas, key=key))
