"""Many inputs on `qtool info`, `qtool simulate` and `qtool compile`, driven as a user does:
one result per input (JSON Lines with --json, each naming its file), a bad file reported
while the others run, exit 2 at the end; the same seeded results on 1 and 2 workers."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qtool.cli.main import app
from qtool.qasm.stream import parse_programs

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()


def run(*args, input=None):
    return runner.invoke(app, [str(a) for a in args], input=input)


def qtool(*args, **kw) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.run([sys.executable, "-m", "qtool", *map(str, args)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300, **kw)


def lines(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines()]


def _folder(tmp_path: Path, corpus: Path) -> Path:
    """A folder of real circuits in two subfolders, and one broken file."""
    folder = tmp_path / "in"
    for sub in ("adder_n4", "bell_n4"):
        shutil.copytree(corpus / "small" / sub, folder / sub)
    (folder / "broken.qasm").write_text("OPENQASM 2.0;\nqreg q[2];\ncx q[0], q[7];\n")
    return folder


def test_info_of_files_and_a_folder_as_json_lines(corpus, samples, tmp_path):
    folder = _folder(tmp_path, corpus)
    r = run("info", samples / "bell.qasm", folder, tmp_path / "missing.qasm", "--json")
    assert r.exit_code == 2, r.output
    docs = lines(r.stdout)
    sources = [d["source"] for d in docs]
    expected_folder = sorted(str(p) for p in folder.rglob("*.qasm"))
    assert sources == [str(samples / "bell.qasm"), *expected_folder, str(tmp_path / "missing.qasm")]
    by = {d["source"]: d for d in docs}
    assert by[str(samples / "bell.qasm")]["schema"] == "qtool.info/1"
    assert by[str(samples / "bell.qasm")]["qubits"] == 2
    broken = by[str(folder / "broken.qasm")]
    assert broken["schema"] == "qtool.error/1" and broken["exit_code"] == 2
    assert broken["error"].startswith(f"{folder / 'broken.qasm'}:3:10: index 7 is out of range")
    assert by[str(tmp_path / "missing.qasm")]["schema"] == "qtool.error/1"
    assert f"qtool: error: {folder / 'broken.qasm'}:3:10:" in r.stderr
    assert "2 of 7 inputs failed" in r.stderr
    for path in expected_folder[:-1]:  # each good file: what `qtool info FILE --json` says
        alone = json.loads(run("info", path, "--json").stdout)
        assert by[path] == {**alone}


def test_simulate_several_files_is_each_file_alone(samples):
    files = [samples / "bell.qasm", samples / "ghz.qasm"]
    r = run("simulate", *files, "--shots", 50, "--seed", 3, "--json", "--workers", 1)
    assert r.exit_code == 0, r.output
    docs = lines(r.stdout)
    for f, doc in zip(files, docs):
        alone = json.loads(run("simulate", f, "--shots", 50, "--seed", 3, "--json").stdout)
        assert doc == alone


def test_a_stream_on_stdin_is_a_batch_and_compiles_to_a_stream(samples):
    text = (samples / "bell.qasm").read_text() + (samples / "qft.qasm").read_text()
    r = run("simulate", "-", "--probs", "--json", "--workers", 1, input=text)
    assert r.exit_code == 0, r.output
    assert [d["source"] for d in lines(r.stdout)] == ["<stdin>#1", "<stdin>#2"]
    r = run("compile", "-", "--target", "cz", "--workers", 1, "--seed", 0, input=text)
    assert r.exit_code == 0, r.output
    programs = parse_programs(r.stdout, "out")
    assert len(programs) == 2 and "// qtool compile: <stdin>#2" in r.stdout
    pieces = r.stdout.split("OPENQASM 2.0;\n")[1:]
    for sample, piece in zip(("bell.qasm", "qft.qasm"), pieces):
        alone = run("compile", samples / sample, "--target", "cz", "--seed", 0).stdout
        assert "OPENQASM 2.0;\n" + piece.split("\n", 1)[1] == alone
    assert "verified" in r.stderr


def test_compile_a_folder_into_a_folder_with_two_workers(corpus, tmp_path):
    """Outputs named as their inputs (subfolders kept), JSON lines naming each; the broken
    file reported, the others written; 2 local workers give the files 1 worker gives."""
    folder = _folder(tmp_path, corpus)
    outs = {}
    for workers in (1, 2):
        out = tmp_path / f"out{workers}"
        r = qtool("compile", folder, "-o", out, "--target", "cz", "--seed", 5, "--json",
                  "--workers", workers)
        assert r.returncode == 2, r.stderr
        assert "Traceback" not in r.stderr
        docs = lines(r.stdout)
        assert [d["schema"] for d in docs].count("qtool.error/1") == 1
        for d in docs:
            if d["schema"] == "qtool.compile/1":
                rel = Path(d["input"]).relative_to(folder)
                assert d["output"] == str(out / rel) and (out / rel).is_file()
        outs[workers] = {p.relative_to(out).as_posix(): p.read_text()
                         for p in sorted(out.rglob("*.qasm"))}
    assert outs[1] == outs[2]
    assert sorted(outs[1]) == sorted(p.relative_to(folder).as_posix()
                                     for p in folder.rglob("*.qasm") if p.name != "broken.qasm")
    for rel, text in outs[1].items():  # each output is `qtool compile FILE` alone
        alone = run("compile", folder / rel, "--target", "cz", "--seed", 5)
        assert alone.exit_code == 0 and alone.stdout == text
    assert all(d["verification"] for d in docs if d["schema"] == "qtool.compile/1")


@pytest.mark.parametrize("engine, expected", [("auto", "stim"), ("qsim", "qsim")])
def test_several_inputs_run_on_the_engine_asked_for(samples, engine, expected):
    """Batched simulate passes --engine on, as one input does (bell and ghz are Clifford, so
    auto picks stim)."""
    r = run("simulate", samples / "bell.qasm", samples / "ghz.qasm", "--json", "--shots", "20",
            "--seed", "1", "--engine", engine, "--workers", "1")
    assert r.exit_code == 0, r.output
    docs = [json.loads(line) for line in r.stdout.splitlines() if line.startswith("{")]
    assert [d["engine"] for d in docs] == [expected, expected]


def test_from_is_refused_for_several_inputs(samples):
    r = run("simulate", samples / "bell.qasm", samples / "ghz.qasm", "--from", "stim")
    assert r.exit_code == 2
    assert "--from applies to one input" in r.output
