"""Does a generated `ghz`, `wstate`, `qft`, `bv` or `grover` do what its family does?

A circuit conditioned on a family looks like the family; this asks whether it *works* like
it, against the algorithm library (qtool.circuits) as the reference, with fidelity >= 0.99:

- ghz, wstate: the state it prepares from |0...0> is the family's state;
- qft: its unitary is the library's QFT up to the bit order of its input and of its output
  (MQT Bench and many papers leave the final swaps out, or count qubits little-endian);
- bv: the secret s is what its inputs read (the likeliest outcome on qubits 0..n-2); its
  unitary is the library's BV circuit for that secret;
- grover: the marked item m is its likeliest outcome; its unitary is the library's Grover
  search for m (same iteration count).

Unitaries up to a global phase: fidelity |tr(U_ref^dagger U)| / 2^n. The library's own
circuits pass by construction; `library_share` measures that rather than assuming it.
MQT Bench's bv (a CZ oracle on an ancilla at qubit 0) and grover (n-1 search qubits and a
flag) are other constructions, so they do not pass the library's bv and grover checks.
"""

from __future__ import annotations

import random
from functools import lru_cache
from typing import Sequence

import numpy as np

FAMILIES = ("ghz", "wstate", "qft", "bv", "grover")
THRESHOLD = 0.99
SEED_SEARCH = 20_000   # library seeds searched for a given secret / marked item


def _circuit(n: int, statements: Sequence):
    from qtool.ketgpt.tokenizer import statements_to_qasm
    from qtool.ketgpt.validity import parse_qasm

    return parse_qasm(statements_to_qasm(n, statements))


def _order(n: int):
    from qtool.qasm.qubits import RegisterQubit

    return [RegisterQubit("q", i) for i in range(n)]


def unitary(n: int, statements: Sequence) -> np.ndarray:
    """The unitary over all n qubits (qubit 0 the most significant bit)."""
    return _circuit(n, statements).unitary(qubit_order=_order(n))


def state(n: int, statements: Sequence) -> np.ndarray:
    """The final state from |0...0> on qsim (qtool.sim), as complex128."""
    from qtool.sim import SimOptions, final_state

    return np.asarray(final_state(_circuit(n, statements), SimOptions(threads=1), _order(n)),
                      dtype=np.complex128)


@lru_cache(maxsize=64)
def _reference(family: str, n: int, seed: int = 0) -> np.ndarray:
    """The library circuit's unitary (ghz, wstate: its final state)."""
    import cirq

    from qtool import circuits

    c = circuits.generate(family, n, seed=seed, level="indep")
    q = cirq.LineQubit.range(n)
    if family in ("ghz", "wstate"):
        return cirq.final_state_vector(c, qubit_order=q, dtype=np.complex128)
    return c.unitary(qubit_order=q)


@lru_cache(maxsize=32)
def _seeds(family: str, n: int) -> dict:
    """Secret (bv) or marked item (grover) -> the first library seed that draws it."""
    from qtool.circuits.oracles import bv_secret, grover_marked

    out: dict = {}
    for seed in range(SEED_SEARCH):
        rng = np.random.default_rng(seed)
        key = tuple(bv_secret(n, rng)) if family == "bv" else int(grover_marked(n, rng))
        out.setdefault(key, seed)
    return out


def _ufid(u: np.ndarray, ref: np.ndarray) -> float:
    return float(abs(np.trace(ref.conj().T @ u)) / u.shape[0])


def _reversal(n: int) -> np.ndarray:
    idx = np.arange(2 ** n)
    rev = np.array([int(format(i, f"0{n}b")[::-1], 2) for i in idx])
    p = np.zeros((2 ** n, 2 ** n))
    p[rev, idx] = 1.0
    return p


def is_functional(family: str, n: int, statements: Sequence) -> bool:
    """True when the circuit does what `family` does on n qubits (see the module)."""
    from qtool.circuits import FAMILIES as LIB

    spec = LIB[family]
    if not spec.min_qubits <= n <= spec.max_qubits or not statements:
        return False
    if family in ("ghz", "wstate"):
        return abs(np.vdot(_reference(family, n), state(n, statements))) ** 2 >= THRESHOLD
    u = unitary(n, statements)
    if family == "qft":
        ref, p = _reference("qft", n), _reversal(n)
        return max(_ufid(u, v) for v in (ref, p @ ref, ref @ p, p @ ref @ p)) >= THRESHOLD
    probs = np.abs(u[:, 0]) ** 2   # the state from |0...0>
    if family == "bv":
        marg = probs.reshape(2 ** (n - 1), 2).sum(1)
        s = format(int(marg.argmax()), f"0{n - 1}b")
        key = tuple(int(b) for b in s)
    else:
        key = int(probs.argmax())
    seed = _seeds(family, n).get(key)
    if seed is None:
        return False
    return _ufid(u, _reference(family, n, seed)) >= THRESHOLD


def library_share(family: str, sizes: Sequence[int], per_size: int, seed: int = 0) -> float:
    """The share of library circuits of the family (seeded) that pass is_functional."""
    from qtool import circuits
    from qtool.ketgpt.convert import circuit_statements

    rng = random.Random(seed)
    ok = total = 0
    for n in sizes:
        for _ in range(per_size if circuits.FAMILIES[family].seeded else 1):
            c = circuits.generate(family, n, seed=rng.randrange(SEED_SEARCH), level="indep")
            ok += is_functional(family, *circuit_statements(c, n))
            total += 1
    return ok / max(total, 1)


def functional_report(ckpt, sizes: Sequence[int] = (3, 4, 5, 6, 7, 8), per_size: int = 10,
                      seed: int = 0, families: Sequence[str] = FAMILIES) -> dict:
    """Per family: the share of generated circuits (`per_size` per size, conditioned on the
    family and the size) that pass, split by sizes the model trained on and sizes it never
    saw for that family (neither in its data nor, when fine-tuned, in its starting
    checkpoint's), beside the library's share on the same sizes."""
    from qtool.ketgpt.generate import generate
    from qtool.ketgpt.sample import SampleOptions

    trained = {f: set(ns) for f, ns in ckpt.meta.get("family_qubits", {}).items()}
    # A fine-tuned model also trained on the sizes its starting checkpoint saw.
    for f, ns in ckpt.meta.get("fine_tuned_from", {}).get("family_sizes", {}).items():
        trained.setdefault(f, set()).update(ns)
    out = {}
    for k, fam in enumerate(families):
        if f"f:{fam}" not in ckpt.tokenizer.index:
            continue
        got = {"trained": [], "held_out": []}
        for n in sizes:
            # One thread: batches of a few circuits, on a machine other work shares.
            gens = generate(ckpt, per_size, n, fam,
                            SampleOptions(seed=seed * 1000 + 97 * k + n, threads=1))
            for g in gens:
                _n, _f, sts = ckpt.tokenizer.decode(g.tokens)
                where = "trained" if n in trained.get(fam, ()) else "held_out"
                got[where].append(is_functional(fam, n, sts))
        every = got["trained"] + got["held_out"]
        out[fam] = {"share": sum(every) / max(len(every), 1),
                    "trained_sizes": sum(got["trained"]) / len(got["trained"]) if got["trained"] else None,
                    "held_out_sizes": sum(got["held_out"]) / len(got["held_out"]) if got["held_out"] else None,
                    "count": len(every),
                    "library": library_share(fam, sizes, 2, seed)}
    return out
