"""Molecular Hamiltonians from OpenFermion's MolecularData HDF5 files, offline.

OpenFermion ships integrals and reference energies (HF, FCI) for H2 in STO-3G at bond lengths
0.1-3.0 Angstrom, H2 in 6-31G at 0.75 Angstrom and LiH in STO-3G at 1.45 Angstrom, in its
package folder openfermion/testing/data. `--model h2 --param bond=0.7414` reads one of them;
`--model molecule:FILE` reads any MolecularData file. No quantum-chemistry package runs.

Active space (`--param frozen=K --param active=A`): the K lowest spatial orbitals are frozen
(doubly occupied, folded into the constant and one-body terms by OpenFermion's
get_molecular_hamiltonian(occupied_indices, active_indices)) and the next A orbitals are
active: 2A spin orbitals. The reference energy is then the active-space FCI (CASCI), the
exact ground energy of that Hamiltonian with n_electrons - 2K electrons; the file's FCI
energy is the full-space value, reported alongside (their difference is the active-space
truncation error, not a QPE error).

Mappings (`--mapping`): `jw` (Jordan-Wigner), `bk` (Bravyi-Kitaev), `scbk`
(OpenFermion's symmetry_conserving_bravyi_kitaev: the electron-number and spin-up parities are
Z2 symmetries and their two qubits are tapered off, so 2A - 2 qubits). Every mapping turns an
occupation-number basis state into one computational basis state, so the number operators
N and S_z stay diagonal: the physical sector (N electrons, S_z = 2S+1 multiplicity's lowest
|S_z|) is the set of basis states with those diagonal values, and the Hartree-Fock state is the
basis state with n_p = 1 exactly for the lowest N spin orbitals (both are computed through the
same mapping, not guessed). Its energy <HF|H|HF> equals the file's HF energy in the full space.
"""

from __future__ import annotations

import os
from functools import lru_cache

import numpy as np

from qtool.errors import ParameterError, QtoolError
from qtool.qpe.models.base import Model, from_qubit_operator

MAPPINGS = ("jw", "bk", "scbk")
MAPPING_NAMES = {"jw": "Jordan-Wigner", "bk": "Bravyi-Kitaev",
                 "scbk": "symmetry-conserving Bravyi-Kitaev (2 qubits tapered)"}
MAX_SYSTEM_QUBITS = 10  # dense exact diagonalisation and Trotter references (2**10); wider than 6 qubits the exact ground state enters as qsim's initial state
H2_FILE = "H2_sto-3g_singlet_{bond}.hdf5"
LIH_FILE = "H1-Li1_sto-3g_singlet_1.45.hdf5"
H2_631G_FILE = "H2_6-31g_singlet_0.75.hdf5"


def data_dir() -> str:
    """OpenFermion's folder of shipped MolecularData files (openfermion/testing/data)."""
    import openfermion

    return os.path.join(os.path.dirname(openfermion.__file__), "testing", "data")


def _h2_files() -> dict[float, str]:
    """Bond length (Angstrom) -> path of each shipped H2 STO-3G file."""
    prefix, suffix = "H2_sto-3g_singlet_", ".hdf5"
    out = {}
    for name in os.listdir(data_dir()):
        if name.startswith(prefix) and name.endswith(suffix):
            try:
                out[float(name[len(prefix):-len(suffix)])] = os.path.join(data_dir(), name)
            except ValueError:
                continue
    return dict(sorted(out.items()))


def h2_bond_lengths() -> list[float]:
    """The bond lengths (Angstrom) of the shipped H2 STO-3G files, ascending."""
    return list(_h2_files())


def h2_file(bond: float) -> str:
    """The shipped file for H2 at `bond` Angstrom; a QtoolError listing the shipped ones."""
    files = _h2_files()
    for b, path in files.items():
        if abs(b - bond) < 1e-9:
            return path
    raise QtoolError(f"h2: no shipped data at bond={bond:g} Angstrom; OpenFermion ships H2 STO-3G at "
                     f"{', '.join(f'{b:g}' for b in files)}")


@lru_cache(maxsize=64)
def _load(path: str):
    import openfermion as of

    if not os.path.isfile(path):
        raise QtoolError(f"molecule:{path}: no such file")
    try:
        mol = of.MolecularData(filename=path)
    except Exception as exc:  # h5py raises OSError, KeyError, ... for a file that is not one
        raise QtoolError(f"molecule:{path}: not an OpenFermion MolecularData HDF5 file ({exc})") from None
    if mol.one_body_integrals is None or mol.two_body_integrals is None:
        raise QtoolError(f"molecule:{path}: the file holds no integrals")
    return mol


def _int_param(params: dict, name: str, lo: int, hi: int) -> int:
    value = params[name]
    if value != int(value) or not lo <= value <= hi:
        raise ParameterError.of_value("params", f"{name}={value:g}", f"expected an integer from {lo} to {hi}")
    return int(value)


def molecule_model(path: str, name: str, params: dict | None = None, mapping: str = "jw") -> Model:
    """The qubit Hamiltonian of a MolecularData file, with its sector, HF state and references.

    params: `frozen` (spatial orbitals frozen, default 0) and `active` (active spatial orbitals
    after them, default all the rest)."""
    import openfermion as of

    if mapping not in MAPPINGS:
        raise ParameterError.of_value("mapping", repr(mapping), f"expected one of {', '.join(MAPPINGS)}")
    mol = _load(os.path.abspath(path))
    params = dict(params or {})
    n_orb = int(mol.n_orbitals)
    frozen = _int_param({"frozen": params.get("frozen", 0)}, "frozen", 0, max(0, n_orb - 1))
    if 2 * frozen >= mol.n_electrons:
        raise ParameterError.of_value("params", f"frozen={frozen}", f"{name} has only {mol.n_electrons} electrons")
    active = _int_param({"active": params.get("active", n_orb - frozen)}, "active", 1, n_orb - frozen)
    n_electrons = int(mol.n_electrons) - 2 * frozen
    if n_electrons > 2 * active:
        raise ParameterError.of_value("params", f"active={active}", f"{n_electrons} active electrons do not fit in "
                          f"{active} orbitals")
    occupied = list(range(frozen)) or None
    active_idx = list(range(frozen, frozen + active))
    ham = mol.get_molecular_hamiltonian(occupied_indices=occupied, active_indices=active_idx)
    fermion = of.get_fermion_operator(ham)
    n_modes = 2 * active
    two_sz = (int(mol.multiplicity) - 1) % 2  # the lowest |2 S_z| of the multiplicity
    n_qubits = n_modes - 2 if mapping == "scbk" else n_modes
    if n_qubits > MAX_SYSTEM_QUBITS:
        raise ParameterError.of_value(
            "model", name, f"{n_qubits} system qubits with {{mapping}} {mapping}; QPE here supports at most "
            f"{MAX_SYSTEM_QUBITS}: choose an active space ({{params}} frozen=K {{params}} active=A, {n_orb} "
            "spatial orbitals in all) or {mapping} scbk", names=("mapping", "params"))
    if n_qubits < 1:
        raise ParameterError.of_value("model", name, "the active space leaves no qubit after tapering; "
                                      "use {mapping} jw or bk", names=("mapping",))

    def mapped(op):
        if mapping == "jw":
            return of.jordan_wigner(op)
        if mapping == "bk":
            return of.bravyi_kitaev(op, n_qubits=n_modes)
        return of.symmetry_conserving_bravyi_kitaev(op, n_modes, n_electrons)

    qubit_op = mapped(fermion)
    qubit_op.compress(1e-12)
    occupation = [_diagonal(mapped(of.FermionOperator(((p, 1), (p, 0)))), n_qubits) for p in range(n_modes)]
    number = np.sum(occupation, axis=0)
    twice_sz = np.sum([occupation[p] * (1 if p % 2 == 0 else -1) for p in range(n_modes)], axis=0)
    sector = tuple(int(i) for i in np.flatnonzero((np.abs(number - n_electrons) < 1e-6)
                                                    & (np.abs(np.abs(twice_sz) - two_sz) < 1e-6)))
    hf_bits = [np.abs(occupation[p] - (1.0 if p < n_electrons else 0.0)) < 1e-6 for p in range(n_modes)]
    hf_index = np.flatnonzero(np.logical_and.reduce(hf_bits))
    if len(hf_index) != 1:
        raise QtoolError(f"{name}: cannot locate the Hartree-Fock basis state under {mapping}")
    hf = np.zeros(2**n_qubits, dtype=complex)
    hf[int(hf_index[0])] = 1.0
    info = {"file": os.path.abspath(path), "basis": str(mol.basis), "mapping": mapping,
            "electrons": n_electrons, "spatial_orbitals": n_orb, "frozen": frozen, "active": active,
            "fci_energy": float(mol.fci_energy) if mol.fci_energy is not None else None,
            "hf_energy": float(mol.hf_energy) if mol.hf_energy is not None else None,
            "full_space": frozen == 0 and active == n_orb,
            "geometry": [[atom, [float(x) for x in xyz]] for atom, xyz in mol.geometry]}
    shown = {k: float(v) for k, v in params.items()}
    shown.setdefault("frozen", float(frozen))
    shown.setdefault("active", float(active))
    label = f"{n_electrons} electrons, 2S_z = {two_sz}" + ("" if info["full_space"] else
                                                             f", active space {active} orbitals")
    return from_qubit_operator(qubit_op, name, shown, n_qubits=n_qubits, sector=sector, sector_label=label,
                               references={"hf": hf}, info=info)


def _diagonal(op, n_qubits: int) -> np.ndarray:
    """The diagonal of a qubit operator that must be diagonal (Z strings only): computed
    term by term, each Z string a +-1 pattern over the 2**n basis states (qubit 0 leftmost)."""
    diag = np.zeros(2**n_qubits)
    idx = np.arange(2**n_qubits)
    for pauli, coeff in op.terms.items():
        if abs(coeff) < 1e-12:
            continue
        if any(kind != "Z" for _, kind in pauli):
            raise QtoolError("internal: a number operator is not diagonal under this mapping")
        sign = np.ones(2**n_qubits)
        for q, _ in pauli:
            sign *= 1 - 2 * ((idx >> (n_qubits - 1 - q)) & 1)
        diag += float(np.real(coeff)) * sign
    return diag


def h2(bond: float = 0.7414, mapping: str = "jw", frozen: float = 0, active: float = 2) -> Model:
    params = {"bond": bond}
    if frozen:
        params["frozen"] = frozen
    params["active"] = active
    model = molecule_model(h2_file(bond), "h2", params, mapping)
    model.params["bond"] = float(bond)
    return model


def h2_631g(mapping: str = "jw", frozen: float = 0, active: float = 4) -> Model:
    return molecule_model(os.path.join(data_dir(), H2_631G_FILE), "h2-631g",
                          {"frozen": frozen, "active": active}, mapping)


def lih(mapping: str = "jw", frozen: float = 1, active: float = 2) -> Model:
    return molecule_model(os.path.join(data_dir(), LIH_FILE), "lih", {"frozen": frozen, "active": active},
                          mapping)


def sparse_sector_ground(path: str, frozen: int = 0, active: int | None = None) -> float:
    """The exact ground energy of a file's Hamiltonian in its electron-number sector, from a
    sparse Jordan-Wigner matrix (works where the dense Model would not, e.g. LiH's 12 qubits):
    the independent reference the FCI energy in the file is checked against."""
    import openfermion as of
    import scipy.sparse.linalg as sla

    mol = _load(os.path.abspath(path))
    active = int(mol.n_orbitals) - frozen if active is None else active
    ham = mol.get_molecular_hamiltonian(occupied_indices=list(range(frozen)) or None,
                                        active_indices=list(range(frozen, frozen + active)))
    sparse = of.get_sparse_operator(of.jordan_wigner(of.get_fermion_operator(ham)), n_qubits=2 * active)
    n_e = int(mol.n_electrons) - 2 * frozen
    idx = np.array([i for i in range(2 ** (2 * active)) if bin(i).count("1") == n_e])
    sub = sparse.tocsr()[idx][:, idx]
    if sub.shape[0] <= 400:
        return float(np.linalg.eigvalsh(sub.toarray())[0])
    return float(sla.eigsh(sub, k=1, which="SA")[0][0])


MOLECULE_DEFAULTS = {"h2": {"bond": 0.7414, "frozen": 0, "active": 2},
                     "h2-631g": {"frozen": 0, "active": 4},
                     "lih": {"frozen": 1, "active": 2}}
MOLECULE_DESCRIPTIONS = {
    "h2": "H2 STO-3G from OpenFermion's shipped file at `bond` Angstrom (see --mapping); 4 qubits (2 with scbk)",
    "h2-631g": "H2 6-31G at 0.75 Angstrom; 8 qubits (6 with scbk)",
    "lih": "LiH STO-3G at 1.45 Angstrom, frozen core orbitals `frozen` + `active` active orbitals; "
           "2*active qubits (2*active-2 with scbk)",
}
MOLECULE_BUILDERS = {"h2": h2, "h2-631g": h2_631g, "lih": lih}
