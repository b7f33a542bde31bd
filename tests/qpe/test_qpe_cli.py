"""`qtool qpe` and `qtool qpe study` as a user runs them (CliRunner and a real subprocess)."""

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from qtool.cli.main import app

runner = CliRunner()


def invoke(*args):
    return runner.invoke(app, ["qpe", *args])


def test_json_schema_and_fields():
    r = invoke("--model", "ising2", "--param", "J=0.8", "-a", "3", "--shots", "500", "--seed", "3", "--json")
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    assert doc["schema"] == "qtool.qpe/1"
    assert doc["model"]["name"] == "ising2" and doc["model"]["params"] == {"J": 0.8, "h": 0.5}
    assert sum(doc["outcomes"]["counts"]) == 500
    assert [e["estimator"] for e in doc["estimates"]] == ["majority", "mpd", "mpd-inverted", "ml", "bayes"]
    for e in doc["estimates"]:
        assert e["error_bar"] >= 0 and e["shots"] == 500
    for e in doc["estimates"]:
        assert e["error"] == pytest.approx(e["energy"] - doc["exact_energy"])
    assert doc["circuit"]["qubits"] == 5 and doc["circuit"]["two_qubit_gates"] > 0
    assert "leftmost" in doc["outcomes"]["bit_order"]


def test_seeded_runs_repeat_exactly():
    a = invoke("-a", "3", "--seed", "9", "--json").stdout
    b = invoke("-a", "3", "--seed", "9", "--json").stdout
    assert a == b


def test_terminal_output_marks_estimators():
    r = invoke("--model", "two-level", "-a", "3", "--shots", "0", "--estimator", "majority", "--estimator", "mpd")
    assert r.exit_code == 0, r.output
    assert "estimates" in r.stdout and "◀" in r.stdout and "maj" in r.stdout
    assert "mpd-inverted" not in r.stdout.split("ancilla outcomes")[0]


@pytest.mark.parametrize("suffix,magic", [(".png", b"\x89PNG"), (".svg", b"<?xml")])
def test_plot_files(tmp_path, suffix, magic):
    out = tmp_path / f"qpe{suffix}"
    r = invoke("-a", "3", "--seed", "1", "--plot", str(out), "--json")
    assert r.exit_code == 0, r.output
    assert out.read_bytes().startswith(magic)
    json.loads(r.stdout)


def test_eigenstate_mode_json_has_readings():
    doc = json.loads(invoke("--mode", "eigenstate", "-a", "3", "-s", "0", "--json").stdout)
    assert doc["outcomes"] is None and len(doc["readings"]) == 3
    assert doc["estimates"][0]["estimator"] == "kitaev"


@pytest.mark.parametrize("args,needle", [
    (["--model", "heisenberg"], "unknown model"),
    (["--ancillas", "0"], "ancillas"),
    (["--shots", "-5"], "shots"),
    (["--param", "U"], "NAME=VALUE"),
    (["--param", "U=abc"], "not a number"),
    (["--model", "ising2", "--param", "U=1"], "no parameter U"),
    (["--estimator", "median"], "unknown estimator"),
    (["--mode", "fast"], "mode"),
    (["--window", "3"], "LO:HI"),
    (["--noise", "depolarizing:7"], "between 0 and 1"),
    (["--plot", "out.pdf"], ".png or .svg"),
    (["--state", "111"], "bits"),
    (["--model", "pauli:0.5 Q1"], "cannot read term"),
    (["--model", "openfermion:/no/such/file"], "no such file"),
    (["-a", "3", "study"], "belong to the estimate"),
])
def test_bad_input_exits_2_with_a_message(args, needle):
    r = invoke(*args)
    assert r.exit_code == 2, r.output
    assert needle in r.stderr
    assert "Traceback" not in r.output


def test_study_json_small():
    r = invoke("study", "--only", "estimators", "--phases", "64", "--m-max", "3", "--shots", "0",
               "--shots", "100", "--json")
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    assert doc["schema"] == "qtool.qpe.study/1"
    rows = {(x["m"], x["shots"], x["estimator"]) for x in doc["estimators"]}
    assert (2, 0, "mpd") in rows and (3, 100, "ml") in rows
    maj = {x["m"]: x["max_error"] for x in doc["estimators"] if x["estimator"] == "majority" and x["shots"] == 0}
    assert maj == {2: 0.125, 3: 0.0625}  # half a bin: the grid contains the half-way phases
    assert {v["m"] for v in doc["verdicts"]} == {2}


def test_study_terminal_tables_and_bad_options():
    r = invoke("study", "--only", "trotter")
    assert r.exit_code == 0, r.output
    assert "Trotter error" in r.stdout and "hubbard2" in r.stdout
    assert invoke("study", "--only", "everything").exit_code == 2
    assert invoke("study", "--m-min", "4", "--m-max", "2").exit_code == 2
    assert invoke("study", "--shots", "-1").exit_code == 2


def test_models_lists_parameters():
    r = invoke("models")
    assert r.exit_code == 0 and "hubbard2" in r.stdout and "U=4" in r.stdout


def test_real_subprocess_pipes_json():
    cmd = [sys.executable, "-m", "qtool", "qpe", "--model", "two-level", "-a", "2", "-s", "0", "--json"]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert doc["config"]["ancillas"] == 2 and doc["outcomes"]["counts"] is None
    bad = subprocess.run([sys.executable, "-m", "qtool", "qpe", "--ancillas", "0"],
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "ancillas" in bad.stderr and "Traceback" not in bad.stderr


def test_openfermion_model_from_stdin():
    r = runner.invoke(app, ["qpe", "--model", "openfermion:-", "-a", "3", "-s", "0", "--trotter-steps", "0", "--json"],
                      input="(0.5+0j) [Z0] +\n(0.3+0j) [X0]\n")
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    assert doc["exact_energy"] == pytest.approx(-(0.5**2 + 0.3**2) ** 0.5)
    ml = [e for e in doc["estimates"] if e["estimator"] == "ml"][0]
    assert abs(ml["error"]) < 1e-4


def test_study_plot(tmp_path):
    out = tmp_path / "study.svg"
    r = invoke("study", "--only", "estimators", "--phases", "32", "--m-max", "3", "--plot", str(out))
    assert r.exit_code == 0, r.output
    assert out.read_bytes().startswith(b"<?xml")
    assert invoke("study", "--only", "trotter", "--plot", str(out)).exit_code == 2
