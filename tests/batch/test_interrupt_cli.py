"""Ctrl-C during a batch on local workers: the remaining tasks are cancelled, the workers
go away, no traceback, exit 130 (the terminal sends SIGINT to the whole process group)."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[2]

SLOW = """OPENQASM 3.0;
include "stdgates.inc";
input float[64] theta;
qubit[14] q;
ry(theta) q[0];
cx q[0], q[1]; cx q[1], q[2]; cx q[2], q[3]; cx q[3], q[4]; cx q[4], q[5];
"""


def test_ctrl_c_cancels_a_sweep_cleanly(tmp_path):
    path = tmp_path / "slow.qasm"
    path.write_text(SLOW)
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
               QTOOL_PROGRESS_SECONDS="0")
    env.pop("QTOOL_CLUSTER", None)
    # stdout goes to a file: a pipe nobody reads would block a run that got to the end
    # (under load the interrupt can come late) and hang the suite instead of failing it.
    out = (tmp_path / "stdout").open("w+")
    proc = subprocess.Popen(
        [sys.executable, "-m", "qtool", "simulate", str(path), "--sweep", "theta=0:1:60",
         "--noise", "depolarizing:0.01", "--shots", "500", "--workers", "2", "--json"],
        cwd=ROOT, env=env, stdout=out, stderr=subprocess.PIPE, text=True,
        start_new_session=True)
    seen = []
    workers = []
    for line in proc.stderr:
        seen.append(line)
        if re.match(r"qtool: sweep: ([2-9]|[1-5]\d)/60", line):  # a few tasks done, most not
            workers = psutil.Process(proc.pid).children(recursive=True)
            os.killpg(proc.pid, signal.SIGINT)
            break
    rest = proc.stderr.read()
    assert proc.wait(timeout=60) == 130, "".join(seen) + rest
    assert workers, "".join(seen)
    assert rest.strip().splitlines()[-1] == "qtool: interrupted"
    assert "Traceback" not in rest and "KeyboardInterrupt" not in rest, rest
    out.seek(0)
    assert out.read() == ""  # a sweep prints its table only when it is complete
    deadline = time.monotonic() + 20
    while any(w.is_running() and w.status() != psutil.STATUS_ZOMBIE for w in workers):
        assert time.monotonic() < deadline, "worker processes outlived the command"
        time.sleep(0.2)
