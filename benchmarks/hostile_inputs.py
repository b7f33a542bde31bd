"""Time the OpenQASM reader on hostile inputs, from 10 KB to 1 MB.

Each input is a small valid header followed by a pathological run (spaces with no ';',
runs of '/*' or '->', deep nesting, huge registers, ...). The reader must either parse it or
raise QasmError, in time linear in the input: the last column is the slowest seconds per KB
over the series, and the script exits 1 if any hostile 1 MB input takes a second or more
(the "(valid)" row is a real 125,000-gate circuit, shown as the baseline, not held to it).

    PYTHONPATH=. python benchmarks/hostile_inputs.py [--sizes 10,100,1000] [--budget 1.0]
"""

from __future__ import annotations

import argparse
import sys
import time

HEAD = 'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[2];\ncreg c[2];\n'


def _fill(unit: str, size: int, prefix: str = "", suffix: str = "") -> str:
    room = max(0, size - len(HEAD) - len(prefix) - len(suffix))
    return HEAD + prefix + unit * (room // len(unit)) + suffix


GENERATORS = {
    "spaces, no ';'": lambda n: _fill(" ", n, "h q[0]", "x"),
    "spaces in gate body": lambda n: _fill(" ", n, "gate g a { h a", "x"),
    "spaces in params": lambda n: _fill(" ", n, "rz(", "1"),
    "spaces in if": lambda n: _fill(" ", n, "if (c", "x"),
    "spaces in modifier": lambda n: _fill(" ", n, "ctrl(", "1"),
    "'/*' run": lambda n: _fill("/*", n),
    "'//' run": lambda n: _fill("//", n),
    "'->' run": lambda n: _fill("->", n, "measure q[0] "),
    "'-> ' run, no ';'": lambda n: _fill("-> ", n, "measure "),
    "unary minus run": lambda n: _fill("-", n, "rz(", "1) q[0];"),
    "'2^' run": lambda n: _fill("2^", n, "rz(", "1) q[0];"),
    "'1+' run": lambda n: _fill("1+", n, "rz(", "1) q[0];"),
    "'(' run": lambda n: _fill("(", n, "rz(", "1) q[0];"),
    "long identifier": lambda n: _fill("a", n, "", " q[0];"),
    "long number": lambda n: _fill("9", n, "h q[", "];"),
    "barrier on 20000 qubits": lambda n: _fill(" ", n, "qreg b[20000]; barrier b; barrier b, q;"),
    "many statements (valid)": lambda n: _fill("h q[0];\n", n),
    "many cx, broadcast": lambda n: _fill("cx q, q;\n", n),
    "unterminated string": lambda n: _fill("a", n, 'include "'),
    "commas": lambda n: _fill(",", n, "cx q[0]", "q[1];"),
    "brackets": lambda n: _fill("[", n, "h q", "0];"),
    "huge qreg": lambda n: _fill(" ", n, "qreg r[999999999];"),
    "wide if": lambda n: _fill(" ", n, "creg w[300000]; if (w==0) x q[0];"),
    "nested gate chain": lambda n: _gate_chain(n),
    "doubling gate chain": lambda n: _doubling_chain(n),
}


def _gate_chain(size: int) -> str:
    lines = [HEAD, "gate g0 a { x a; }\n"]
    total, i = len(HEAD), 1
    while total < size:
        line = f"gate g{i} a {{ g{i - 1} a; }}\n"
        lines.append(line)
        total += len(line)
        i += 1
    lines.append(f"g{i - 1} q[0];\n")
    return "".join(lines)


def _doubling_chain(size: int) -> str:
    lines = [HEAD, "gate d0 a { x a; }\n"]
    for i in range(1, 64):
        lines.append(f"gate d{i} a {{ d{i - 1} a; d{i - 1} a; }}\n")
    lines.append("d63 q[0];\n")
    return _fill(" ", size, "".join(lines)[len(HEAD):])


def run_one(text: str) -> tuple[float, str]:
    from qtool.errors import QasmError
    from qtool.qasm import parse

    start = time.perf_counter()
    try:
        parse(text, "hostile.qasm")
        outcome = "parsed"
    except QasmError as exc:
        outcome = "QasmError: " + exc.message[:50]
    return time.perf_counter() - start, outcome


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10,100,1000", help="sizes in KB (default 10,100,1000)")
    ap.add_argument("--budget", type=float, default=1.0, help="seconds allowed for the largest size")
    args = ap.parse_args(argv)
    sizes = [int(s) * 1000 for s in args.sizes.split(",")]
    run_one(HEAD)  # warm imports and the prelude
    width = max(len(k) for k in GENERATORS)
    print(f"{'input':<{width}} " + " ".join(f"{s // 1000:>7} KB" for s in sizes)
          + "   worst s/KB  outcome")
    failed = False
    for name, make in GENERATORS.items():
        times, outcome = [], ""
        for size in sizes:
            seconds, outcome = run_one(make(size))
            times.append(seconds)
        per_kb = max(t / (s / 1000) for t, s in zip(times, sizes))
        if times[-1] >= args.budget and "(valid)" not in name:  # a real circuit that size
            failed = True
        print(f"{name:<{width}} " + " ".join(f"{t:>9.4f}s" for t in times)
              + f"   {per_kb:.2e}  {outcome}")
    print("FAIL: an input over budget" if failed else f"ok: every {sizes[-1] // 1000} KB input "
          f"under {args.budget} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
