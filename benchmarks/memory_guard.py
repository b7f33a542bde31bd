"""The memory guard's prediction against the measured peak memory of `qtool simulate`.

For each qubit count, a fresh process imports qtool, records its memory, then runs
`qtool simulate` (through the real CLI entry point, in-process) on an n-qubit circuit and
records the peak: resident (VmHWM, what MemAvailable and cgroup limits see) and virtual
(VmPeak, what RLIMIT_AS sees). The guard's prediction (qtool.sim.memory.state_bytes) must
not be below the measured growth over the baseline.

    PYTHONPATH=$PWD python benchmarks/memory_guard.py                 # 20 22 24 26 28
    PYTHONPATH=$PWD python benchmarks/memory_guard.py --qubits 20 24 --mode counts

Modes: probs (the default for a circuit without measurements: --probs --top 1024),
counts (measured circuit, --shots 1024), state (--state --top 1024), expect (--expect Z0).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys

CHILD = r"""
import io, json, sys, contextlib
def status():
    out = {}
    for line in open("/proc/self/status"):
        k, _, v = line.partition(":")
        if k in ("VmSize", "VmPeak", "VmRSS", "VmHWM"):
            out[k] = int(v.split()[0]) * 1024
    return out
n, mode, path = int(sys.argv[1]), sys.argv[2], sys.argv[3]
from typer.testing import CliRunner
from qtool.cli.main import app
import cirq, qsimcirq, numpy  # what a run imports anyway, before the baseline
from qtool.sim import engine, report  # noqa: F401
args = ["simulate", path, "--threads", "2"]
args += {"probs": ["--probs"], "counts": ["--shots", "1024", "--seed", "1"],
         "state": ["--state"], "expect": ["--expect", "Z0"]}[mode]
# reset the high-water mark so the peak is the simulation's (Linux >= 4.0)
open("/proc/self/clear_refs", "w").write("5")
base = status()
r = CliRunner().invoke(app, args)
end = status()
print(json.dumps({"exit": r.exit_code, "base": base, "end": end, "err": r.stderr[-300:]}))
"""


def circuit(n: int, measured: bool) -> str:
    lines = ['OPENQASM 2.0;', 'include "qelib1.inc";', f"qreg q[{n}];"]
    if measured:
        lines.append(f"creg c[{n}];")
    lines += [f"h q[{i}];" for i in range(n)]
    lines += [f"cx q[{i}],q[{i + 1}];" for i in range(n - 1)]
    lines += [f"rz(0.{i + 1}) q[{i}];" for i in range(n)]
    if measured:
        lines.append("measure q -> c;")
    return "\n".join(lines) + "\n"


def measure(n: int, mode: str, tmp: str) -> dict:
    path = os.path.join(tmp, f"mem_{n}_{mode}.qasm")
    with open(path, "w") as fh:
        fh.write(circuit(n, mode == "counts"))
    out = subprocess.run([sys.executable, "-c", CHILD, str(n), mode, path], capture_output=True,
                         text=True, env=dict(os.environ, PYTHONWARNINGS="ignore"))
    if out.returncode != 0:
        raise SystemExit(f"{n} qubits {mode}: exit {out.returncode}\n{out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--qubits", type=int, nargs="+", default=[20, 22, 24, 26, 28])
    ap.add_argument("--mode", nargs="+", default=["probs", "counts", "state", "expect"],
                    choices=["probs", "counts", "state", "expect"])
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    import tempfile

    from qtool.sim.memory import BYTES_PER_AMPLITUDE, human, state_bytes

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.qubits:
            for mode in args.mode:
                m = measure(n, mode, tmp)
                rss = m["end"]["VmHWM"] - m["base"]["VmRSS"]
                virt = m["end"]["VmPeak"] - m["base"]["VmSize"]
                row = {"qubits": n, "mode": mode, "exit": m["exit"], "predicted": state_bytes(n),
                       "peak_rss_growth": rss, "peak_virtual_growth": virt,
                       "rss_bytes_per_amplitude": rss / 2 ** n,
                       "virtual_bytes_per_amplitude": virt / 2 ** n}
                rows.append(row)
                if not args.json:
                    ok = "ok" if row["predicted"] >= max(rss, virt) else "UNDER"
                    print(f"{n:3d} qubits {mode:6s} predicted {human(row['predicted']):>10s}  "
                          f"peak RSS +{human(rss):>10s} ({rss / 2 ** n:5.1f} B/amp)  "
                          f"peak virtual +{human(virt):>10s} ({virt / 2 ** n:5.1f} B/amp)  {ok}",
                          flush=True)
    if args.json:
        print(json.dumps({"bytes_per_amplitude": BYTES_PER_AMPLITUDE, "rows": rows}, indent=2))


if __name__ == "__main__":
    main()
