"""Multi-controlled gates in Toffolis and two-qubit gates, borrowing idle qubits when it helps.

The constructions are those of Barenco et al., "Elementary gates for quantum computation"
(Phys. Rev. A 52, 3457, 1995):

- Lemma 7.2: an X with k controls and k-2 *dirty* (borrowed, restored) qubits is 4(k-2)
  Toffolis.
- Lemma 7.3: with a single dirty qubit, split the controls in two halves; four such
  V-chains, still linear in k.
- Lemma 7.9: with no spare qubit, C^k(U) = C(V) C^{k-1}X C(V^+) C^{k-1}X C^{k-1}(V) with
  V^2 = U, recursively: quadratic in k, used only when no qubit is idle.

cirq's own decomposition of `X.controlled(k)` needs no spare qubit but grows fast (about
900 gates for five controls); borrowing an idle qubit of the circuit keeps `indep` circuits
small. All functions return lists of operations with controls active on |1>.
"""

from __future__ import annotations

from typing import Sequence

import cirq
import numpy as np
import scipy.linalg

from qtool.gates import zyz


def mcx(controls: Sequence[cirq.Qid], target: cirq.Qid,
        spare: Sequence[cirq.Qid] = ()) -> list[cirq.Operation]:
    """X on `target` when every control is |1>; `spare` qubits may be borrowed (dirty)."""
    controls, spare = list(controls), [q for q in spare if q not in controls and q != target]
    k = len(controls)
    if k == 0:
        return [cirq.X(target)]
    if k == 1:
        return [cirq.CNOT(controls[0], target)]
    if k == 2:
        return [cirq.TOFFOLI(controls[0], controls[1], target)]
    if len(spare) >= k - 2:
        return _v_chain(controls, target, spare[: k - 2])
    if spare:
        return _split(controls, target, spare[0])
    return mcu(controls, target, cirq.unitary(cirq.X), spare=())


def _v_chain(c: list[cirq.Qid], t: cirq.Qid, a: list[cirq.Qid]) -> list[cirq.Operation]:
    """Barenco Lemma 7.2: k controls, k-2 dirty ancillas, 4(k-2) Toffolis."""
    k = len(c)

    def toff(i: int) -> cirq.Operation:  # i = 3..k (1-based control index)
        out = t if i == k else a[i - 2]
        return cirq.TOFFOLI(c[i - 1], a[i - 3], out)

    base = cirq.TOFFOLI(c[0], c[1], a[0])
    down = [toff(i) for i in range(k, 2, -1)]
    up = [toff(i) for i in range(3, k + 1)]
    down2 = [toff(i) for i in range(k - 1, 2, -1)]
    up2 = [toff(i) for i in range(3, k)]
    return down + [base] + up + down2 + [base] + up2


def _split(c: list[cirq.Qid], t: cirq.Qid, a: cirq.Qid) -> list[cirq.Operation]:
    """Barenco Lemma 7.3: one dirty ancilla `a`, two halves of the controls, four V-chains."""
    m1 = (len(c) + 1) // 2
    g1, g2 = c[:m1], c[m1:] + [a]
    first = mcx(g1, a, spare=c[m1:] + [t])
    second = mcx(g2, t, spare=c[:m1])
    return first + second + first + second


def mcu(controls: Sequence[cirq.Qid], target: cirq.Qid, u: np.ndarray,
        spare: Sequence[cirq.Qid] = ()) -> list[cirq.Operation]:
    """The single-qubit unitary `u` on `target`, controlled by every qubit of `controls`.

    Returns basic gates and single-qubit matrix gates; exact, global phase included (it is
    a relative phase once controlled).
    """
    controls = list(controls)
    u = np.asarray(u, dtype=complex)
    k = len(controls)
    if k == 0:
        return [cirq.MatrixGate(u).on(target)]
    if np.allclose(u, cirq.unitary(cirq.X)) and (k <= 2 or spare):
        return mcx(controls, target, spare)
    if k == 1:
        return controlled_u(controls[0], target, u)
    v = unitary_sqrt(u)
    v_dag = v.conj().T
    last, rest = controls[-1], controls[:-1]
    # Lemma 7.9; the C^{k-1}X may borrow `target` (it is restored).
    return (
        controlled_u(last, target, v)
        + mcx(rest, last, spare=[target, *spare])
        + controlled_u(last, target, v_dag)
        + mcx(rest, last, spare=[target, *spare])
        + mcu(rest, target, v, spare=[last, *spare])
    )


def unitary_sqrt(u: np.ndarray) -> np.ndarray:
    """A unitary square root of the unitary u (principal branch of each eigenvalue).

    Through the complex Schur form, which is diagonal for a normal matrix, so the result
    stays exactly unitary even for degenerate eigenvalues (scipy's sqrtm need not).
    """
    t, z = scipy.linalg.schur(np.asarray(u, dtype=complex), output="complex")
    return z @ np.diag(np.sqrt(np.diag(t))) @ z.conj().T


def controlled_u(control: cirq.Qid, target: cirq.Qid, u: np.ndarray) -> list[cirq.Operation]:
    """Exact controlled-u in rz, ry, cx and one phase gate (Nielsen & Chuang, Cor. 4.2).

    u = e^{ia} A X B X C with ABC = I: A = Rz(b) Ry(g/2), B = Ry(-g/2) Rz(-(d+b)/2),
    C = Rz((d-b)/2).
    """
    alpha, beta, gamma, delta = zyz(u)
    ops = [cirq.rz((delta - beta) / 2)(target), cirq.CNOT(control, target),
           cirq.rz(-(delta + beta) / 2)(target), cirq.ry(-gamma / 2)(target),
           cirq.CNOT(control, target), cirq.ry(gamma / 2)(target), cirq.rz(beta)(target)]
    if abs(alpha) > 1e-12:
        ops.append(cirq.ZPowGate(exponent=alpha / np.pi)(control))
    return [op for op in ops if not _is_zero_rotation(op)]


def _is_zero_rotation(op: cirq.Operation) -> bool:
    g = op.gate
    return isinstance(g, (cirq.Rz, cirq.Ry)) and abs(g.exponent) < 1e-12
