"""The honest verifier (issue 18): generated circuits against real circuits never trained on.

What the first verifier could not say, and this one does:

- **Disjointness**: a real circuit that equals a training circuit by fingerprint, by
  structure up to angles, or up to angles and qubit relabelling is dropped from the real
  set (the count is reported), and `assert_disjoint` proves what is left shares no key.
- **Novelty three ways**: exact copies, copies up to angles and relabelling, and the nearest
  edit distance (statements up to angles, qubits relabelled in order of first use, divided
  by the longer length) to any training circuit.
- **Stronger baselines**, each matched one for one to a real circuit (its qubit count and,
  where the training set has it, its family): uniform gates and pooled lines (baselines.py),
  a per-family n-gram model of training statements, a training circuit of the family with
  its lines shuffled, and a training circuit of the family with its angles perturbed.
- **Common basis**: every set is also compiled to rz, sx, x, cx (qtool.compile, target ibm,
  level 1) before its structure is compared, so a gate vocabulary cannot make two sets look
  apart or alike.
- **Two classifiers on one split**: the transformer (classifier.py) against a logistic
  regression on the 37 structural features alone; each says how much of the generated set,
  of every baseline and of the held-out real circuits by origin (MQT Bench, library, ...) it
  calls real.
"""

from __future__ import annotations

import math
import random
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from qtool.errors import QtoolError
from qtool.ketgpt import baselines, structure
from qtool.ketgpt.corpus import keys, relabelled

SCHEMA = "qtool.ketgpt.verify-honest/1"
BASELINES = ("uniform", "lines", "ngram", "shuffled", "perturbed")
_HEADER = re.compile(r"^//\s*(?P<origin>\w+)\s+(?P<source>\S+)\s+family=(?P<family>\S+)", re.M)


@dataclass
class Circ:
    n: int
    statements: list
    family: str | None = None
    origin: str | None = None
    source: str | None = None


# ---------------------------------------------------------------------- inputs
def read_folder(folder: str | Path) -> list[Circ]:
    """Every .qasm file under folder that qtool's reader reads, with its family and origin
    from the header `qtool ketgpt dataset --test-out` writes, else from the file name."""
    from qtool.ketgpt.convert import circuit_statements
    from qtool.ketgpt.corpus import family_from_name
    from qtool.ketgpt.validity import declared_qubits, parse_qasm

    p = Path(folder)
    if not p.is_dir():
        raise QtoolError(f"{folder}: not a folder")
    files = sorted(p.rglob("*.qasm"))
    if not files:
        raise QtoolError(f"{folder}: no .qasm files in this folder")
    out = []
    for f in files:
        text = f.read_text(encoding="utf-8", errors="replace")
        try:
            n, sts = circuit_statements(parse_qasm(text, str(f)), declared_qubits(text) or None)
        except Exception:  # noqa: BLE001 - a file qtool cannot read is not a real circuit here
            continue
        if not sts:
            continue
        m = _HEADER.search(text)
        if m:
            fam = None if m.group("family") == "*" else m.group("family")
            out.append(Circ(n, sts, fam, m.group("origin"), m.group("source")))
        else:
            out.append(Circ(n, sts, family_from_name(f, "folder"), "folder", str(f)))
    return out


def training_circuits(data) -> list[Circ]:
    """The training split of a Dataset as circuits (statements as its tokens spell them)."""
    tok = data.tokenizer
    out = []
    for e in data.split("train"):
        n, _f, sts = tok.decode(e.ids(tok))
        origin = "library" if e.source.startswith("library:") else "file"
        out.append(Circ(n, sts, e.family, origin, e.source))
    return out


def training_keys(ckpt, train: Sequence[Circ] | None) -> dict[str, set]:
    """Fingerprints and structure keys of everything the model trained on: from the training
    circuits when given, and the checkpoint's own record (fingerprints; structure keys for
    checkpoints trained since issue 18)."""
    fps = set(ckpt.meta.get("fingerprints", ()))
    sk = set(ckpt.meta.get("structure_keys", ()))
    ck = set(ckpt.meta.get("canonical_keys", ()))
    for c in train or ():
        f, s, k = keys(c.n, c.statements)
        fps.add(f)
        sk.add(s)
        ck.add(k)
    return {"fingerprint": fps, "structure": sk, "canonical": ck}


# ---------------------------------------------------------------------- disjointness
def disjoint_real(real: Sequence[Circ], known: dict[str, set]) -> tuple[list[Circ], dict]:
    """The real circuits that share no key with training, and how many were dropped why."""
    kept, dropped = [], {"fingerprint": 0, "structure": 0, "canonical": 0}
    for c in real:
        f, s, k = keys(c.n, c.statements)
        hit = next((name for name, key in (("fingerprint", f), ("structure", s), ("canonical", k))
                    if key in known[name]), None)
        if hit:
            dropped[hit] += 1
        else:
            kept.append(c)
    assert_disjoint(kept, known)
    return kept, dropped


def assert_disjoint(real: Sequence[Circ], known: dict[str, set]) -> None:
    """AssertionError unless no real circuit shares any of its three keys with training."""
    for c in real:
        f, s, k = keys(c.n, c.statements)
        assert f not in known["fingerprint"], f"{c.source}: a training circuit (fingerprint)"
        assert s not in known["structure"], f"{c.source}: a training circuit up to angles"
        assert k not in known["canonical"], f"{c.source}: a training circuit up to relabelling"


# ---------------------------------------------------------------------- novelty
class _Symbols:
    """(gate, relabelled qubits) -> small ints, shared by all sequences compared."""

    def __init__(self):
        self.ids: dict = {}

    def seq(self, statements) -> np.ndarray:
        return np.array([self.ids.setdefault(s, len(self.ids)) for s in relabelled(statements)],
                        dtype=np.int64)


def levenshtein_many(a: np.ndarray, B: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Edit distances from sequence `a` to each row of B (padded with -1 past `lengths`).

    Row by row over `a`, all candidates at once; the insertion term of each row is a running
    minimum (D[j] = min_k<=j E[k] + j - k), so a row is a few array operations.
    """
    C, M = B.shape
    ar = np.arange(M + 1)
    prev = np.tile(ar, (C, 1))
    for i, x in enumerate(a, 1):
        e = np.empty_like(prev)
        e[:, 0] = i
        e[:, 1:] = np.minimum(prev[:, :-1] + (B != x), prev[:, 1:] + 1)
        prev = np.minimum.accumulate(e - ar, axis=1) + ar
    return prev[np.arange(C), lengths]


def nearest_edit(gen: Sequence[Circ], train: Sequence[Circ], candidates: int = 48) -> list[float]:
    """Per generated circuit, the smallest normalised edit distance to a training circuit.

    Only the `candidates` training circuits closest in length are compared (the length
    difference is a lower bound of the distance, so the nearest is almost always among them).
    """
    sym = _Symbols()
    tseq = [sym.seq(c.statements) for c in train]
    tlen = np.array([len(s) for s in tseq])
    order = np.argsort(tlen, kind="stable")
    out = []
    for g in gen:
        a = sym.seq(g.statements)
        pos = int(np.searchsorted(tlen[order], len(a)))
        lo, hi = max(0, pos - candidates // 2), min(len(order), pos + candidates // 2)
        pick = order[lo:hi]
        M = int(tlen[pick].max()) if len(pick) else 0
        B = np.full((len(pick), max(M, 1)), -1, dtype=np.int64)
        for r, j in enumerate(pick):
            B[r, : tlen[j]] = tseq[j]
        d = levenshtein_many(a, B, tlen[pick])
        denom = np.maximum(np.maximum(tlen[pick], len(a)), 1)
        out.append(float((d / denom).min()) if len(pick) else 1.0)
    return out


def novelty(gen: Sequence[Circ], train: Sequence[Circ] | None, known: dict[str, set]) -> dict:
    """Novel shares three ways, and the nearest edit distance (when training circuits are
    at hand; the checkpoint stores keys, not circuits)."""
    ks = [keys(c.n, c.statements) for c in gen]
    total = max(len(gen), 1)
    out = {
        "exact": sum(f not in known["fingerprint"] for f, _s, _k in ks) / total,
        "up_to_angles": sum(s not in known["structure"] for _f, s, _k in ks) / total
        if known["structure"] else None,
        "up_to_angles_and_relabelling": sum(k not in known["canonical"] for _f, _s, k in ks) / total
        if known["canonical"] else None,
    }
    if train:
        d = nearest_edit(gen, train)
        out["edit_distance"] = {"mean": float(np.mean(d)), "median": float(np.median(d)),
                                "zero": sum(x == 0 for x in d) / total,
                                "under_0.1": sum(x < 0.1 for x in d) / total}
    return out


# ---------------------------------------------------------------------- baselines
def _by_family(train: Sequence[Circ]) -> dict:
    fam: dict = {}
    for c in train:
        fam.setdefault(c.family, []).append(c)
    return fam


def _pick(train_by_family: dict, everything: Sequence[Circ], c: Circ, rng: random.Random) -> Circ:
    """A training circuit of c's family (all training circuits if none) of the largest size
    <= c.n (any size if none fits: its qubits are then folded onto c's)."""
    pool = train_by_family.get(c.family) or everything
    fits = [t for t in pool if t.n <= c.n] or pool
    best = max(t.n for t in fits)
    return rng.choice([t for t in fits if t.n == best])


def _fold(statements, n: int) -> list:
    """Statements on qubits taken mod n, dropping those that would repeat a qubit."""
    out = []
    for g, p, q in statements:
        qq = tuple(x % n for x in q)
        if len(set(qq)) == len(qq):
            out.append((g, p, qq))
    return out


def shuffled(train: Sequence[Circ], real: Sequence[Circ], rng: random.Random) -> list[tuple]:
    """A training circuit of the family, its lines in random order."""
    fam = _by_family(train)
    out = []
    for c in real:
        t = _pick(fam, train, c, rng)
        body = _fold(t.statements, c.n)
        rng.shuffle(body)
        out.append((c.n, body))
    return out


def perturbed(train: Sequence[Circ], real: Sequence[Circ], rng: random.Random,
              sigma: float = 0.2) -> list[tuple]:
    """A training circuit of the family with every angle moved by a N(0, sigma) step (a
    circuit without angles stays an exact copy: the baseline of a model that memorises)."""
    fam = _by_family(train)
    out = []
    for c in real:
        t = _pick(fam, train, c, rng)
        body = [(g, tuple(x + rng.gauss(0.0, sigma) for x in p), q)
                for g, p, q in _fold(t.statements, c.n)]
        out.append((c.n, body))
    return out


class NGram:
    """A per-family n-gram model of statements (gate, angles, qubits), with back-off."""

    def __init__(self, train: Sequence[Circ], order: int = 3):
        self.order = order
        self.tables: dict = {}
        for c in train:
            for fam in (c.family, "__all__"):
                tab = self.tables.setdefault(fam, [dict() for _ in range(order)])
                seq = ["<s>"] * (order - 1) + [tuple(s) for s in c.statements] + ["</s>"]
                for i in range(order - 1, len(seq)):
                    for k in range(order):  # context of k previous statements
                        ctx = tuple(seq[i - k:i])
                        tab[k].setdefault(ctx, []).append(seq[i])

    def sample(self, n: int, family: str | None, max_len: int, rng: random.Random) -> list:
        tab = self.tables.get(family) or self.tables["__all__"]
        hist = ["<s>"] * (self.order - 1)
        out: list = []
        while len(out) < max_len:
            nxt = None
            for k in range(self.order - 1, -1, -1):
                opts = tab[k].get(tuple(hist[len(hist) - k:]) if k else ())
                if not opts:
                    continue
                fits = [s for s in opts if s == "</s>" or max(s[2]) < n]
                if fits:
                    nxt = rng.choice(fits)
                    break
            if nxt is None or nxt == "</s>":
                break
            out.append(nxt)
            hist.append(nxt)
        return out


def ngram(train: Sequence[Circ], real: Sequence[Circ], rng: random.Random) -> list[tuple]:
    """One n-gram circuit per real circuit (its qubits; at most twice its length; at least
    one statement)."""
    model = NGram(train)
    out = []
    for c in real:
        body = []
        for _ in range(5):
            body = model.sample(c.n, c.family, 2 * len(c.statements) + 1, rng)
            if body:
                break
        out.append((c.n, body or [("h", (), (0,))]))
    return out


def baseline_sets(train: Sequence[Circ] | None, real: Sequence[Circ], seed: int) -> dict:
    """Every baseline, matched to the real circuits; the training-based ones need `train`."""
    rng = random.Random(seed)
    pairs = [(c.n, c.statements) for c in real]
    sets = {"uniform": baselines.random_uniform(pairs, rng),
            "lines": baselines.random_lines(pairs, rng)}
    if train:
        sets["ngram"] = ngram(train, real, rng)
        sets["shuffled"] = shuffled(train, real, rng)
        sets["perturbed"] = perturbed(train, real, rng)
    return sets


# ---------------------------------------------------------------------- common basis
def common_basis(n: int, statements: Sequence) -> tuple[int, list] | None:
    """The circuit in rz, sx, x, cx (qtool.compile, target ibm, level 1); None if it fails."""
    from qtool.compile import compile_circuit
    from qtool.ketgpt.convert import circuit_statements
    from qtool.ketgpt.validity import parse_qasm
    from qtool.ketgpt.tokenizer import statements_to_qasm

    try:
        c = parse_qasm(statements_to_qasm(n, statements))
        res = compile_circuit(c, target="ibm", level=1, verify=False)
        return circuit_statements(res.circuit, n)
    except Exception:  # noqa: BLE001 - a circuit the compiler refuses is left out, and counted
        return None


def in_common_basis(groups: dict[str, list[tuple]], limit: int, seed: int) -> tuple[dict, dict]:
    """Each set (a seeded sample of at most `limit`) compiled to the common basis; and how
    many of each failed to compile."""
    out, failed = {}, {}
    for name, group in groups.items():
        rng = random.Random(f"{seed}:{name}")
        pick = group if len(group) <= limit else rng.sample(list(group), limit)
        done = [common_basis(n, s) for n, s in pick]
        out[name] = [d for d in done if d is not None and d[1]]
        failed[name] = len(done) - len(out[name])
    return out, failed


# ---------------------------------------------------------------------- divergence
MATCHED = ("qubits", "gates")


def divergences(groups: dict[str, list[tuple]]) -> dict:
    """Mean Jensen-Shannon (metrics not matched by construction) and MMD of every set to
    the `real` one, all on one grid; `real_vs_real` halves the real set (the noise floor)."""
    metrics = {k: [structure.statement_metrics(n, s) for n, s in g] for k, g in groups.items()}
    real = metrics["real"]
    others = [m for k, m in metrics.items() if k != "real"]
    out = {}
    for name, m in metrics.items():
        if name == "real":
            continue
        js = structure.js_per_metric(real, m, others)
        scored = {k: v for k, v in js.items() if k not in MATCHED}
        out[name] = {"mean_js": sum(scored.values()) / len(scored),
                     "js": scored, "mmd": structure.mmd(real, m, exclude=MATCHED)}
    half = len(real) // 2
    if half >= 4:
        js = structure.js_per_metric(real[:half], real[half:], others)
        scored = {k: v for k, v in js.items() if k not in MATCHED}
        out["real_vs_real"] = {"mean_js": sum(scored.values()) / len(scored), "js": scored,
                               "mmd": structure.mmd(real[:half], real[half:], exclude=MATCHED)}
    return out


# ---------------------------------------------------------------------- classifiers
def features(n: int, statements: Sequence) -> np.ndarray:
    """The 37 structural features (structure.Metrics.vector): no tokens."""
    return structure.statement_metrics(n, statements).vector()


def logistic_fit(X: np.ndarray, y: np.ndarray, l2: float = 1e-3, steps: int = 300):
    """A logistic regression (standardised features, L-BFGS in torch): a predict function."""
    import torch

    mu, sd = X.mean(0), X.std(0)
    sd[sd < 1e-9] = 1.0
    Xt = torch.tensor((X - mu) / sd, dtype=torch.float64)
    yt = torch.tensor(y, dtype=torch.float64)
    w = torch.zeros(X.shape[1], dtype=torch.float64, requires_grad=True)
    b = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.LBFGS([w, b], max_iter=steps, line_search_fn="strong_wolfe")

    def closure():
        opt.zero_grad()
        loss = torch.nn.functional.binary_cross_entropy_with_logits(Xt @ w + b, yt) + l2 * (w * w).sum()
        loss.backward()
        return loss

    opt.step(closure)
    W, B = w.detach().numpy(), float(b.detach())

    def predict(Z: np.ndarray) -> np.ndarray:
        return (((Z - mu) / sd) @ W + B > 0).astype(int)   # 1: "fake" (random/baseline)

    return predict


def _mixture(real: Sequence, sets: dict[str, list], rng: random.Random) -> tuple[list, list[str]]:
    """One fake per real circuit, the kinds taken in turn (a seeded order)."""
    kinds = list(sets)
    order = list(range(len(real)))
    rng.shuffle(order)
    fakes, labels = [], []
    for j, i in enumerate(order):
        k = kinds[j % len(kinds)]
        fakes.append(sets[k][i])
        labels.append(k)
    return fakes, labels


def classifiers(real: Sequence[Circ], sets: dict[str, list], gen: Sequence[tuple], tok,
                copts, seed: int) -> dict:
    """Real vs fake (every baseline in turn), transformer and feature-only logistic
    regression trained on the same split; called-real shares on the held-out part, per
    baseline and per origin of the real circuits, and on the generated circuits."""
    from qtool.ketgpt import classifier

    rng = random.Random(seed)
    fakes, kinds = _mixture(real, sets, rng)
    circs = [(c.n, c.statements) for c in real] + fakes
    labels = [0] * len(real) + [1] * len(fakes)
    tags = [f"real:{c.origin or '?'}" for c in real] + kinds
    train, test = classifier.stratified_split(labels, copts.test_fraction, seed)
    enc = [tok.encode(n, s, None) for n, s in circs]
    gen_enc = [tok.encode(n, s, None) for n, s in gen]
    longest = max(len(s) for s in enc + gen_enc)
    model = classifier.fit([enc[i] for i in train], [labels[i] for i in train], 2, tok, copts,
                           longest)
    pred_t = classifier.predict(model, [enc[i] for i in test], tok)
    gen_t = classifier.predict(model, gen_enc, tok)
    X = np.array([features(n, s) for n, s in circs])
    G = np.array([features(n, s) for n, s in gen]) if gen else np.zeros((0, X.shape[1]))
    lr = logistic_fit(X[train], np.array([labels[i] for i in train]))
    pred_l = lr(X[test]).tolist()
    gen_l = lr(G).tolist() if len(G) else []
    return {"transformer": _called(test, labels, tags, pred_t, gen_t),
            "logistic_features": _called(test, labels, tags, pred_l, gen_l),
            "test_size": len(test), "train_size": len(train)}


def _called(test, labels, tags, pred, gen_pred) -> dict:
    by: dict[str, list[int]] = {}
    for i, p in zip(test, pred):
        by.setdefault(tags[i], []).append(p == 0)
    acc = sum((p == labels[i]) for i, p in zip(test, pred)) / max(len(test), 1)
    real = [p == 0 for i, p in zip(test, pred) if labels[i] == 0]
    fake = [p == 0 for i, p in zip(test, pred) if labels[i] == 1]
    return {"accuracy": acc,
            "real_called_real": sum(real) / max(len(real), 1),
            "fake_called_real": sum(fake) / max(len(fake), 1),
            "generated_called_real": sum(p == 0 for p in gen_pred) / max(len(gen_pred), 1),
            "called_real": {k: sum(v) / len(v) for k, v in sorted(by.items())},
            "counts": {k: len(v) for k, v in sorted(by.items())}}


# ---------------------------------------------------------------------- the report
@dataclass
class HonestOptions:
    seed: int = 0
    common_limit: int = 400       # circuits per set compiled to the common basis
    classifier_steps: int = 1500
    functional_per_size: int = 0  # generated circuits per (family, size); 0: skip


def honest(ckpt, generated: Sequence[tuple], real: Sequence[Circ], train: Sequence[Circ] | None,
           opts: HonestOptions, stage: Callable[[str], None] | None = None) -> dict:
    """The whole honest report (JSON-ready). `generated`: (qubits, statements) pairs."""
    from qtool.ketgpt.classifier import ClassifierOptions

    say = stage or (lambda s: None)
    tok = ckpt.tokenizer
    say("disjointness")
    known = training_keys(ckpt, train)
    real_all = [c for c in real if 1 <= c.n <= tok.max_qubits]
    real_ok, dropped = disjoint_real(real_all, known)
    if len(real_ok) < 4:
        raise QtoolError(f"only {len(real_ok)} real circuits share nothing with the training "
                         "set: too few to verify against")
    gen = [(n, s) for n, s in generated if s and n <= tok.max_qubits]
    if len(gen) < 4:
        raise QtoolError(f"only {len(gen)} generated circuits: too few to verify")
    say("novelty")
    nov = novelty([Circ(n, s) for n, s in gen], train, known)
    say("baselines")
    sets = baseline_sets(train, real_ok, opts.seed)
    groups = {"real": [(c.n, c.statements) for c in real_ok], "generated": gen, **sets}
    say("structure")
    native = divergences(groups)
    say("common basis")
    common_groups, failed = in_common_basis(groups, opts.common_limit, opts.seed)
    common = divergences(common_groups)
    say("classifiers")
    copts = ClassifierOptions(steps=opts.classifier_steps, seed=opts.seed)
    cls = classifiers(real_ok, sets, gen, tok, copts, opts.seed)
    cls_common = _features_only_common(common_groups, opts.seed)
    origins: dict[str, int] = {}
    for c in real_ok:
        origins[c.origin or "?"] = origins.get(c.origin or "?", 0) + 1
    best = min((k for k in sets), key=lambda k: common[k]["mean_js"])
    report = {
        "schema": SCHEMA,
        "real": {"given": len(real_all), "kept": len(real_ok), "dropped_as_training": dropped,
                 "disjoint": True, "by_origin": origins},
        "generated": len(gen),
        "novelty": nov,
        "baselines": {k: len(v) for k, v in sets.items()},
        "structure": {"native": native, "common_basis": common,
                      "common_basis_sample": opts.common_limit,
                      "common_basis_failed": failed},
        "classifier": {**cls, "logistic_features_common_basis": cls_common},
        "goals": {
            "novel_up_to_angles_and_relabelling_95":
                (nov["up_to_angles_and_relabelling"] or 0) >= 0.95,
            "generated_called_real_90": cls["transformer"]["generated_called_real"] >= 0.90,
            "baselines_called_real_5": all(cls["transformer"]["called_real"].get(k, 0) <= 0.05
                                           for k in sets),
            "mqt_called_real_90": cls["transformer"]["called_real"].get("real:mqt", 0) >= 0.90,
            "common_js_third_of_best_baseline":
                common["generated"]["mean_js"] <= common[best]["mean_js"] / 3,
            "transformer_beats_logistic":
                cls["transformer"]["accuracy"] > cls["logistic_features"]["accuracy"],
        },
        "best_baseline_common_basis": best,
    }
    return report


def _features_only_common(groups: dict[str, list[tuple]], seed: int) -> dict:
    """The logistic regression again, on common-basis circuits (real vs every baseline)."""
    from qtool.ketgpt.classifier import stratified_split

    real = groups["real"]
    fakes = {k: v for k, v in groups.items() if k not in ("real", "generated")}
    rng = random.Random(seed)
    mixed, kinds = [], []
    names = list(fakes)
    for j in range(len(real)):
        k = names[j % len(names)]
        if fakes[k]:
            mixed.append(rng.choice(fakes[k]))
            kinds.append(k)
    circs = list(real) + mixed
    labels = [0] * len(real) + [1] * len(mixed)
    tags = ["real"] * len(real) + kinds
    train, test = stratified_split(labels, 0.3, seed)
    X = np.array([features(n, s) for n, s in circs])
    lr = logistic_fit(X[train], np.array([labels[i] for i in train]))
    gen = groups["generated"]
    G = np.array([features(n, s) for n, s in gen]) if gen else np.zeros((0, X.shape[1]))
    return _called(test, labels, tags, lr(X[test]).tolist(), lr(G).tolist() if len(G) else [])


def table(report: dict, old: dict | None = None) -> list[str]:
    """The report as text lines (and the old verifier's figures beside it, when given)."""
    r, cls, nov = report, report["classifier"], report["novelty"]
    t, lr = cls["transformer"], cls["logistic_features"]
    lines = [f"real circuits: {r['real']['kept']} kept of {r['real']['given']} "
             f"(dropped as training: {r['real']['dropped_as_training']}), by origin "
             f"{r['real']['by_origin']}; generated: {r['generated']}",
             "novelty: exact {:.1%}, up to angles {}, up to angles+relabelling {}".format(
                 nov["exact"], _pct(nov["up_to_angles"]), _pct(nov["up_to_angles_and_relabelling"]))]
    if "edit_distance" in nov:
        e = nov["edit_distance"]
        lines.append(f"nearest edit distance to training: mean {e['mean']:.3f}, median "
                     f"{e['median']:.3f}, zero {e['zero']:.1%}, < 0.1 {e['under_0.1']:.1%}")
    lines.append(f"{'set':<12}{'JS native':>10}{'MMD native':>11}{'JS common':>10}"
                 f"{'MMD common':>11}{'transf. real':>13}{'logreg real':>12}")
    nat, com = r["structure"]["native"], r["structure"]["common_basis"]
    for name in ["generated", *r["baselines"], "real_vs_real"]:
        tr = t["generated_called_real"] if name == "generated" else t["called_real"].get(name)
        lg = lr["generated_called_real"] if name == "generated" else lr["called_real"].get(name)
        lines.append(f"{name:<12}{nat[name]['mean_js']:>10.3f}{nat[name]['mmd']:>11.3f}"
                     f"{com.get(name, {}).get('mean_js', float('nan')):>10.3f}"
                     f"{com.get(name, {}).get('mmd', float('nan')):>11.3f}"
                     f"{_pct(tr):>13}{_pct(lg):>12}")
    for k, v in t["called_real"].items():
        if k.startswith("real:"):
            lines.append(f"held-out {k[5:]} called real: transformer {v:.1%}, logistic "
                         f"{lr['called_real'].get(k, float('nan')):.1%} (n={t['counts'][k]})")
    lines.append(f"classifier accuracy: transformer {t['accuracy']:.1%}, feature-only logistic "
                 f"{lr['accuracy']:.1%}")
    lines.append("goals: " + ", ".join(f"{k} {'yes' if v else 'NO'}" for k, v in r["goals"].items()))
    if "functional" in r:
        for fam, f in r["functional"].items():
            lines.append(f"functional {fam}: generated {_pct(f['share'])} (trained sizes "
                         f"{_pct(f['trained_sizes'])}, held-out sizes {_pct(f['held_out_sizes'])}), "
                         f"library {_pct(f['library'])}")
    return lines


def _pct(x) -> str:
    return "n/a" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.1%}"
