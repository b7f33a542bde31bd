import cirq
import numpy as np
import pytest

from qtool.compile.synth_1q import SX, clifford_t_emit, equal_up_to_phase, ibm_emit
from qtool.errors import QtoolError

q = cirq.LineQubit(0)


def product(ops):
    m = np.eye(2, dtype=complex)
    for op in ops:
        m = cirq.unitary(op) @ m
    return m


@pytest.mark.parametrize("seed", range(20))
def test_ibm_emit_random(seed):
    u = cirq.testing.random_unitary(2, random_state=seed)
    ops = ibm_emit(q, u)
    assert all(isinstance(op.gate, cirq.Rz) or op.gate in (SX, cirq.X) for op in ops)
    assert equal_up_to_phase(u, product(ops))


@pytest.mark.parametrize("gate,count", [(cirq.rz(0.3), 1), (cirq.H, 3), (cirq.X, 1),
                                        (cirq.I, 0), (cirq.X**0.5, 1)])
def test_ibm_emit_special_cases(gate, count):
    ops = ibm_emit(q, cirq.unitary(gate))
    assert len(ops) == count and equal_up_to_phase(cirq.unitary(gate), product(ops))


@pytest.mark.parametrize("gates", [[cirq.T], [cirq.H, cirq.T, cirq.H], [cirq.S, cirq.H, cirq.T**-1],
                                   [cirq.X**0.5], [cirq.Y, cirq.T]])
def test_clifford_t_words(gates):
    u = product([g(q) for g in gates])
    ops = clifford_t_emit(q, u)
    assert equal_up_to_phase(u, product(ops))


def test_clifford_t_rejects_other_angles():
    with pytest.raises(QtoolError, match="not a Clifford\\+T gate"):
        clifford_t_emit(q, cirq.unitary(cirq.rz(0.3)))


@pytest.mark.parametrize("seed", range(30))
def test_matrix_to_phxz_closed_form(seed):
    from qtool.compile.ops import _phxz_matrix
    from qtool.compile.passes.merge_1q import matrix_to_phxz

    u = cirq.testing.random_unitary(2, random_state=seed)
    g = matrix_to_phxz(u)
    assert cirq.allclose_up_to_global_phase(cirq.unitary(g), u, atol=1e-9)
    assert np.allclose(_phxz_matrix(g), cirq.unitary(g), atol=1e-10)


@pytest.mark.parametrize("gate", [cirq.X, cirq.Y, cirq.Z, cirq.H, cirq.S, cirq.T, cirq.I,
                                  cirq.X**0.5, cirq.Y**0.5, cirq.rz(0.3), cirq.ry(1.1)])
def test_matrix_to_phxz_special_gates(gate):
    from qtool.compile.passes.merge_1q import matrix_to_phxz

    u = cirq.unitary(gate)
    assert cirq.allclose_up_to_global_phase(cirq.unitary(matrix_to_phxz(u)), u, atol=1e-9)
