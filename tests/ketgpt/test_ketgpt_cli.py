"""`qtool ketgpt ...` as a user runs it: CliRunner, a real pipe, and broken input."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from qtool.cli.main import app
from qtool.ketgpt.generate import split_stream
from qtool.ketgpt.validity import check_validity

from conftest import SMALL

runner = CliRunner()


def run(*args):
    return runner.invoke(app, list(map(str, args)))


def test_generate_stream_and_folder(tiny_checkpoint, tmp_path):
    path, _ = tiny_checkpoint
    r = run("ketgpt", "generate", "-m", path, "--qubits", 3, "--count", 4, "--seed", 2,
            "--top-k", 10)
    assert r.exit_code == 0, r.output
    texts = split_stream(r.stdout)
    assert len(texts) == 4 and all("qreg q[3];" in t for t in texts)
    assert check_validity(texts).as_dict()["valid_fraction"] == 1.0
    again = run("ketgpt", "generate", "-m", path, "--qubits", 3, "--count", 4, "--seed", 2,
                "--top-k", 10)
    assert again.stdout == r.stdout
    out = tmp_path / "gen"
    r = run("ketgpt", "generate", "-m", path, "--family", "ghz", "--count", 3, "--out", out,
            "--top-p", 0.9)
    assert r.exit_code == 0, r.output
    files = sorted(out.glob("*.qasm"))
    assert [f.name for f in files] == ["ketgpt_0001.qasm", "ketgpt_0002.qasm", "ketgpt_0003.qasm"]
    assert "family=ghz" in files[0].read_text()


@pytest.mark.parametrize("args, message", [
    (["--family", "nope"], "unknown family 'nope'"),
    (["--qubits", "99"], "outside 1..32"),
    (["--temperature", "0"], "temperature must be > 0"),
    (["--top-p", "2"], "top-p must be in"),
])
def test_generate_bad_options_exit_2(tiny_checkpoint, args, message):
    path, _ = tiny_checkpoint
    r = run("ketgpt", "generate", "-m", path, *args)
    assert r.exit_code == 2 and message in r.stderr


def test_missing_and_broken_inputs_exit_2(tmp_path):
    r = run("ketgpt", "generate", "-m", tmp_path / "none.pt")
    assert r.exit_code == 2 and "no such checkpoint" in r.stderr
    bad = tmp_path / "d.json"
    bad.write_text("{}")
    r = run("ketgpt", "train", "--data", bad, "--out", tmp_path / "x.pt")
    assert r.exit_code == 2 and "not a KetGPT dataset" in r.stderr
    r = run("ketgpt", "dataset", "--out", tmp_path / "x.json")
    assert r.exit_code == 2 and "nothing to build from" in r.stderr
    r = run("ketgpt", "train", "--data", bad, "--out", tmp_path / "x.pt", "--config", "huge")
    assert r.exit_code == 2


def test_dataset_then_train_then_resume(tmp_path):
    data = tmp_path / "d.json"
    r = run("ketgpt", "dataset", "--from-library", "--families", "ghz,bv", "--max-qubits", 5,
            "--seeds", 2, "--from", SMALL / "adder_n4", "--json", "--out", data)
    assert r.exit_code == 0, r.output
    summary = json.loads(r.stdout)
    assert summary["schema"] == "qtool.ketgpt.dataset-summary/1"
    # ghz 2..5 (4 sizes, unseeded) + bv 2..5 x 2 seeds (some coincide) + 2 corpus files
    assert 8 <= summary["circuits"] <= 14
    ck = tmp_path / "m.pt"
    r = run("ketgpt", "train", "--data", data, "--config", "tiny", "--steps", 4, "--threads", 1,
            "--eval-every", 2, "--out", ck, "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["steps"] == 4
    r = run("ketgpt", "train", "--data", data, "--config", "tiny", "--steps", 6, "--threads", 1,
            "--resume", "--out", ck, "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["steps"] == 6


def test_generate_pipes_into_verify(tiny_checkpoint):
    """A real shell pipe: generate | verify -, with JSON out."""
    path, _ = tiny_checkpoint
    exe = [sys.executable, "-m", "qtool"]
    gen = subprocess.run(exe + ["ketgpt", "generate", "-m", str(path), "--count", "12",
                                "--seed", "4"], capture_output=True, text=True, timeout=120)
    assert gen.returncode == 0, gen.stderr
    ver = subprocess.run(exe + ["ketgpt", "verify", "-", "-m", str(path), "--real-count", "12",
                                "--classifier-steps", "2", "--json"],
                         input=gen.stdout, capture_output=True, text=True, timeout=300)
    assert ver.returncode == 0, ver.stderr
    doc = json.loads(ver.stdout)
    assert doc["schema"] == "qtool.ketgpt.verify/1"
    assert doc["validity"]["total"] == 12 and doc["validity"]["valid_fraction"] == 1.0


def test_verify_rejects_garbage(tiny_checkpoint, tmp_path):
    path, _ = tiny_checkpoint
    junk = tmp_path / "junk.qasm"
    junk.write_text("this is not qasm\n")
    r = run("ketgpt", "verify", junk, "-m", path)
    assert r.exit_code == 2 and "too few" in r.stderr


def test_bench_runs_and_reports(tiny_checkpoint):
    path, _ = tiny_checkpoint
    r = run("bench", "ketgpt", "-m", path, "--count", 4, "--reference-count", 2,
            "--max-qubits", 4, "--json")
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    assert doc["schema"] == "qtool.bench.ketgpt/1"
    assert doc["cached"]["count"] == 4 and doc["uncached"]["count"] == 2
    assert doc["cached"]["mean_qubits"] <= 4 and doc["speedup"] > 0


def test_verify_against_a_real_folder(tiny_checkpoint, tmp_path):
    path, _ = tiny_checkpoint
    gen = tmp_path / "gen"
    assert run("ketgpt", "generate", "-m", path, "--count", 8, "--seed", 1, "--qubits", 4,
               "--out", gen).exit_code == 0
    # --common-limit: the common-basis compile (60% of this test's time) on a few circuits
    # per set; tests/ketgpt/test_ketgpt_honest.py checks that section's figures.
    r = run("ketgpt", "verify", gen, "-m", path, "--real", SMALL, "--classifier-steps", 2,
            "--common-limit", 6, "--json")
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    assert doc["validity"]["total"] == 8 and doc["sizes"]["real"] >= 20
    assert doc["structure"]["real_vs_real"] is None  # no second real sample from a folder


def test_cli_module_imports_no_heavy_packages():
    code = ("import sys, qtool.cli.ketgpt; "
            "print(','.join(m for m in ('torch', 'cirq', 'numpy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and out.stdout.strip() == ""


def test_a_config_with_impossible_head_counts_is_a_clear_error(tiny_dataset, tmp_path):
    """n_head must divide into n_kv_head groups: refused before any training, exit 2."""
    data, _ = tiny_dataset
    cfg = tmp_path / "cfg.json"
    cfg.write_text(json.dumps({"n_layer": 1, "n_head": 4, "n_embd": 32, "n_kv_head": 3}))
    out = tmp_path / "x.pt"
    r = run("ketgpt", "train", "--data", data, "--config", cfg, "--out", out)
    assert r.exit_code == 2
    assert "not a GPTConfig JSON object" in r.stderr and "n_kv_head" in r.stderr
    assert not out.exists()
