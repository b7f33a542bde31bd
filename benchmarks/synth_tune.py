"""Per-target figures of `qtool synth`'s continuous search on TUNING targets (never seed 0).

`qtool bench synth --seed 0` is the held-out set the README reports; changes to the
skeleton search are tuned here instead, on other seeds of the same distribution
(bench._targets(suite, count, seed)), one line per target: its qubits, the generator's CX
count k, the CX count found, whether it passed 1 - 1e-6 and its CPU seconds, then the
share within k CX. `--set NAME=EXPR` overrides a module constant of skelsearch (or
batchfit with `batchfit.NAME=EXPR`) for an experiment.

    python benchmarks/synth_tune.py --suite cont3 --seeds 1,2 [--count 10] [--timeout 10]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main(argv=None) -> int:
    from qtool.synth import batchfit, bench, skelsearch
    from qtool.synth.gatesets import U3_CX
    from qtool.synth.search import Options, synthesize
    from qtool.synth.target import check_target

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--suite", default="cont3", choices=("cont3", "cont4", "state"))
    ap.add_argument("--seeds", default="1,2")
    ap.add_argument("--count", type=int, default=10)
    ap.add_argument("--timeout", type=float, default=10.0)
    ap.add_argument("--weight", type=float, default=None, help="model weight (0: distance only)")
    ap.add_argument("--untrained", action="store_true")
    ap.add_argument("--set", action="append", default=[], metavar="NAME=EXPR")
    ap.add_argument("--only", default=None, help="seed:index,... to run")
    a = ap.parse_args(argv)
    for kv in a.set:
        name, expr = kv.split("=", 1)
        mod = skelsearch
        if name.startswith("batchfit."):
            mod, name = batchfit, name.split(".", 1)[1]
        if not hasattr(mod, name):
            ap.error(f"no constant {name} in {mod.__name__}")
        setattr(mod, name, eval(expr))
    tot = within = ex = 0
    cpu = 0.0
    for seed in map(int, a.seeds.split(",")):
        if seed == 0:
            ap.error("seed 0 is the held-out set: tune on other seeds")
        for i, (kind, n, arr, ref) in enumerate(bench._targets(a.suite, a.count, seed)):
            if a.only and f"{seed}:{i}" not in a.only.split(","):
                continue
            t = check_target(kind, arr, f"{a.suite}[{seed}:{i}]")
            c = time.process_time()
            r = synthesize(t, Options(gateset=U3_CX, seed=seed + i, timeout=a.timeout,
                                      model_weight=a.weight, use_model=not a.untrained))
            dt = time.process_time() - c
            ok = bool(r.exact and r.two_qubit <= ref)
            tot, cpu, ex, within = tot + 1, cpu + dt, ex + r.exact, within + ok
            print(f"{seed}:{i} n={n} {kind} k={ref} cx={r.two_qubit} exact={r.exact} "
                  f"{'OK' if ok else 'MISS'} cpu={dt:.1f} fid={r.fidelity:.8f} {r.found_by}",
                  flush=True)
    print(f"TOTAL {a.suite} within {within}/{tot} exact {ex}/{tot} cpu/target {cpu / max(tot, 1):.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
