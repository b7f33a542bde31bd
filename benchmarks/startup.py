"""Start-up cost of qtool's commands, against the floor every circuit command pays: `import cirq`.

For each command (info, convert, draw, gen, simulate on samples/bell.qasm, and `--help`), in
one run and interleaved with the reference so machine load hits both alike:
  wall   : median of --repeat runs of the whole command in a fresh `python -m qtool ...`
           process, stdout discarded;
  ratio  : wall / median wall of a bare `python -c "import cirq"` (the floor);
then one `python -X importtime` run of the command, with every module's own import time
attributed to the stack that pulled it in:
  cirq   : cirq and everything it imports (numpy, sympy, pandas, matplotlib, scipy, ...);
  qsim   : qsimcirq (beyond what cirq had already imported);
  typer  : typer and click;  rich : rich (typer's help formatting, qtool.render);
  qtool  : qtool's own modules (their own time, not what they import);
  other  : the rest (stdlib modules qtool imports itself).
typer + rich + qtool + other is what qtool itself adds on top of Python and cirq.

    python benchmarks/startup.py [--repeat 5] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BELL = str(ROOT / "samples" / "bell.qasm")
COMMANDS = {
    "--help": ["--help"],
    "info": ["info", BELL],
    "convert": ["convert", BELL, "--to", "qasm3"],
    "draw": ["draw", BELL],
    "gen": ["gen", "ghz", "--qubits", "3"],
    "simulate": ["simulate", BELL, "--shots", "100", "--seed", "1"],
}
REFERENCE = [sys.executable, "-c", "import cirq"]
BUCKETS = {"cirq": "cirq", "qsimcirq": "qsim", "typer": "typer", "click": "typer",
           "rich": "rich", "qtool": "qtool", "tui": "qtool", "torch": "torch",
           "openfermion": "openfermion", "textual": "textual"}
COLUMNS = ["cirq", "qsim", "typer", "rich", "qtool", "other", "torch", "openfermion", "textual"]


def env() -> dict[str, str]:
    path = os.pathsep.join(p for p in [str(ROOT), os.environ.get("PYTHONPATH", "")] if p)
    return dict(os.environ, PYTHONPATH=path)


def wall(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, env=env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   check=True, timeout=300)
    return time.perf_counter() - start


def qtool(args: list[str]) -> list[str]:
    return [sys.executable, "-m", "qtool", *args]


def breakdown(args: list[str]) -> dict[str, float]:
    """Seconds of import time per stack, from one `python -X importtime` run."""
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "qtool", *args], env=env(),
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                          check=True, timeout=300)
    # Lines come children first; the indentation of the name is the depth in the import tree.
    nodes: list[tuple[int, str, int, list]] = []  # (depth, name, self_us, children)
    for line in proc.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, _cum, name = line[len("import time:"):].split("|", 2)
        depth = (len(name) - len(name.lstrip())) // 2
        children = []
        while nodes and nodes[-1][0] > depth:
            children.append(nodes.pop())
        nodes.append((depth, name.strip(), int(self_us), children))
    totals = dict.fromkeys(COLUMNS, 0.0)

    def walk(node, inherited: str) -> None:
        _depth, name, self_us, children = node
        bucket = BUCKETS.get(name.split(".")[0], inherited)
        totals[bucket] += self_us / 1e6
        for child in children:
            walk(child, bucket)

    for node in nodes:
        walk(node, "other")
    return totals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    opts = parser.parse_args()

    ref, runs = [], {name: [] for name in COMMANDS}
    for _ in range(opts.repeat):
        ref.append(wall(REFERENCE))
        for name, args in COMMANDS.items():
            runs[name].append(wall(qtool(args)))
    ref_median = statistics.median(ref)
    rows = []
    for name, args in COMMANDS.items():
        parts = breakdown(args)
        median = statistics.median(runs[name])
        rows.append({"command": name, "wall_s": round(median, 3),
                     "ratio_to_import_cirq": round(median / ref_median, 2),
                     "import_s": {k: round(v, 3) for k, v in parts.items()},
                     "qtool_adds_s": round(parts["typer"] + parts["rich"] + parts["qtool"]
                                           + parts["other"], 3)})
    if opts.json:
        print(json.dumps({"schema": "qtool.bench.startup/1", "repeat": opts.repeat,
                          "python_import_cirq_s": round(ref_median, 3), "rows": rows}, indent=2))
        return
    print(f'python -c "import cirq": {ref_median:.3f} s (median of {opts.repeat})')
    shown = [c for c in COLUMNS if any(r["import_s"][c] for r in rows)]
    head = f"{'command':<10}{'wall s':>8}{'ratio':>7}  " + "".join(f"{c:>8}" for c in shown)
    print(head + f"{'qtool+':>9}")
    print(" " * 27 + "import time (s) by stack (-X importtime)")
    for r in rows:
        cells = "".join(f"{r['import_s'][c]:>8.3f}" for c in shown)
        print(f"{r['command']:<10}{r['wall_s']:>8.3f}{r['ratio_to_import_cirq']:>7.2f}  {cells}"
              f"{r['qtool_adds_s']:>9.3f}")
    print("qtool+ = typer + rich + qtool + other: what qtool adds on top of Python and cirq.")


if __name__ == "__main__":
    main()
