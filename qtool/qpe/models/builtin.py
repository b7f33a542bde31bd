"""The three models of Cruz et al.: a two-level system, a two-spin Ising model, a Hubbard dimer."""

from __future__ import annotations

import numpy as np

from qtool.qpe.models.base import Model, from_qubit_operator

DEFAULTS: dict[str, dict[str, float]] = {
    "two-level": {"eps": 1.0, "delta": 0.5},
    "ising2": {"J": 1.0, "h": 0.5},
    "hubbard2": {"t": 1.0, "U": 4.0},
}

DESCRIPTIONS = {
    "two-level": "H = eps Z + delta X (one qubit)",
    "ising2": "H = J Z1 Z2 + h (X1 + X2) (two qubits)",
    "hubbard2": "two-site Fermi-Hubbard, hopping t, on-site U, Jordan-Wigner on 4 qubits; "
                "energies of the half-filled (2-electron) sector",
}


def two_level(eps: float, delta: float) -> Model:
    terms = ((((0, "Z"),), eps), (((0, "X"),), delta))
    return Model("two-level", {"eps": eps, "delta": delta}, 1, tuple((p, c) for p, c in terms if c))


def ising2(J: float, h: float) -> Model:
    terms = ((((0, "Z"), (1, "Z")), J), (((0, "X"),), h), (((1, "X"),), h))
    return Model("ising2", {"J": J, "h": h}, 2, tuple((p, c) for p, c in terms if c))


def hubbard2(t: float, U: float) -> Model:
    """openfermion.fermi_hubbard on a 2x1 open chain (spin orbitals 2*site + spin), then JW.

    The half-filled sector is the 6 basis states with two occupied spin orbitals; its spectrum is
    (U - sqrt(U^2+16t^2))/2, 0 (three-fold: the triplet), U, (U + sqrt(U^2+16t^2))/2.
    The reference "hf" is the restricted Hartree-Fock state: both electrons in the bonding
    orbital (a_0 + a_1)/sqrt(2) of each spin (for t > 0), computed, not guessed, from the
    one-body part of H.
    """
    import openfermion as of

    fermion = of.fermi_hubbard(2, 1, tunneling=t, coulomb=U, periodic=False)
    qubit_op = of.jordan_wigner(fermion)
    sector = tuple(i for i in range(16) if bin(i).count("1") == 2)
    return from_qubit_operator(qubit_op, "hubbard2", {"t": t, "U": U}, n_qubits=4,
                               sector=sector, sector_label="half filling (2 electrons)",
                               references={"hf": _hubbard_hartree_fock(t)})


def _hubbard_hartree_fock(t: float) -> np.ndarray:
    """|HF> = b_up^dag b_down^dag |0>, b = lowest orbital of the hopping matrix -t(|0><1| + h.c.)."""
    import openfermion as of

    hop = np.array([[0.0, -t], [-t, 0.0]])
    _, orbitals = np.linalg.eigh(hop)
    b = orbitals[:, 0]
    # creation operators for the bonding orbital of each spin, as sparse JW matrices
    ops = []
    for spin in (0, 1):
        op = of.FermionOperator()
        for site in (0, 1):
            op += of.FermionOperator(((2 * site + spin, 1),), b[site])
        ops.append(of.get_sparse_operator(of.jordan_wigner(op), n_qubits=4).toarray())
    vac = np.zeros(16, dtype=complex)
    vac[0] = 1.0
    state = ops[0] @ ops[1] @ vac
    return state / np.linalg.norm(state)


BUILDERS = {"two-level": two_level, "ising2": ising2, "hubbard2": hubbard2}
