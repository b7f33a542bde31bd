"""A real Dask cluster: `dask scheduler` and two `dask worker` processes on 127.0.0.1, and
qtool commands sent to it with --cluster (or QTOOL_CLUSTER): a folder compile and a sweep
give what they give in one process; killing a worker mid-run loses no task."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DASK = Path(sys.executable).with_name("dask")

SLOW_SWEEP = """OPENQASM 3.0;
include "stdgates.inc";
input float[64] theta;
qubit[12] q;
ry(theta) q[0];
cx q[0], q[1]; cx q[1], q[2]; cx q[2], q[3]; cx q[3], q[4]; cx q[4], q[5];
cx q[5], q[6]; cx q[6], q[7]; cx q[7], q[8]; cx q[8], q[9]; cx q[9], q[10]; cx q[10], q[11];
"""


def _env(**extra) -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    env.pop("QTOOL_CLUSTER", None)
    env.update(extra)
    return env


def qtool(*args, env=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "qtool", *map(str, args)], cwd=ROOT,
                          env=env or _env(), capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """(address, [worker processes]); the scheduler reruns a dead worker's task once."""
    tmp = tmp_path_factory.mktemp("dask")
    info = tmp / "scheduler.json"
    env = _env(DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES="1")
    logs = open(tmp / "dask.log", "w")
    scheduler = subprocess.Popen([str(DASK), "scheduler", "--host", "127.0.0.1", "--port", "0",
                                  "--no-dashboard", "--scheduler-file", str(info)],
                                 env=env, stdout=logs, stderr=logs, cwd=tmp)
    procs = [scheduler]
    try:
        deadline = time.monotonic() + 60
        while not info.exists() or not info.read_text().strip():
            assert time.monotonic() < deadline, (tmp / "dask.log").read_text()
            time.sleep(0.2)
        time.sleep(0.2)
        address = json.loads(info.read_text())["address"]
        workers = [subprocess.Popen([str(DASK), "worker", address, "--nthreads", "1",
                                     "--no-nanny", "--no-dashboard", "--host", "127.0.0.1"],
                                    env=env, stdout=logs, stderr=logs, cwd=tmp)
                   for _ in range(2)]
        procs += workers
        from distributed import Client

        with Client(address, timeout="30s") as client:
            client.wait_for_workers(2, timeout=60)
        yield address, workers
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in reversed(procs):
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
        logs.close()


def test_a_folder_compile_through_the_cluster_is_the_local_one(cluster, corpus, tmp_path):
    address, _ = cluster
    folder = tmp_path / "in"
    for sub in ("adder_n4", "bell_n4", "qft_n4"):
        shutil.copytree(corpus / "small" / sub, folder / sub)
    remote = qtool("compile", folder, "-o", tmp_path / "remote", "--target", "ibm", "--seed", 1,
                   "--cluster", address)
    assert remote.returncode == 0, remote.stderr
    assert f"compile: 6 tasks on Dask scheduler {address} (2 workers)" in remote.stderr
    local = qtool("compile", folder, "-o", tmp_path / "local", "--target", "ibm", "--seed", 1,
                  "--workers", 1)
    assert local.returncode == 0, local.stderr

    def files(out):
        return {p.relative_to(out).as_posix(): p.read_text() for p in out.rglob("*.qasm")}

    assert files(tmp_path / "remote") == files(tmp_path / "local")
    assert len(files(tmp_path / "remote")) == 6


def test_a_seeded_sweep_through_qtool_cluster_is_the_local_one(cluster, tmp_path):
    address, _ = cluster
    path = tmp_path / "s.qasm"
    path.write_text(SLOW_SWEEP.replace("qubit[12]", "qubit[3]").split("cx q[2], q[3]")[0] + "\n")
    args = ["simulate", path, "--sweep", "theta=0:pi:6", "--shots", 200, "--seed", 4, "--json"]
    remote = qtool(*args, env=_env(QTOOL_CLUSTER=address))
    assert remote.returncode == 0, remote.stderr
    assert f"sweep: 6 tasks on Dask scheduler {address}" in remote.stderr
    local = qtool(*args, "--workers", 1)
    assert json.loads(remote.stdout) == json.loads(local.stdout)
    counts = [p["counts"] for p in json.loads(local.stdout)["points"]]
    assert counts[0] == {"000": 200} and counts[-1] == {"111": 200}


def test_a_worker_killed_mid_sweep_loses_no_task_and_does_not_hang(cluster, tmp_path):
    """Last in the module: it kills one of the two workers."""
    address, workers = cluster
    path = tmp_path / "slow.qasm"
    path.write_text(SLOW_SWEEP)
    args = ["simulate", str(path), "--sweep", "theta=0:pi:12", "--noise", "depolarizing:0.01",
            "--shots", "400", "--seed", "2", "--json"]
    proc = subprocess.Popen([sys.executable, "-m", "qtool", *args, "--cluster", address],
                            cwd=ROOT, env=_env(QTOOL_PROGRESS_SECONDS="0"),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    killed = False
    stderr = []
    for line in proc.stderr:
        stderr.append(line)
        if not killed and line.startswith("qtool: sweep: 1/12"):
            workers[0].send_signal(signal.SIGKILL)
            killed = True
    out = proc.stdout.read()
    assert proc.wait(timeout=300) == 0, "".join(stderr)
    assert killed, "".join(stderr)
    remote = json.loads(out)
    local = json.loads(qtool(*args, "--workers", 1).stdout)
    assert len(remote["points"]) == 12
    assert remote == local
