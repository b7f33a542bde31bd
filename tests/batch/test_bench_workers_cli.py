"""`qtool bench compile --workers 2`: one task per suite file, merged into the report one
process gives (timings aside)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _bench(*args) -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    env.pop("QTOOL_CLUSTER", None)
    r = subprocess.run([sys.executable, "-m", "qtool", "bench", "compile", "samples",
                        "--no-qiskit", "--json", "-O", "2", "-O", "3", *args], cwd=ROOT, env=env,
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr and "ERROR" not in r.stderr, r.stderr
    return json.loads(r.stdout)


def _untimed(rows):
    return [{k: v for k, v in r.items() if "seconds" not in k and "time" not in k} for r in rows]


def test_bench_compile_spread_over_two_workers_is_the_one_process_report():
    alone = _in_process("bench", "compile", "samples", "--no-qiskit", "--json", "-O", "2",
                        "-O", "3")
    spread = _bench("--workers", "2")
    assert len(alone["rows"]) == 2 * len(list((ROOT / "samples").glob("*.qasm")))
    assert _untimed(spread["rows"]) == _untimed(alone["rows"])
    assert _untimed(spread["summaries"]) == _untimed(alone["summaries"])


def _in_process(*args) -> dict:
    """The one-process run, in this process (no interpreter to start): the reference."""
    from typer.testing import CliRunner

    from qtool.cli.main import app

    r = CliRunner().invoke(app, list(args))
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def _on_two_workers(*args) -> tuple[dict, str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    env.pop("QTOOL_CLUSTER", None)
    r = subprocess.run([sys.executable, "-m", "qtool", *args, "--workers", "2"], cwd=ROOT,
                       env=env, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr
    return json.loads(r.stdout), r.stderr


def test_bench_parse_on_two_workers_times_the_same_files():
    args = ["bench", "parse", str(ROOT / "samples"), "--repeat", "1", "--no-qiskit", "--json"]
    alone = _in_process(*args)
    spread, stderr = _on_two_workers(*args)
    assert "parsing: " in stderr and "on 2 local worker processes" in stderr
    assert _untimed(spread["files"]) == _untimed(alone["files"])
    assert len(alone["files"]) == len(list((ROOT / "samples").glob("*.qasm")))
    assert all(f["seconds"] > 0 for f in spread["files"] if f["error"] is None)


def test_bench_simulate_points_on_two_workers_agree_with_one_process():
    args = ["bench", "simulate", "--qubits", "3:5", "-f", "ghz", "--repeat", "1", "-b", "qtool",
            "-b", "cirq", "--seed", "1", "--json"]
    alone = _in_process(*args)
    spread, stderr = _on_two_workers(*args)
    assert "bench simulate: 3 tasks on 2 local worker processes" in stderr

    def shape(doc):
        return [(p["family"], p["qubits"], p["gates"], p["reference"], p["agree"],
                 [(x["backend"], x["status"], x["fidelity"] is not None and
                   x["fidelity"] > 1 - 1e-5) for x in p["results"]]) for p in doc["points"]]

    assert shape(spread) == shape(alone) and spread["agree"] is True
    assert [p["qubits"] for p in spread["points"]] == [3, 4, 5]
    # each of the 2 workers takes its share of the cores
    assert spread["config"]["threads"] == max(1, len(os.sched_getaffinity(0)) // 2)
