"""The random baseline every verification compares against, in two kinds:

- "lines": KetGPT's own random class (Apak et al.): statements drawn uniformly from the
  pool of statements real circuits use, so every line looks real but their order does not;
- "uniform": a seeded random circuit, gates uniform over KetGPT's gate set, qubits uniform,
  angles uniform in (-pi, pi].

Each random circuit copies one real circuit's qubit count and statement count, so size
alone can never tell random from real: only structure can.
"""

from __future__ import annotations

import math
import random
from typing import Sequence

from qtool.ketgpt.tokenizer import GATES, Statement


def random_lines(real: Sequence[tuple[int, list[Statement]]], rng: random.Random) -> list[tuple]:
    """One "lines" circuit per real one, from the pooled statements that fit its qubits."""
    pool = [st for _, sts in real for st in sts]
    by_width: dict[int, list[Statement]] = {}
    out = []
    for n, sts in real:
        fits = by_width.get(n)
        if fits is None:
            fits = by_width[n] = [s for s in pool if max(s[2]) < n]
        out.append((n, [rng.choice(fits) for _ in range(len(sts))]))
    return out


def random_uniform(real: Sequence[tuple[int, list[Statement]]], rng: random.Random) -> list[tuple]:
    """One uniform random circuit per real one (same qubits, same number of gates)."""
    out = []
    for n, sts in real:
        gates = [g for g, (_p, a) in GATES.items() if a <= n]
        body = []
        for _ in range(len(sts)):
            g = rng.choice(gates)
            n_params, arity = GATES[g]
            body.append((g, tuple(rng.uniform(-math.pi, math.pi) for _ in range(n_params)),
                         tuple(rng.sample(range(n), arity))))
        out.append((n, body))
    return out


def random_set(real: Sequence[tuple[int, list[Statement]]], seed: int = 0) -> list[tuple]:
    """Half "lines", half "uniform", each matched to a real circuit (alternating)."""
    rng = random.Random(seed)
    lines = random_lines(real, rng)
    uniform = random_uniform(real, rng)
    return [lines[i] if i % 2 == 0 else uniform[i] for i in range(len(real))]
