"""`qtool bench clifford` runs and reports every step and its ratios (tiny sizes here;
speed itself is the benchmark's business, never a test's)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_bench_clifford_reports_each_step_and_the_ratios():
    env = dict(os.environ, PYTHONPATH=ROOT, PYTHONWARNINGS="ignore")
    r = subprocess.run([sys.executable, "-m", "qtool", "bench", "clifford", "--distance", "3",
                        "--shots", "2000", "--qasm-shots", "100", "--ghz-shots", "100",
                        "--reader-gates", "2000", "--json"], capture_output=True, text=True,
                       env=env, timeout=600)
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["schema"] == "qtool.bench.clifford/1"
    steps = {(row["case"].split(",")[0], row["step"]) for row in doc["rows"]}
    assert ("surface d=3 r=3 stim file", "stim compile_detector_sampler().sample") in steps
    assert ("surface d=3 r=3 stim file", "qtool simulate (auto -> stim)") in steps
    assert ("ghz 10000 qubits", "simulate (auto -> stim)") in steps
    assert ("ghz 24 qubits", "simulate (qsim)") in steps
    assert all(row["seconds"] > 0 for row in doc["rows"])
    assert set(doc["ratios"]) == {"surface d=3 r=3: qtool / stim sampler", "ghz 24: qsim / stim"}
