"""Models against hand-derived spectra and independent constructions."""

import numpy as np
import pytest

from qtool.errors import QtoolError
from qtool.qpe.models import get_model, parse_params

X = np.array([[0, 1], [1, 0]])
Z = np.diag([1.0, -1.0])
I2 = np.eye(2)


def test_two_level_spectrum_is_plus_minus_sqrt():
    m = get_model("two-level", {"eps": 0.7, "delta": -0.4})
    e = np.hypot(0.7, 0.4)
    assert np.allclose(m.spectrum(), [-e, e])
    assert np.allclose(m.matrix(), 0.7 * Z - 0.4 * X)


def test_ising2_matrix_and_spectrum():
    J, h = 1.3, 0.6
    m = get_model("ising2", {"J": J, "h": h})
    ref = J * np.kron(Z, Z) + h * (np.kron(X, I2) + np.kron(I2, X))
    assert np.allclose(m.matrix(), ref)
    # hand-derived: the triplet/singlet structure gives -sqrt(J^2+4h^2), -J, J, sqrt(J^2+4h^2)
    r = np.sqrt(J**2 + 4 * h**2)
    assert np.allclose(m.spectrum(), sorted([-r, -J, J, r]))


@pytest.mark.parametrize("t,U", [(1.0, 4.0), (0.5, 1.0), (1.0, 0.0), (2.0, 8.0)])
def test_hubbard_dimer_half_filling_spectrum(t, U):
    m = get_model("hubbard2", {"t": t, "U": U})
    r = np.sqrt(U**2 + 16 * t**2)
    known = sorted([(U - r) / 2, 0.0, 0.0, 0.0, U, (U + r) / 2])
    assert m.n_qubits == 4 and len(m.sector) == 6
    assert np.allclose(m.spectrum(), known, atol=1e-10)


def test_hubbard_ground_state_is_in_the_sector_and_differs_from_the_fock_ground_state():
    m = get_model("hubbard2", {"t": 1.0, "U": 4.0})
    gs = m.eigenstate(0)
    number = np.array([bin(i).count("1") for i in range(16)])
    assert np.allclose(np.abs(gs) ** 2 @ number, 2.0)
    h = m.matrix()
    assert np.vdot(gs, h @ gs).real == pytest.approx(m.spectrum()[0])
    # the lowest energy of all of Fock space (one electron, -t) is below the half-filled ground state
    assert np.linalg.eigvalsh(h)[0] < m.spectrum()[0] - 0.1


def test_hubbard_hartree_fock_reference():
    m = get_model("hubbard2", {"t": 1.0, "U": 4.0})
    hf = m.references["hf"]
    assert np.linalg.norm(hf) == pytest.approx(1.0)
    # HF energy = 2 * (-t) + U/2 for the dimer (bonding orbitals, half the double occupancy)
    assert np.vdot(hf, m.matrix() @ hf).real == pytest.approx(-2.0 + 2.0)
    overlap = abs(np.vdot(m.eigenstate(0), hf)) ** 2
    assert 0.5 < overlap < 1.0


def test_one_norm_bounds_the_spectrum():
    for name in ("two-level", "ising2", "hubbard2"):
        m = get_model(name)
        full = np.linalg.eigvalsh(m.matrix())
        c0, s = m.identity_coefficient, m.one_norm
        assert c0 - s - 1e-12 <= full.min() and full.max() <= c0 + s + 1e-12


def test_pauli_models_parse():
    m = get_model("pauli:0.5 Z0 Z1 - 0.25*X1 + 1e-1 Y0 + 2")
    assert m.n_qubits == 2
    ref = 0.5 * np.kron(Z, Z) - 0.25 * np.kron(I2, X) + 0.1 * np.kron(np.array([[0, -1j], [1j, 0]]), I2) + 2 * np.eye(4)
    assert np.allclose(m.matrix(), ref)
    assert m.identity_coefficient == 2


def test_openfermion_file_round_trip(tmp_path):
    import openfermion as of

    op = of.QubitOperator("X0 Z1", 0.5) + of.QubitOperator("Y1", -0.3) + of.QubitOperator("", 1.5)
    path = tmp_path / "h.txt"
    path.write_text(str(op))
    m = get_model(f"openfermion:{path}")
    assert np.allclose(m.matrix(), of.get_sparse_operator(op, n_qubits=2).toarray())
    fpath = tmp_path / "f.txt"
    fop = of.FermionOperator("0^ 1", -1.0) + of.FermionOperator("1^ 0", -1.0)
    fpath.write_text(str(fop))
    mf = get_model(f"openfermion:{fpath}")
    assert np.allclose(mf.spectrum(), [-1, 0, 0, 1])


@pytest.mark.parametrize("spec,params,needle", [
    ("heisenberg", {}, "unknown model"),
    ("ising2", {"K": 1.0}, "no parameter K"),
    ("pauli:", {}, "empty"),
    ("pauli:0.5 Q0", {}, "cannot read term"),
    ("pauli:Z0 Z0", {}, "twice"),
    ("pauli:3", {}, "constant"),
    ("openfermion:/nonexistent/h.txt", {}, "no such file"),
])
def test_bad_models_raise_clear_errors(spec, params, needle):
    with pytest.raises(QtoolError, match=needle):
        get_model(spec, params)


def test_openfermion_non_hermitian_rejected(tmp_path):
    p = tmp_path / "bad.txt"
    p.write_text("(1+0j) [0^ 1]")
    with pytest.raises(QtoolError, match="Hermitian"):
        get_model(f"openfermion:{p}")


def test_parse_params():
    assert parse_params(["t=1", " U = 4.5"]) == {"t": 1.0, "U": 4.5}
    for bad in (["U"], ["=3"], ["U=abc"], ["U=nan"]):
        with pytest.raises(QtoolError):
            parse_params(bad)
