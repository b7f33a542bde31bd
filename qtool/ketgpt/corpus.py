"""KetGPT's real corpus: MQT Bench, QASMBench and the library, deduplicated, split so the
test set is never seen in training, not even up to angles.

Why: a verifier whose "held-out real" circuits are the training circuits with other seeds
measures imitation, not learning (issue 18: 9.1% of the old test set were training circuits,
48.4% were training circuits up to angles). So:

- every circuit is keyed three ways: its fingerprint (validity.fingerprint: statements with
  angles on the tokenizer's grid), its structure up to angles (gate names and qubits), and
  its structure up to angles *and* qubit relabelling (qubits renamed in order of first use);
- duplicates by fingerprint or by structure up to angles are dropped (the first kept, in
  source order: library, then MQT Bench, then QASMBench, then any folder);
- whole families (`holdout_families`) and whole (family, size) cells (a stable hash picks
  `cell_fraction` of each family's sizes up to `test_max_qubits`) go to the test set;
- last, a test circuit whose key (any of the three) is also a training key is moved out of
  the test set, and `assert_disjoint` checks what is left.

The family a file belongs to comes from its name (`ghz_n5_s0.qasm`: family `ghz`); MQT
names map onto the library's where the algorithm is the same (MQT_TO_LIBRARY), so the
tokenizer's `f:NAME` vocabulary is the library's and a model trained on the old data can be
fine-tuned on the new. Files of other families are conditioned on `f:*`.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from qtool.errors import QtoolError
from qtool.ketgpt.tokenizer import Statement, Tokenizer

# MQT Bench 2.3 benchmark name -> library family of the same algorithm.
MQT_TO_LIBRARY = {
    "randomcircuit": "random", "vqe_real_amp": "realamprandom", "vqe_su2": "su2random",
    "vqe_two_local": "twolocalrandom", "cdkm_ripple_carry_adder": "adder",
}
# QASMBench file name stem -> library family (only where it is the same algorithm).
QASMBENCH_TO_LIBRARY = {"qft": "qft", "wstate": "wstate", "cat_state": "ghz", "ghz_state": "ghz",
                        "bv": "bv", "grover": "grover", "qaoa": "qaoa"}
# QASMBench ships each circuit twice (NAME_nN.qasm and its NAME_nN_transpiled.qasm twin in
# another basis): both belong to the family, or a held-out family leaks through its twin.
_NAME = re.compile(r"^(?P<fam>.+?)_n(?P<n>\d+)(?:_s\d+)?(?:_transpiled)?$")


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()


def structure_key(num_qubits: int, statements: Sequence[Statement]) -> str:
    """A hash of the circuit up to its angles: qubit count, gate names and qubits in order."""
    return _digest(str(num_qubits) + "|" + "|".join(f"{g}{q}" for g, _p, q in statements))


def relabelled(statements: Sequence[Statement]) -> list[tuple[str, tuple[int, ...]]]:
    """(gate, qubits) with qubits renamed 0, 1, ... in order of first use: a copy of a
    circuit on permuted wires spells the same list (a canonical form, not an isomorphism
    test: a copy whose statements were also reordered is not caught)."""
    names: dict[int, int] = {}
    out = []
    for g, _p, qs in statements:
        out.append((g, tuple(names.setdefault(q, len(names)) for q in qs)))
    return out


def canonical_key(num_qubits: int, statements: Sequence[Statement]) -> str:
    """A hash of the circuit up to angles and qubit relabelling (used qubits only)."""
    body = relabelled(statements)
    used = len({q for _g, qs in body for q in qs})
    return _digest(str(used) + "|" + "|".join(f"{g}{q}" for g, q in body))


def keys(num_qubits: int, statements: Sequence[Statement]) -> tuple[str, str, str]:
    """(fingerprint, structure key, canonical key) of one circuit."""
    from qtool.ketgpt.validity import fingerprint

    return (fingerprint(num_qubits, statements), structure_key(num_qubits, statements),
            canonical_key(num_qubits, statements))


@dataclass
class Item:
    source: str
    origin: str               # library, mqt, qasmbench or folder
    family: str | None        # the family it belongs to (any name, for hold-outs and reports)
    token_family: str | None  # the family token it is trained under (None: f:*)
    qubits: int
    statements: list
    words: list[str]
    fingerprint: str
    skey: str
    ckey: str


def family_from_name(path: Path, origin: str) -> str | None:
    """`ghz_n5_s0.qasm` -> `ghz` (mapped onto the library's names; `qft_n4_transpiled.qasm`
    -> `qft` too), None if no pattern."""
    m = _NAME.match(path.stem)
    if not m:
        return None
    fam = m.group("fam")
    table = MQT_TO_LIBRARY if origin == "mqt" else QASMBENCH_TO_LIBRARY if origin == "qasmbench" else {}
    if origin == "qasmbench":
        return table.get(fam, f"qasmbench:{fam}")
    return table.get(fam, fam)


def collect(sources: Iterable[tuple[str, str, str | None, object]], tok: Tokenizer,
            max_tokens: int, angle_variants: bool = False
            ) -> tuple[list[Item], dict[str, str], dict[str, int]]:
    """Tokenize (source, origin, family, circuit-or-Path) in order; drop duplicates (exact
    copies, and copies up to angles unless `angle_variants`: split then keeps such
    variants out of the test set when one is in training).

    Returns the items, the skipped sources with why, and how many duplicates each origin lost.
    """
    from qtool.ketgpt.convert import circuit_statements
    from qtool.ketgpt.validity import parse_qasm

    items: list[Item] = []
    skipped: dict[str, str] = {}
    dropped: dict[str, int] = {}
    seen: set[str] = set()
    for source, origin, family, item in sources:
        try:
            if isinstance(item, Path):
                item = parse_qasm(item.read_text(encoding="utf-8", errors="replace"), str(source))
            n, sts = circuit_statements(item)
            if not sts:
                raise QtoolError("no gates")
            if n > tok.max_qubits:
                raise QtoolError(f"{n} qubits > {tok.max_qubits}")
            tfam = family if family in tok.families else None
            ids = tok.encode(n, sts, tfam)
            if len(ids) > max_tokens:
                raise QtoolError(f"{len(ids)} tokens > {max_tokens}")
            # The statements the tokens stand for (angles on the grid): what a model sees.
            _, _, sts = tok.decode(ids)
        except Exception as exc:  # noqa: BLE001 - reported per source, the build goes on
            skipped[str(source)] = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
            continue
        fp, sk, ck = keys(n, sts)
        if fp in seen or (sk in seen and not angle_variants):
            dropped[origin] = dropped.get(origin, 0) + 1
            continue
        seen.update((fp,) if angle_variants else (fp, sk))
        items.append(Item(str(source), origin, family, tfam, n, sts,
                          [tok.vocab[i] for i in ids], fp, sk, ck))
    return items, skipped, dropped


def held_out_cells(items: Sequence[Item], cell_fraction: float, test_max_qubits: int,
                   salt: str = "ketgpt-cells") -> set[tuple[str, int]]:
    """(family, size) cells for the test set: per family with 3 or more sizes, the sizes
    <= test_max_qubits whose stable hash falls under cell_fraction (at least one, never the
    family's smallest or all of its sizes)."""
    sizes: dict[str, set[int]] = {}
    for it in items:
        if it.family is not None:
            sizes.setdefault(it.family, set()).add(it.qubits)
    cells = set()
    for fam, ns in sizes.items():
        ns = sorted(ns)
        if len(ns) < 3:
            continue
        cand = [n for n in ns[1:] if n <= test_max_qubits]
        if not cand:
            continue
        score = {n: int(_digest(f"{salt}:{fam}:{n}")[:8], 16) / 16 ** 8 for n in cand}
        pick = [n for n in cand if score[n] < cell_fraction] or [min(cand, key=score.get)]
        pick = pick[: len(ns) - 2]  # keep at least two sizes of the family for training
        cells.update((fam, n) for n in pick)
    return cells


@dataclass
class Split:
    train: list[Item]
    test: list[Item]
    cells: set[tuple[str, int]] = field(default_factory=set)
    families: tuple[str, ...] = ()
    moved: int = 0   # test candidates dropped because a training circuit shares a key


def split(items: Sequence[Item], holdout_families: Sequence[str], cell_fraction: float,
          test_max_qubits: int) -> Split:
    """Whole families and whole (family, size) cells to the test set, then leakage removed:
    a test circuit sharing any key with a training circuit is dropped, and so is a second
    test circuit of the same structure up to angles (the test set counts structures).
    Augmented circuits (origin "augment") train only: in a held-out cell they are dropped."""
    fams = tuple(holdout_families)
    cells = held_out_cells([i for i in items if i.family not in fams and i.origin != "augment"],
                           cell_fraction, test_max_qubits)
    train, test = [], []
    for it in items:
        out = it.family in fams or (it.family, it.qubits) in cells
        if not out:
            train.append(it)
        elif it.qubits <= test_max_qubits and it.origin != "augment":
            test.append(it)
    seen = {k for it in train for k in (it.fingerprint, it.skey, it.ckey)}
    kept, own = [], set()
    for t in test:
        if {t.fingerprint, t.skey, t.ckey} & seen or t.skey in own:
            continue
        own.add(t.skey)
        kept.append(t)
    s = Split(train, kept, cells, fams, len(test) - len(kept))
    assert_disjoint(s.train, s.test)
    return s


def assert_disjoint(train: Sequence[Item], test: Sequence[Item]) -> None:
    """Raise AssertionError if a test circuit equals a training one by fingerprint, by
    structure up to angles, or up to angles and relabelling."""
    for name in ("fingerprint", "skey", "ckey"):
        shared = {getattr(i, name) for i in train} & {getattr(i, name) for i in test}
        assert not shared, f"{len(shared)} test circuits share a {name} with training circuits"


def write_folder(items: Sequence[Item], folder: str | Path, tok: Tokenizer) -> list[str]:
    """One portable .qasm file per item (the tokens' own text), named after its source."""
    from qtool.io import atomic_write

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    names = []
    for k, it in enumerate(items):
        stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", Path(it.source.split(":", 1)[-1]).stem
                      if it.origin != "library" else it.source.replace(":", "_"))
        name = f"{k:05d}_{it.origin}_{stem}.qasm"
        header = f"// {it.origin} {it.source} family={it.family or '*'}\n"
        text = tok.decode_qasm([tok.index[w] for w in it.words])
        first, rest = text.split("\n", 1)
        atomic_write(folder / name, f"{first}\n{header}{rest}")
        names.append(name)
    return names


def qasm_sources(folder: str | Path, origin: str) -> list[tuple]:
    """(source, origin, family from the file name, Path) for every .qasm file under folder."""
    p = Path(folder)
    if not p.is_dir():
        raise QtoolError(f"{folder}: not a folder")
    return [(str(f), origin, family_from_name(f, origin), f) for f in sorted(p.rglob("*.qasm"))]


def folder_provenance(folder: str | Path) -> str | None:
    """The VERSION file a corpus generator wrote (version and exact command), if any."""
    v = Path(folder) / "VERSION"
    return v.read_text(encoding="utf-8").strip() if v.is_file() else None


@dataclass
class RealOptions:
    library: bool = True
    library_seeds: int = 8
    min_qubits: int = 2
    max_qubits: int = 12
    mqt: Sequence[str] = ()
    qasmbench: Sequence[str] = ()
    folders: Sequence[str] = ()
    max_tokens: int = 768
    val_fraction: float = 0.05
    holdout_families: Sequence[str] = ()
    cell_fraction: float = 0.15
    test_max_qubits: int = 10
    # Extra library circuits per held-out cell for the test set only, with seeds no training
    # set uses (dataset.HELD_OUT_SEED and up): seeded families then give new structures.
    test_seeds: int = 0
    # Keep training circuits that differ from another only in angles (seeded ansatz families
    # then keep their many variants; only exact copies are dropped).
    angle_variants: bool = False
    # Augmented ghz, bv, qft and grover circuits per size (qtool.ketgpt.augment), training only.
    augment: int = 0


def build_real(opts: RealOptions, progress=None):
    """(Dataset of the training circuits, Split) from the library, MQT Bench, QASMBench and
    folders, deduplicated and split as the module says. The dataset's meta records where
    every part came from, the hold-outs, and the keys of the test set (so a checkpoint
    trained on it can prove the test set was never seen)."""
    import itertools

    from qtool.ketgpt import dataset as ds

    names = tuple(ds.library_families())
    tok = Tokenizer(families=names)
    parts = []
    if opts.library:
        lib = ds.library_circuits(None, opts.min_qubits, opts.max_qubits,
                                  range(opts.library_seeds), opts.max_tokens)
        parts.append((s, "library", f, c) for s, f, _n, c in lib)
    for origin, folders in (("mqt", opts.mqt), ("qasmbench", opts.qasmbench),
                            ("folder", opts.folders)):
        for f in folders:
            parts.append(qasm_sources(f, origin))
    if opts.augment:
        from qtool.ketgpt.augment import augmented_sources

        # Last: deduplication keeps the first copy, so an augmented circuit that equals a
        # real one is the copy dropped (a real circuit in a held-out cell stays a test one).
        parts.append(augmented_sources(opts.augment, opts.min_qubits, opts.max_qubits))
    if not parts:
        raise QtoolError("nothing to build from: give the library and/or folders")

    def ticking(it):
        for x in it:
            if progress:
                progress()
            yield x

    items, skipped, dropped = collect(ticking(itertools.chain(*parts)), tok, opts.max_tokens,
                                      opts.angle_variants)
    unknown = [f for f in opts.holdout_families if f not in {i.family for i in items}]
    if unknown:
        raise QtoolError(f"hold-out families not in the corpus: {', '.join(unknown)}")
    sp = split(items, opts.holdout_families, opts.cell_fraction, opts.test_max_qubits)
    if opts.library and opts.test_seeds:
        extra = _test_only_library(sp, opts, tok, {i.skey for i in items} | {i.fingerprint for i in items})
        seen = {k for it in sp.train for k in (it.fingerprint, it.skey, it.ckey)}
        kept = [t for t in extra if not {t.fingerprint, t.skey, t.ckey} & seen]
        sp.moved += len(extra) - len(kept)
        sp.test += kept
        assert_disjoint(sp.train, sp.test)
    if not sp.train:
        raise QtoolError("no training circuits left after the hold-outs")
    examples = [ds.Example(i.source, i.token_family, i.qubits, i.words, i.fingerprint,
                           ds.split_of(i.source, opts.val_fraction)) for i in sp.train]
    data = ds.Dataset(tok, examples, skipped)
    data.meta = {
        "builder": "qtool.ketgpt.corpus.build_real",
        "options": {k: (list(v) if isinstance(v, (tuple, list)) else v)
                    for k, v in vars(opts).items()},
        "provenance": {str(f): folder_provenance(f) for f in (*opts.mqt, *opts.qasmbench,
                                                              *opts.folders)},
        "make_up": make_up(sp.train),
        "test_make_up": make_up(sp.test),
        "duplicates_dropped": dropped,
        "held_out_families": list(sp.families),
        "held_out_cells": sorted([f, n] for f, n in sp.cells),
        "test_moved_for_leakage": sp.moved,
        "train_structure_keys": sorted({i.skey for i in sp.train}),
        "train_canonical_keys": sorted({i.ckey for i in sp.train}),
        "test_keys": sorted({k for i in sp.test for k in (i.fingerprint, i.skey, i.ckey)}),
    }
    return data, sp


def _test_only_library(sp: Split, opts: RealOptions, tok: Tokenizer, seen: set) -> list[Item]:
    """Library circuits of the held-out cells (and held-out library families) with seeds
    from dataset.HELD_OUT_SEED on, deduplicated against everything collected."""
    from qtool import circuits
    from qtool.ketgpt.dataset import HELD_OUT_SEED

    cells = set(sp.cells)
    for fam in sp.families:
        if fam in circuits.FAMILIES:
            spec = circuits.FAMILIES[fam]
            cells.update((fam, n) for n in range(max(spec.min_qubits, opts.min_qubits),
                                                 min(spec.max_qubits, opts.test_max_qubits) + 1))
    src = []
    for fam, n in sorted(cells):
        if fam not in circuits.FAMILIES or not circuits.FAMILIES[fam].seeded:
            continue
        for k in range(opts.test_seeds):
            seed = HELD_OUT_SEED + k
            src.append((f"library:{fam}:{n}:{seed}", "library", fam,
                        circuits.generate(fam, n, seed=seed, level="indep")))
    items, _skipped, _dropped = collect(src, tok, opts.max_tokens)
    out = []
    for it in items:
        if it.fingerprint in seen or it.skey in seen:
            continue
        seen.update((it.fingerprint, it.skey))
        out.append(it)
    return out


def make_up(items: Sequence[Item]) -> dict:
    """Circuits per origin and per family (the family counts sorted, largest first)."""
    origin: dict[str, int] = {}
    fam: dict[str, int] = {}
    for i in items:
        origin[i.origin] = origin.get(i.origin, 0) + 1
        fam[i.family or "*"] = fam.get(i.family or "*", 0) + 1
    return {"circuits": len(items), "by_origin": origin,
            "by_family": dict(sorted(fam.items(), key=lambda kv: -kv[1]))}
