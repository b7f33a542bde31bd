"""Augmented training circuits for the functional families (ghz, bv, qft, grover): other
correct ways to write the same algorithm, so conditioning on the family carries signal.

Why: the library writes ghz and qft one way per size (they ignore the seed), so after
deduplication a model sees about one circuit per (family, size) and learns the family
token as a lookup, while a generated 4-qubit "qft" held no h and no cp (issue 18). Each
variant here does what its family does, checked by `qtool.ketgpt.functional.is_functional`
(the same code that scores generated circuits), and differs from the library's text:

- ghz: H on a random root, then CNOTs along a random spanning tree grown from it (chain,
  star or random parent), the qubits in random order: the GHZ state is symmetric in them;
- bv: a secret the library can draw (`bv_secret` from a fresh seed), the commuting H and
  CNOT layers in random order, or the oracle written as CZs into the output with its H
  moved to the end (H CZ H = CNOT, consecutive H on the output cancel);
- qft: controlled phases in each qubit's block in random order and with control and
  target exchanged at random (they are symmetric and commute), the bit-reversing swaps at
  the end, at the start or left out, as swap gates or three CNOTs, and the mirrored
  construction (qubit n-1 first): all four bit orders the functional check accepts;
- grover: a marked item the library can draw, the multi-controlled Z's target qubit chosen
  at random (it is symmetric) and the X flips in random order.

Training data only: nothing here is ever part of a test set (corpus.split drops augmented
circuits that fall in held-out cells).
"""

from __future__ import annotations

from typing import Iterator

import numpy as np

FAMILIES = ("ghz", "bv", "qft", "grover")


def _shuffled(ops: list, rng: np.random.Generator) -> list:
    return [ops[int(i)] for i in rng.permutation(len(ops))] if ops else []


def ghz(n: int, rng: np.random.Generator):
    import cirq

    q = cirq.LineQubit.range(n)
    root = int(rng.integers(n))
    rest = [int(i) for i in rng.permutation([i for i in range(n) if i != root])]
    style = int(rng.integers(3))   # 0 chain, 1 star, 2 random parent
    ops = [cirq.H(q[root])]
    done = [root]
    for t in rest:
        parent = done[-1] if style == 0 else root if style == 1 else done[int(rng.integers(len(done)))]
        ops.append(cirq.CNOT(q[parent], q[t]))
        done.append(t)
    return cirq.Circuit(ops)


def bv(n: int, rng: np.random.Generator):
    import cirq

    from qtool.circuits.oracles import bv_secret

    s = bv_secret(n, np.random.default_rng(int(rng.integers(2 ** 31))))
    q = cirq.LineQubit.range(n)
    inputs, out = q[:-1], q[-1]
    first = _shuffled([cirq.H(x) for x in inputs], rng)
    last = _shuffled([cirq.H(x) for x in inputs], rng)
    marked = [inputs[i] for i, bit in enumerate(s) if bit]
    if rng.integers(2):
        oracle = _shuffled([cirq.CNOT(x, out) for x in marked], rng)
        ops = [cirq.X(out)] + _mix(first, [cirq.H(out)], rng) + oracle + last
    else:
        oracle = _shuffled([cirq.CZ(x, out) for x in marked], rng)
        ops = [cirq.X(out)] + first + oracle + _mix(last, [cirq.H(out)], rng)
    return cirq.Circuit(ops)


def _mix(a: list, b: list, rng: np.random.Generator) -> list:
    """a and b (ops on different qubits) interleaved at random, each keeping its order."""
    out, i, j = [], 0, 0
    while i < len(a) or j < len(b):
        if j >= len(b) or (i < len(a) and rng.integers(2)):
            out.append(a[i])
            i += 1
        else:
            out.append(b[j])
            j += 1
    return out


def qft(n: int, rng: np.random.Generator):
    import cirq

    q = cirq.LineQubit.range(n)
    if rng.integers(2):
        q = q[::-1]   # mirrored: the reversed bit order on both sides
    ops = []
    for i in range(n):
        ops.append(cirq.H(q[i]))
        block = []
        for j in range(i + 1, n):
            a, b = (q[j], q[i]) if rng.integers(2) else (q[i], q[j])
            block.append(cirq.CZPowGate(exponent=1 / 2 ** (j - i)).on(a, b))
        ops += _shuffled(block, rng)
    pairs = [(q[i], q[n - 1 - i]) for i in range(n // 2)]
    swaps = []
    for a, b in _shuffled(pairs, rng):
        if rng.integers(2):
            a, b = b, a
        swaps += [cirq.SWAP(a, b)] if rng.integers(2) else [cirq.CNOT(a, b), cirq.CNOT(b, a), cirq.CNOT(a, b)]
    where = int(rng.integers(3))   # 0 end, 1 start, 2 none
    return cirq.Circuit(ops + swaps if where == 0 else swaps + ops if where == 1 else ops)


def grover(n: int, rng: np.random.Generator):
    import cirq

    from qtool.circuits.oracles import grover_iterations, grover_marked

    marked = grover_marked(n, np.random.default_rng(int(rng.integers(2 ** 31))))
    q = cirq.LineQubit.range(n)

    def flip(item):
        xs = [cirq.X(q[i]) for i in range(n) if not (item >> (n - 1 - i)) & 1]
        t = int(rng.integers(n))
        mcz = cirq.Z(q[t]).controlled_by(*(q[i] for i in range(n) if i != t))
        return _shuffled(xs, rng) + [mcz] + _shuffled(xs, rng)

    ops = _shuffled([cirq.H(x) for x in q], rng)
    for _ in range(grover_iterations(n)):
        ops += flip(marked) + _shuffled([cirq.H(x) for x in q], rng) + flip(0) \
            + _shuffled([cirq.H(x) for x in q], rng)
    return cirq.Circuit(ops)


GROVER_MAX_QUBITS = 7
MAKERS = {"ghz": ghz, "bv": bv, "qft": qft, "grover": grover}


def variants(family: str, n: int, count: int, seed: int = 0) -> Iterator:
    """`count` variants of the family on n qubits (seeded: a rerun gives the same ones;
    copies are left in, the dataset builder drops exact duplicates)."""
    rng = np.random.default_rng([seed, n, FAMILIES.index(family)])
    for _ in range(count):
        yield MAKERS[family](n, rng)


def augmented_sources(count: int, min_qubits: int, max_qubits: int, seed: int = 0,
                      check_max_qubits: int = 6) -> Iterator[tuple]:
    """(source, origin "augment", family, circuit) for `count` variants of each family and
    size its library range allows; sizes up to check_max_qubits are checked with
    functional.is_functional (a failure is a bug here: ValueError)."""
    from qtool import circuits
    from qtool.ketgpt.convert import circuit_statements
    from qtool.ketgpt.functional import is_functional

    for fam in FAMILIES:
        spec = circuits.FAMILIES[fam]
        for n in range(max(spec.min_qubits, min_qubits), min(spec.max_qubits, max_qubits) + 1):
            if fam == "grover" and n > GROVER_MAX_QUBITS:
                break   # 8 qubits and up: longer than any token budget the datasets use
            for k, c in enumerate(variants(fam, n, count, seed)):
                if n <= check_max_qubits and not is_functional(fam, *circuit_statements(c, n)):
                    raise ValueError(f"augmented {fam} on {n} qubits (variant {k}) is not a {fam}")
                yield f"augment:{fam}:{n}:{k}", "augment", fam, c

