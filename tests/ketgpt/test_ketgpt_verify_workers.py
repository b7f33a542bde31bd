"""`ketgpt verify --workers`: the validity check as tasks of qtool.batch gives the report
one process gives."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from qtool.ketgpt.validity import check_chunk, check_validity, combine

ROOT = Path(__file__).resolve().parents[2]
GOOD = 'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[2];\nh q[0];\ncx q[0],q[1];\n'
OTHER = 'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[1];\nx q[0];\n'
BAD = 'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[1];\ncx q[0],q[1];\n'


def test_chunks_combine_into_check_validity():
    texts = [GOOD, OTHER, BAD, GOOD, OTHER, GOOD, BAD]
    whole = check_validity(texts)
    pieces = check_chunk(0, texts[:3]) + check_chunk(3, texts[3:])
    assert combine(pieces) == whole
    assert (whole.parsed, whole.distinct) == (5, 2)
    assert [e.split(":")[0] for e in whole.errors] == ["circuit 2", "circuit 6"]


def test_verify_with_two_workers_reports_the_same_validity(tiny_checkpoint, tmp_path):
    path, _ = tiny_checkpoint
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    env.pop("QTOOL_CLUSTER", None)
    exe = [sys.executable, "-m", "qtool", "ketgpt"]
    gen = tmp_path / "gen"
    made = subprocess.run(exe + ["generate", "-m", str(path), "--count", "60", "--seed", "2",
                                 "--threads", "1", "--out", str(gen)], env=env, capture_output=True, text=True,
                          timeout=300)
    assert made.returncode == 0, made.stderr
    (gen / "zz-broken.qasm").write_text(BAD)
    docs = []
    for extra in ([], ["--workers", "2"]):
        r = subprocess.run(exe + ["verify", str(gen), "-m", str(path), "--real-count", "12",
                                  "--classifier-steps", "2", "--seed", "3", "--json", *extra],
                           env=env, capture_output=True, text=True, timeout=300)
        assert r.returncode == 0, r.stderr
        docs.append(json.loads(r.stdout))
    assert "validity: 2 tasks on 2 local worker processes" in r.stderr
    assert docs[0]["validity"] == docs[1]["validity"]
    assert docs[0]["validity"]["total"] == 61 and docs[0]["validity"]["parsed"] == 60
