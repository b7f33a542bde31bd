"""Start-up cost of qtool's commands, against the floor every circuit command pays: `import cirq`.

For each command (info, convert, draw, gen, simulate on samples/bell.qasm, and `--help`), in
one run and interleaved with the reference so machine load hits both alike:
  wall   : median of --repeat runs of the whole command in a fresh `python -m qtool ...`
           process, stdout discarded;
  ratio  : wall / median wall of a bare `python -c "import cirq"` (the floor);
then `python -X importtime` runs of the command (per stack, the median of 3), with every
module's own import time attributed to the stack that pulled it in:
  cirq   : cirq and everything it imports (numpy, sympy, pandas, matplotlib, scipy, ...);
  qsim   : qsimcirq (beyond what cirq had already imported);
  typer  : typer and click;  rich : rich (typer's help formatting, qtool.render);
  qtool  : qtool's own modules (their own time, not what they import);
  other  : the rest (stdlib modules qtool imports itself).
typer + rich + qtool + other is what qtool itself adds on top of Python and cirq.

    python benchmarks/startup.py [--repeat 5] [--json]

`--probe-lazy` instead tries to defer the libraries cirq imports at import time but qtool's
commands never use (pandas, matplotlib), in a child process, two ways:
  lazyloader: importlib.util.LazyLoader for pandas, matplotlib, matplotlib.pyplot;
  stubs     : sys.modules stubs for pandas, matplotlib, matplotlib.*, mpl_toolkits.* (source
              modules only) that run the real module on the first attribute they lack;
and reports which of them `import cirq` still loads (and who touched them), the import time,
whether `qtool info` gives the same output, and whether matplotlib still works afterwards
(cirq.plot_state_histogram to a PNG).

    python benchmarks/startup.py --probe-lazy
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


PROBE = r'''
import importlib.abc, importlib.machinery, importlib.util, io, contextlib, json, runpy, sys
import time, traceback, types

MODE = sys.argv[1]
TOUCHED = {}


def touched_by(name):
    frames = [f for f in traceback.extract_stack()[:-2] if "<frozen" not in f.filename]
    site = frames[-1]
    TOUCHED.setdefault(name, f"{site.filename.split('site-packages/')[-1]}:{site.lineno}")


class Stub(types.ModuleType):
    def __getattr__(self, attr):
        if "_real" not in self.__dict__ or attr.startswith("__"):
            raise AttributeError(attr)
        if "__path__" in self.__dict__:  # `from matplotlib import lines`: a stub submodule
            sub = f"{self.__name__}.{attr}"
            with finder_off():
                found = importlib.util.find_spec(sub) is not None
            if found:
                return importlib.import_module(sub)
        touched_by(self.__name__)
        real = self.__dict__.pop("_real")
        self.__class__ = types.ModuleType
        self.__loader__ = self.__spec__.loader = real
        real.exec_module(self)
        return getattr(self, attr)


class StubLoader(importlib.abc.Loader):
    def __init__(self, real):
        self.real = real

    def create_module(self, spec):
        return Stub(spec.name)

    def exec_module(self, module):
        module.__dict__["_real"] = self.real


class Tracing(importlib.abc.Loader):  # under LazyLoader: runs when the module is touched
    def __init__(self, real, name):
        self.real, self.name = real, name

    def create_module(self, spec):
        return self.real.create_module(spec)

    def exec_module(self, module):
        touched_by(self.name)
        self.real.exec_module(module)


class Finder(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if MODE == "lazyloader":
            wanted = name in ("pandas", "matplotlib", "matplotlib.pyplot")
        else:
            wanted = name in ("pandas", "matplotlib") or name.startswith(("matplotlib.",
                                                                           "mpl_toolkits."))
        if not wanted:
            return None
        with finder_off():
            spec = importlib.util.find_spec(name)
        if spec is None or not isinstance(spec.loader, importlib.machinery.SourceFileLoader):
            return spec
        if MODE == "lazyloader":
            spec.loader = importlib.util.LazyLoader(Tracing(spec.loader, name))
        else:
            spec.loader = StubLoader(spec.loader)
        return spec


FINDER = Finder()


@contextlib.contextmanager
def finder_off():
    sys.meta_path.remove(FINDER)
    try:
        yield
    finally:
        sys.meta_path.insert(0, FINDER)


if MODE != "plain":
    sys.meta_path.insert(0, FINDER)
start = time.perf_counter()
import cirq
report = {"import_cirq_s": round(time.perf_counter() - start, 2),
          "loaded_by_import_cirq": dict(TOUCHED) if MODE != "plain" else "all"}
out = io.StringIO()
sys.argv = ["qtool", "info", sys.argv[2]]
with contextlib.redirect_stdout(out):
    try:
        runpy.run_module("qtool", run_name="__main__")
    except SystemExit:
        pass
report["info_output"] = out.getvalue()
report["loaded_by_qtool_info"] = sorted(set(TOUCHED) - set(report["loaded_by_import_cirq"]))
try:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    q = cirq.LineQubit(0)
    result = cirq.Simulator(seed=1).run(cirq.Circuit(cirq.H(q), cirq.measure(q)), repetitions=8)
    cirq.plot_state_histogram(result)
    plt.savefig(io.BytesIO(), format="png")
    report["matplotlib_after"] = "works"
except Exception as exc:
    report["matplotlib_after"] = f"BROKEN: {type(exc).__name__}: {exc}"
print(json.dumps(report))
'''


def probe_lazy() -> None:
    results = {}
    for mode in ("plain", "lazyloader", "stubs"):
        proc = subprocess.run([sys.executable, "-c", PROBE, mode, BELL], env=env(),
                              capture_output=True, text=True, timeout=300)
        if proc.returncode != 0:
            results[mode] = {"error": proc.stderr.strip().splitlines()[-1]}
            continue
        results[mode] = json.loads(proc.stdout.splitlines()[-1])
    same = {m: r.get("info_output") == results["plain"].get("info_output") for m, r in results.items()}
    for mode, r in results.items():
        print(f"== {mode}")
        if "error" in r:
            print(f"   failed: {r['error']}")
            continue
        print(f"   import cirq: {r['import_cirq_s']} s (one run; compare within a run only)")
        if mode != "plain":
            loaded = r["loaded_by_import_cirq"]
            print("   still loaded by import cirq:",
                  ", ".join(f"{k} (touched at {v})" for k, v in loaded.items()) or "nothing")
            print(f"   loaded by qtool info: {', '.join(r['loaded_by_qtool_info']) or 'nothing'}")
            print(f"   qtool info output identical: {same[mode]}")
        print(f"   matplotlib afterwards: {r['matplotlib_after']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--probe-lazy", action="store_true",
                        help="try deferring cirq's pandas/matplotlib imports and report")
    opts = parser.parse_args()
    if opts.probe_lazy:
        probe_lazy()
        return

    ref, runs = [], {name: [] for name in COMMANDS}
    for _ in range(opts.repeat):
        ref.append(wall(REFERENCE))
        for name, args in COMMANDS.items():
            runs[name].append(wall(qtool(args)))
    ref_median = statistics.median(ref)
    rows = []
    for name, args in COMMANDS.items():
        samples = [breakdown(args) for _ in range(min(3, opts.repeat))]
        parts = {k: statistics.median(p[k] for p in samples) for k in COLUMNS}
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
