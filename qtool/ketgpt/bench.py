"""Generation speed: circuits per second with the KV cache, against the same constrained
sampler without it (recomputing the whole prefix every step), both measured in one run."""

from __future__ import annotations

import time

from qtool.ketgpt.checkpoint import Checkpoint
from qtool.ketgpt.generate import generate
from qtool.ketgpt.sample import SampleOptions, default_threads


def _run(ckpt: Checkpoint, count: int, max_qubits: int, seed: int, use_cache: bool,
         threads: int | None) -> dict:
    opts = SampleOptions(seed=seed, use_cache=use_cache, threads=threads)
    t0 = time.perf_counter()
    out = generate(ckpt, count, None, None, opts, max_qubits=max_qubits)
    dt = time.perf_counter() - t0
    tokens = sum(len(g.tokens) for g in out)
    return {"count": count, "seconds": dt, "circuits_per_s": count / dt, "tokens_per_s": tokens / dt,
            "mean_qubits": sum(g.qubits for g in out) / count,
            "mean_tokens": tokens / count}


def generation_speed(ckpt: Checkpoint, count: int = 1000, max_qubits: int = 10,
                     reference_count: int = 64, seed: int = 0, threads: int | None = None) -> dict:
    """Both runs draw (family, size) like the training set, sizes capped at max_qubits;
    the reference run's circuits are the first `reference_count` of the same draw."""
    generate(ckpt, 8, None, None, SampleOptions(seed=seed), max_qubits=max_qubits)  # warm-up
    cached = _run(ckpt, count, max_qubits, seed, True, threads)
    uncached = _run(ckpt, reference_count, max_qubits, seed, False, threads)
    return {"max_qubits": max_qubits, "threads": threads or default_threads(), "cached": cached,
            "uncached": uncached,
            "speedup": cached["circuits_per_s"] / uncached["circuits_per_s"]}
