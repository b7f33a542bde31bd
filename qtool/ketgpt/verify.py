"""`qtool ketgpt verify`: the three-way verification of generated circuits, as one report.

1. validity: parse with qtool's reader, simulate on qsim; novel and distinct fractions;
2. classifiers: real / random / generated confusion matrix, and the share of generated
   circuits a real-vs-random classifier calls real;
3. structure: Jensen-Shannon per metric and MMD, generated-vs-real against random-vs-real.

"Real" circuits are library circuits drawn like the training set (same families and sizes)
but with seeds the training set never used, or any .qasm files a user gives; the random set
is matched to them one for one (baselines.py). Everything is seeded: a report reproduces.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from typing import Callable, Sequence

from qtool.errors import QtoolError
from qtool.ketgpt import baselines, classifier, structure
from qtool.ketgpt.checkpoint import Checkpoint
from qtool.ketgpt.classifier import ClassifierOptions
from qtool.ketgpt.dataset import HELD_OUT_SEED
from qtool.ketgpt.tokenizer import ANY_FAMILY
from qtool.ketgpt.validity import declared_qubits, check_validity, parse_qasm

SCHEMA = "qtool.ketgpt.verify/1"
# Metrics the random set copies from the real one by construction: never in the goal ratio.
MATCHED = ("qubits", "gates")


@dataclass
class VerifyOptions:
    real_count: int = 2000     # 500 starved the classifiers: 8% of random called real
    seed: int = 0
    simulate: bool = True
    classifier: ClassifierOptions = field(default_factory=ClassifierOptions)
    plot: str | None = None


def real_from_library(ckpt: Checkpoint, count: int, seed: int,
                      max_qubits: int | None = None) -> list[tuple[int, list]]:
    """Held-out library circuits drawn like the training set's (family, size) pairs."""
    from qtool import circuits
    from qtool.ketgpt.convert import circuit_statements

    pairs = [(f, n) for f, ns in ckpt.meta.get("family_qubits", {}).items() if f != ANY_FAMILY
             for n in ns if max_qubits is None or n <= max_qubits]
    # Only sizes the library makes: a family name can come from another corpus at a size the
    # library's family does not take (MQT Bench's hhl on 10 qubits; the library's stops at 9).
    pairs = [(f, n) for f, n in pairs if f in circuits.FAMILIES
             and circuits.FAMILIES[f].min_qubits <= n <= circuits.FAMILIES[f].max_qubits]
    if not pairs:
        raise QtoolError("the checkpoint names no library families to draw real circuits "
                         "from; give --real DIR")
    rng = random.Random(seed)
    # No longer than the longest training circuit: the training set's own length cut.
    limit = ckpt.meta.get("longest_tokens", ckpt.model.config.block_size)
    tok = ckpt.tokenizer
    out: list[tuple[int, list]] = []
    attempts = 0
    while len(out) < count and attempts < 20 * count:
        fam, n = rng.choice(pairs)
        attempts += 1
        c = circuits.generate(fam, n, seed=HELD_OUT_SEED + seed * 100_000 + attempts, level="indep")
        n, sts = circuit_statements(c, n)
        if len(tok.encode(n, sts)) <= limit:
            out.append((n, sts))
    return out


def parsed(texts: Sequence[str]) -> list[tuple[int, list]]:
    """(qubits, statements) of every text that parses (the rest are counted by validity)."""
    from qtool.ketgpt.convert import circuit_statements

    out = []
    for t in texts:
        try:
            out.append(circuit_statements(parse_qasm(t), declared_qubits(t)))
        except Exception:  # noqa: BLE001 - invalid circuits are validity's business
            continue
    return out


def verify(ckpt: Checkpoint, generated: Sequence[str], opts: VerifyOptions,
           real: Sequence[tuple[int, list]] | None = None,
           stage: Callable[[str], None] | None = None, validity=None) -> dict:
    """The whole report as a JSON-ready dict (schema qtool.ketgpt.verify/1).

    `validity`: the ValidityReport of `generated` when the caller computed it already
    (`qtool ketgpt verify --workers N` checks the circuits as tasks of qtool.batch)."""
    say = stage or (lambda s: None)
    t0 = time.perf_counter()
    tok = ckpt.tokenizer
    say("validity")
    if validity is None:
        validity = check_validity(generated, ckpt.training_fingerprints, opts.simulate)
    val = validity.as_dict()
    gen = [g for g in parsed(generated) if g[0] <= tok.max_qubits]
    if len(gen) < 4:
        raise QtoolError(f"only {len(gen)} generated circuits parse: too few to verify")
    say("real set")
    floor = None
    if real is None:
        largest = max(n for n, _ in gen)
        real = real_from_library(ckpt, opts.real_count, opts.seed, largest)
        # A second real sample: how far two real sets are apart by chance (the noise floor).
        floor = real_from_library(ckpt, opts.real_count, opts.seed + 1, largest)
    real = [r for r in real if 1 <= r[0] <= tok.max_qubits and r[1]]
    if len(real) < 4:
        raise QtoolError(f"only {len(real)} real circuits: too few to verify")
    rand = baselines.random_set(real, opts.seed)

    say("structure")
    metrics = {name: [structure.statement_metrics(n, s) for n, s in group]
               for name, group in (("real", real), ("generated", gen), ("random", rand))}
    js_gen = structure.js_per_metric(metrics["real"], metrics["generated"], [metrics["random"]])
    js_rand = structure.js_per_metric(metrics["real"], metrics["random"], [metrics["generated"]])
    scored = [k for k in js_gen if k not in MATCHED]
    mean_gen = sum(js_gen[k] for k in scored) / len(scored)
    mean_rand = sum(js_rand[k] for k in scored) / len(scored)
    mmd_gen = structure.mmd(metrics["real"], metrics["generated"], exclude=MATCHED)
    mmd_rand = structure.mmd(metrics["real"], metrics["random"], exclude=MATCHED)
    if opts.plot:
        structure.plot(metrics, opts.plot)
    noise = None
    if floor:
        m2 = [structure.statement_metrics(n, s) for n, s in floor]
        js2 = structure.js_per_metric(metrics["real"], m2, [metrics["random"]])
        noise = {"js": js2, "mean_js": sum(js2[k] for k in scored) / len(scored),
                 "mmd": structure.mmd(metrics["real"], m2, exclude=MATCHED)}

    say("classifiers")
    enc = {name: [tok.encode(n, s, None) for n, s in group]
           for name, group in (("real", real), ("generated", gen), ("random", rand))}
    three = classifier.three_way(enc["real"], enc["random"], enc["generated"], tok, opts.classifier)
    binary = classifier.real_vs_random(enc["real"], enc["random"], enc["generated"], tok,
                                       opts.classifier)
    return {
        "schema": SCHEMA,
        "sizes": {"generated": len(generated), "real": len(real), "random": len(rand)},
        "validity": val,
        "classifier": {"three_way": three, "real_vs_random": binary},
        "structure": {
            "js_generated_vs_real": js_gen, "js_random_vs_real": js_rand,
            "matched_by_construction": list(MATCHED),
            "mean_js": {"generated": mean_gen, "random": mean_rand},
            "mmd": {"generated": mmd_gen, "random": mmd_rand},
            "real_vs_real": noise,   # a second held-out real sample: the distance by chance
        },
        "goals": {
            "valid_100": val["valid_fraction"] == 1.0,
            "novel_95": val["novel_fraction"] >= 0.95,
            "generated_called_real_90": binary["generated_called_real"] >= 0.90,
            "random_called_real_5": binary["random_called_real"] <= 0.05,
            "mean_js_third": mean_gen <= mean_rand / 3,
            "mmd_third": mmd_gen <= mmd_rand / 3,
        },
        "seconds": round(time.perf_counter() - t0, 1),
    }
