"""Molecular models from OpenFermion's shipped MolecularData files: references, mappings, CLI."""

import json
import os

import numpy as np
import pytest
from typer.testing import CliRunner

from qtool.cli.main import app
from qtool.errors import QtoolError
from qtool.qpe.models import get_model
from qtool.qpe.models import molecules as mol
from qtool.qpe.run import QpeConfig, run

runner = CliRunner()
CHEMICAL_ACCURACY = 1.6e-3


def test_every_shipped_h2_bond_length_loads_and_matches_its_fci_energy():
    bonds = mol.h2_bond_lengths()
    assert len(bonds) >= 25 and 0.7414 in bonds and min(bonds) == pytest.approx(0.1)
    for bond in bonds:
        model = get_model("h2", {"bond": bond})
        # exact diagonalisation of the JW qubit Hamiltonian in the N=2, S_z=0 sector vs the file's FCI
        assert model.spectrum()[0] == pytest.approx(model.info["fci_energy"], abs=1e-8), bond
        hf = model.references["hf"]
        assert np.vdot(hf, model.matrix() @ hf).real == pytest.approx(model.info["hf_energy"], abs=1e-8)


@pytest.mark.parametrize("mapping, qubits", [("jw", 4), ("bk", 4), ("scbk", 2)])
@pytest.mark.parametrize("bond", [0.3, 0.7414, 2.5])
def test_mappings_agree_on_the_spectrum_and_hartree_fock(mapping, qubits, bond):
    ref = get_model("h2", {"bond": bond})
    model = get_model("h2", {"bond": bond}, mapping)
    assert model.n_qubits == qubits
    np.testing.assert_allclose(model.spectrum(), ref.spectrum(), atol=1e-9)
    hf = model.references["hf"]
    assert np.vdot(hf, model.matrix() @ hf).real == pytest.approx(ref.info["hf_energy"], abs=1e-8)
    # overlap of HF with the ground state is a property of the molecule, not of the mapping
    assert abs(np.vdot(model.eigenstate(0), hf)) ** 2 == pytest.approx(
        abs(np.vdot(ref.eigenstate(0), ref.references["hf"])) ** 2, abs=1e-8)


def test_lih_active_space_is_casci_from_an_independent_sparse_diagonalisation():
    path = os.path.join(mol.data_dir(), mol.LIH_FILE)
    for active, mapping, qubits in [(2, "jw", 4), (3, "scbk", 4), (3, "bk", 6)]:
        model = get_model("lih", {"frozen": 1, "active": active}, mapping)
        assert model.n_qubits == qubits
        casci = mol.sparse_sector_ground(path, frozen=1, active=active)
        assert model.spectrum()[0] == pytest.approx(casci, abs=1e-8)
        # the active-space energy lies above the full FCI, but within a few mHa of it
        assert 0 < model.spectrum()[0] - model.info["fci_energy"] < 0.03
        assert model.info["full_space"] is False


@pytest.mark.slow
def test_lih_full_space_sparse_ground_energy_is_the_files_fci():
    path = os.path.join(mol.data_dir(), mol.LIH_FILE)
    assert mol.sparse_sector_ground(path) == pytest.approx(mol._load(path).fci_energy, abs=1e-7)


def test_h2_631g_tapered_is_the_files_fci():
    model = get_model("h2-631g", {}, "scbk")
    assert model.n_qubits == 6
    assert model.spectrum()[0] == pytest.approx(model.info["fci_energy"], abs=1e-8)


def test_unknown_bond_lists_the_shipped_ones_and_exits_2():
    with pytest.raises(QtoolError, match=r"0\.7414.*"):
        get_model("h2", {"bond": 0.75})
    r = runner.invoke(app, ["qpe", "--model", "h2", "--param", "bond=0.75"])
    assert r.exit_code == 2
    assert "ships H2 STO-3G at 0.1, 0.2" in r.output and "Traceback" not in r.output


@pytest.mark.parametrize("args, message", [
    (["--model", "lih", "--param", "frozen=0", "--param", "active=6"], "at most 10"),
    (["--model", "lih", "--param", "active=6"], "from 1 to 5"),
    (["--model", "lih", "--param", "active=1.5"], "integer"),
    (["--model", "lih", "--param", "frozen=2"], "electrons"),
    (["--model", "h2", "--mapping", "parity"], "expected one of jw, bk, scbk"),
    (["--model", "ising2", "--mapping", "bk"], "molecular models"),
    (["--model", "molecule:/nonexistent.hdf5"], "no such file"),
])
def test_bad_molecular_input_is_a_clear_error(args, message):
    r = runner.invoke(app, ["qpe", *args])
    assert r.exit_code == 2, r.output
    assert message in r.output


def test_a_file_that_is_not_molecular_data_is_refused(tmp_path):
    bad = tmp_path / "x.hdf5"
    bad.write_text("not hdf5")
    r = runner.invoke(app, ["qpe", "--model", f"molecule:{bad}"])
    assert r.exit_code == 2 and "MolecularData" in r.output


def test_molecule_file_runs_end_to_end_with_json_references():
    path = os.path.join(mol.data_dir(), "H2_sto-3g_singlet_1.0.hdf5")
    r = runner.invoke(app, ["qpe", "--model", f"molecule:{path}", "--mapping", "scbk", "-a", "4",
                            "--shots", "0", "--trotter-steps", "0", "--json"])
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    info = doc["model"]["molecule"]
    assert info["mapping"] == "scbk" and doc["model"]["qubits"] == 2
    assert doc["exact_energy"] == pytest.approx(info["fci_energy"], abs=1e-8)
    inv = next(e for e in doc["estimates"] if e["estimator"] == "mpd-inverted")
    assert abs(inv["error"]) < 1e-6  # exact distribution, exact evolution: the inversion is exact


def test_terminal_output_shows_fci_and_exact_reference():
    r = runner.invoke(app, ["qpe", "--model", "lih", "-a", "3", "--shots", "0", "--trotter-steps", "1"])
    assert r.exit_code == 0, r.output
    text = " ".join(r.output.split())  # rich wraps lines at the terminal width
    assert "active-space FCI" in text and "full-space FCI (file) -7.88098231" in text


def test_h2_hartree_fock_input_reaches_chemical_accuracy_with_ml():
    """HF input (overlap 0.987 at equilibrium): the ground peak dominates; ML on 5 ancillas and
    4000 shots, exact evolution, lands within chemical accuracy."""
    r = run(QpeConfig(model="h2", mapping="scbk", ancillas=5, shots=4000, steps=0, state="hf", seed=3,
                      estimators=("ml",)))
    assert r.overlaps[0] < 0.99
    assert abs(r.rows()[0]["error"]) < CHEMICAL_ACCURACY
