"""Benchmark suites for `qtool bench compile` beyond folders of files.

* `corpus-tune` / `corpus-heldout`: the shared QASMBench corpus split in two halves by a
  fixed hash of each benchmark's folder name (`split_of`), so a file and its
  `_transpiled` twin fall on the same side. Passes are tuned on `corpus-tune` only; the
  held-out half is for reporting, never for choosing.
* `random-clifford-t`: random Clifford+T circuits (h, s, sdg, t, tdg, x, cx) from fixed
  seeds, 4-10 qubits, 120-600 gates.
* `arith`: reversible arithmetic of the kind Nam et al. (npj QI 4:23, 2018) benchmarked,
  built here: Toffoli chains (a chain of n-2 Toffolis computing the AND of n-1 inputs onto
  ancillas and uncomputing them), Barenco multi-controlled Toffolis (their barenco_tof_k;
  19 qubits for k = 10, above the default --max-qubits) and Cuccaro ripple-carry adders
  (MAJ/UMA), with every
  Toffoli written out in the standard 7-T Clifford+T form, as in their input files.
* `arith-ccx`: the same circuits with `ccx` gates left as written (so the compiler picks
  each Toffoli's decomposition, and its T polarity, itself).

MQT Bench circuits are a folder the user generates (see benchmarks/mqt_bench_suite.py);
none are shipped.
"""

from __future__ import annotations

import hashlib
import random
from pathlib import Path

SPLIT_SALT = "qtool-compile-split-1"
GENERATED = ("random-clifford-t", "arith", "arith-ccx")
SPLITS = {"corpus-tune": "tune", "corpus-heldout": "heldout"}


def split_of(path: Path) -> str:
    """'tune' or 'heldout' for a corpus file, by a hash of its benchmark folder's name."""
    key = path.parent.name if path.parent.name not in ("small", "medium", "large") else path.stem
    h = hashlib.sha256(f"{SPLIT_SALT}:{key}".encode()).digest()[0]
    return "tune" if h % 2 == 0 else "heldout"


def _header(n: int) -> list[str]:
    return ["OPENQASM 2.0;", 'include "qelib1.inc";', f"qreg q[{n}];"]


def toffoli_ct(a: int, b: int, c: int) -> list[str]:
    """CCX(a, b; c) in the standard 7-T, 6-CX Clifford+T form (Nielsen & Chuang fig. 4.9)."""
    return [f"h q[{c}];", f"cx q[{b}],q[{c}];", f"tdg q[{c}];", f"cx q[{a}],q[{c}];",
            f"t q[{c}];", f"cx q[{b}],q[{c}];", f"tdg q[{c}];", f"cx q[{a}],q[{c}];",
            f"t q[{b}];", f"t q[{c}];", f"h q[{c}];", f"cx q[{a}],q[{b}];", f"t q[{a}];",
            f"tdg q[{b}];", f"cx q[{a}],q[{b}];"]


def _tof(ccx: bool):
    return (lambda a, b, c: [f"ccx q[{a}],q[{b}],q[{c}];"]) if ccx else toffoli_ct


def toffoli_chain(n: int, ccx: bool = False) -> str:
    """n qubits (n odd >= 5): inputs 0..k-1, ancillas k..n-2, target n-1, k = (n+1)/2;
    computes AND of the inputs into the ancillas, copies it to the target, uncomputes."""
    k = (n + 1) // 2
    lines = _header(n)
    steps = [(0, 1, k)] + [(i, k + i - 2, k + i - 1) for i in range(2, k)]
    steps = [(a, b, c) for a, b, c in steps if c < n - 1]
    last = steps[-1][2] if steps else 1
    tof = _tof(ccx)
    body: list[str] = []
    for a, b, c in steps:
        body += tof(a, b, c)
    middle = tof(k - 1, last, n - 1)
    undo: list[str] = []
    for a, b, c in reversed(steps):
        undo += tof(a, b, c)
    return "\n".join(lines + body + middle + undo) + "\n"


def barenco_toffoli(controls: int, ccx: bool = False) -> str:
    """C^k X by Barenco et al.'s lemma 7.2 with k - 2 dirty ancillas on 2k - 1 qubits
    (controls 0..k-1, ancillas k..2k-3, target 2k-2): 4(k - 2) Toffolis, as in the
    barenco_tof_k files of Amy, Maslov and Mosca that Nam et al. optimised."""
    n = 2 * controls - 1
    c, a, t = list(range(controls)), list(range(controls, n - 1)), n - 1
    tof = _tof(ccx)
    ladder = [(c[k - 1], a[k - 3], a[k - 2]) for k in range(controls - 1, 2, -1)]
    down = ladder + [(c[0], c[1], a[0])] + ladder[::-1]
    top = (c[-1], a[-1], t)
    body: list[str] = []
    for step in [top, *down, top, *down]:
        body += tof(*step)
    return "\n".join(_header(n) + body) + "\n"


# Nam, Ross, Su, Childs, Maslov, "Automated optimization of large quantum circuits with
# continuous parameters", npj Quantum Information 4:23 (2018), Table 2, heavy optimisation:
# (CNOT, T) after their optimiser, for the circuits built here that are theirs (Amy et
# al.'s tof_k is the chain on 2k - 1 qubits, our tof_{2k-1}). The inputs match theirs:
# tof_5 18 CX / 21 T, ..., barenco_tof_10 192 / 224.
NAM_2018_HEAVY = {
    "tof_5": (14, 15), "tof_7": (22, 23), "tof_9": (30, 31), "tof_19": (70, 71),
    "barenco_tof_3": (18, 16), "barenco_tof_4": (34, 28), "barenco_tof_5": (50, 40),
    "barenco_tof_10": (130, 100),
}


def cuccaro_adder(bits: int, ccx: bool = False) -> str:
    """Cuccaro et al.'s ripple-carry adder on 2*bits + 2 qubits (carry-in, a, b, carry-out)."""
    n = 2 * bits + 2
    cin, a, b, cout = 0, [1 + 2 * i for i in range(bits)], [2 + 2 * i for i in range(bits)], n - 1
    lines = _header(n)
    tof = _tof(ccx)

    def maj(x, y, z):
        return [f"cx q[{z}],q[{y}];", f"cx q[{z}],q[{x}];", *tof(x, y, z)]

    def uma(x, y, z):
        return [*tof(x, y, z), f"cx q[{z}],q[{x}];", f"cx q[{x}],q[{y}];"]

    body: list[str] = []
    prev = cin
    for i in range(bits):
        body += maj(prev, b[i], a[i])
        prev = a[i]
    body.append(f"cx q[{a[-1]}],q[{cout}];")
    for i in reversed(range(bits)):
        body += uma(cin if i == 0 else a[i - 1], b[i], a[i])
    return "\n".join(lines + body) + "\n"


def random_clifford_t(n: int, gates: int, seed: int) -> str:
    rng = random.Random(seed)
    lines = _header(n)
    for _ in range(gates):
        if rng.random() < 0.3:
            a, b = rng.sample(range(n), 2)
            lines.append(f"cx q[{a}],q[{b}];")
        else:
            g = rng.choice(["h", "s", "sdg", "t", "tdg", "x", "t", "tdg"])
            lines.append(f"{g} q[{rng.randrange(n)}];")
    return "\n".join(lines) + "\n"


def generated_texts(suite: str) -> list[tuple[str, str]]:
    """(name, OpenQASM text) of a generated suite."""
    if suite == "random-clifford-t":
        return [(f"rand_ct_n{n}_g{g}_s{s}", random_clifford_t(n, g, s))
                for s, (n, g) in enumerate([(4, 120), (5, 200), (6, 240), (7, 300), (8, 400),
                                            (9, 480), (10, 600), (6, 150), (8, 250), (10, 350)])]
    if suite in ("arith", "arith-ccx"):
        ccx = suite == "arith-ccx"
        return ([(f"tof_{n}", toffoli_chain(n, ccx)) for n in (5, 7, 9, 11, 19)]
                + [(f"barenco_tof_{k}", barenco_toffoli(k, ccx)) for k in (3, 4, 5, 10)]
                + [(f"adder_{b}bit", cuccaro_adder(b, ccx)) for b in (2, 3, 4, 6)])
    raise KeyError(suite)


def suite_circuits(suite: str, max_qubits: int):
    """(name, text, circuit) for every circuit of `suite` with <= max_qubits qubits: the
    generated suites, the corpus halves, or files (qtool.bench.compile.resolve_suite)."""
    from qtool import qasm
    from qtool.bench.compile import load_suite, resolve_suite

    if suite in GENERATED:
        out = []
        for name, text in generated_texts(suite):
            c = qasm.parse(text, name)
            if len(c.all_qubits()) <= max_qubits:
                out.append((name, text, c))
        return out
    if suite in SPLITS:
        files = [f for f in resolve_suite("corpus") if split_of(f) == SPLITS[suite]]
        return load_suite(files, max_qubits)
    return load_suite(resolve_suite(suite), max_qubits)
