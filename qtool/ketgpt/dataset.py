"""KetGPT training sets: library circuits over a range of sizes and seeds, plus .qasm folders.

A dataset file is one JSON document (`"schema": "qtool.ketgpt.dataset/1"`) holding the
tokenizer's configuration and, per circuit, its source, family, qubit count, token words and
fingerprint, and whether it is for training or held out. Token *words* (not ids) are stored,
so the file stays readable and survives a change in vocabulary order.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from qtool.errors import ParameterError, QtoolError
from qtool.ketgpt.tokenizer import Tokenizer

SCHEMA = "qtool.ketgpt.dataset/1"
HELD_OUT_SEED = 1_000_000   # library seeds at and above this are never used for training


@dataclass
class Example:
    source: str
    family: str | None
    qubits: int
    words: list[str]
    fingerprint: str
    split: str = "train"        # "train" or "val"

    def ids(self, tok: Tokenizer) -> list[int]:
        return [tok.index[w] for w in self.words]


@dataclass
class Dataset:
    tokenizer: Tokenizer
    examples: list[Example] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)   # source -> why
    # Where the circuits came from and how they were split (corpus.build_real): versions,
    # commands, hold-outs, counts. Empty for a plain `qtool ketgpt dataset` build.
    meta: dict = field(default_factory=dict)

    def split(self, name: str) -> list[Example]:
        return [e for e in self.examples if e.split == name]

    def to_json(self) -> str:
        return json.dumps({
            "schema": SCHEMA, "tokenizer": self.tokenizer.to_dict(),
            "examples": [{"source": e.source, "family": e.family, "qubits": e.qubits,
                          "tokens": " ".join(e.words), "fingerprint": e.fingerprint,
                          "split": e.split} for e in self.examples],
            "skipped": self.skipped, "meta": self.meta,
        })

    @classmethod
    def load(cls, path: str | Path) -> "Dataset":
        from qtool.io import read_text

        text, name = read_text(str(path))
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as exc:
            raise QtoolError(f"{name}:{exc.lineno}:{exc.colno}: not a KetGPT dataset "
                             f"(bad JSON: {exc.msg})") from None
        except RecursionError:
            raise QtoolError(f"{name}: not a KetGPT dataset (JSON nested too deeply)") from None
        if not isinstance(doc, dict) or doc.get("schema") != SCHEMA:
            raise QtoolError(f"{name}: not a KetGPT dataset (schema {SCHEMA} expected)")
        try:
            tok = tokenizer_from_dict(doc.get("tokenizer"))
            examples = doc.get("examples")
            if not isinstance(examples, list):
                raise ValueError(f"'examples' must be a list, got {type(examples).__name__}")
            out = [_example(e, i, tok) for i, e in enumerate(examples)]
            skipped = doc.get("skipped", {})
            if not isinstance(skipped, dict):
                raise ValueError(f"'skipped' must be an object, got {type(skipped).__name__}")
            meta = doc.get("meta", {})
            if not isinstance(meta, dict):
                raise ValueError(f"'meta' must be an object, got {type(meta).__name__}")
        except ValueError as exc:
            raise QtoolError(f"{name}: not a KetGPT dataset ({exc})") from None
        return cls(tok, out, skipped, meta)


def _example(e, i: int, tok: Tokenizer) -> Example:
    where = f"examples[{i}]"
    if not isinstance(e, dict):
        raise ValueError(f"{where} must be an object, got {type(e).__name__}")
    for key, kinds in (("source", str), ("family", (str, type(None))), ("tokens", str),
                       ("fingerprint", str), ("split", str)):
        if not isinstance(e.get(key), kinds):
            raise ValueError(f"{where}.{key} must be a string, got {type(e.get(key)).__name__}")
    q = e.get("qubits")
    if isinstance(q, bool) or not isinstance(q, int) or not 1 <= q <= tok.max_qubits:
        raise ValueError(f"{where}.qubits must be a whole number from 1 to {tok.max_qubits}, "
                         f"got {q!r}")
    if e["split"] not in ("train", "val"):
        raise ValueError(f"{where}.split must be 'train' or 'val', got {e['split']!r}")
    words = e["tokens"].split()
    bad = next((w for w in words if w not in tok.index), None)
    if bad is not None:
        raise ValueError(f"{where}.tokens: {bad[:40]!r} is not in the tokenizer's vocabulary")
    return Example(e["source"], e["family"], q, words, e["fingerprint"], e["split"])


def tokenizer_from_dict(d) -> Tokenizer:
    """A Tokenizer from a dataset's or checkpoint's config, each field checked (ValueError)."""
    if not isinstance(d, dict):
        raise ValueError(f"'tokenizer' must be an object, got {type(d).__name__}")
    known = {"max_qubits", "families", "angle_k", "tiny_k", "angle_bins", "separator"}
    unknown = sorted(set(d) - known)
    if unknown:
        raise ValueError(f"tokenizer: unknown field(s) {', '.join(map(repr, unknown))}")
    ranges = {"max_qubits": (1, 1024), "angle_k": (0, 30), "tiny_k": (0, 62),
              "angle_bins": (1, 100_000)}
    for key, (lo, hi) in ranges.items():
        v = d.get(key)
        if isinstance(v, bool) or not isinstance(v, int) or not lo <= v <= hi:
            raise ValueError(f"tokenizer.{key} must be a whole number from {lo} to {hi}, got {v!r}")
    fams = d.get("families")
    if not isinstance(fams, list) or not all(isinstance(f, str) for f in fams) or len(fams) > 10_000:
        raise ValueError("tokenizer.families must be a list of names")
    if not isinstance(d.get("separator", True), bool):
        raise ValueError("tokenizer.separator must be true or false")
    return Tokenizer.from_dict(d)


def split_of(source: str, val_fraction: float) -> str:
    """A stable train/val assignment from the source name (not from random state)."""
    h = int(hashlib.sha1(source.encode()).hexdigest()[:8], 16) / 16 ** 8
    return "val" if h < val_fraction else "train"


def library_families() -> dict[str, tuple[int, int]]:
    """Family -> (min, max) qubits, from the algorithm library."""
    from qtool import circuits

    out = {}
    for name, spec in circuits.FAMILIES.items():
        out[name] = _qubit_range(spec)
    return out


def _qubit_range(spec) -> tuple[int, int]:
    for lo, hi in (("min_qubits", "max_qubits"), ("qmin", "qmax")):
        if hasattr(spec, lo):
            return int(getattr(spec, lo)), int(getattr(spec, hi))
    if isinstance(spec, dict) and "min_qubits" in spec:
        return int(spec["min_qubits"]), int(spec["max_qubits"])
    if isinstance(spec, (tuple, list)) and len(spec) >= 2 and all(isinstance(x, int) for x in spec[:2]):
        return int(spec[0]), int(spec[1])
    rng = getattr(spec, "qubits", None)
    if isinstance(rng, range):
        return rng.start, rng.stop - 1
    if isinstance(rng, tuple):
        return int(rng[0]), int(rng[1])
    raise QtoolError(f"cannot read the qubit range of library family {spec!r}")


def library_circuits(families: Iterable[str] | None = None, min_qubits: int = 2,
                     max_qubits: int = 12, seeds: Iterable[int] = range(8),
                     max_tokens: int | None = None) -> Iterator[tuple]:
    """(source, family, qubits, cirq circuit) for every family, size and seed in range.

    A family that ignores its seed (qft, ghz, ...) gives one circuit per size. With
    max_tokens, a family stops growing at the first size whose circuit cannot fit (every
    statement takes at least 3 tokens), instead of building ever larger circuits to drop.
    """
    from qtool import circuits

    ranges = library_families()
    seeds = list(seeds)
    for fam in (families or list(ranges)):
        if fam not in ranges:
            raise QtoolError(f"unknown library family {fam!r}; known: {', '.join(sorted(ranges))}")
        lo, hi = ranges[fam]
        seeded = getattr(circuits.FAMILIES[fam], "seeded", True)
        for n in range(max(lo, min_qubits), min(hi, max_qubits) + 1):
            fits = False
            for seed in (seeds if seeded else seeds[:1]):
                c = circuits.generate(fam, n, seed=seed, level="indep")
                if max_tokens is not None and 3 * sum(1 for _ in c.all_operations()) > max_tokens:
                    continue
                fits = True
                yield f"library:{fam}:{n}:{seed}", fam, n, c
            if not fits:
                break  # larger sizes only grow


def qasm_files(folders: Iterable[str | Path]) -> Iterator[tuple]:
    """(source, None, None, text) for every .qasm file under the folders."""
    for folder in folders:
        p = Path(folder)
        if not p.is_dir():
            raise QtoolError(f"{folder}: not a folder")
        for f in sorted(p.rglob("*.qasm")):
            yield str(f), None, None, f


def build(sources: Iterable[tuple], tok: Tokenizer, max_tokens: int = 1024,
          val_fraction: float = 0.05, advance: Callable[[], None] | None = None) -> Dataset:
    """Tokenize every source; skip (and say why) what cannot be read or is too long.

    Circuits identical to one already in the set are dropped, so a duplicate can never be
    in both the training and the held-out split.
    """
    from qtool.ketgpt.convert import circuit_statements
    from qtool.ketgpt.validity import parse_qasm, text_fingerprint

    ds = Dataset(tok)
    seen: set[str] = set()
    for source, family, n, item in sources:
        if advance:
            advance()
        try:
            if isinstance(item, Path):
                text = item.read_text(encoding="utf-8", errors="replace")
                item = parse_qasm(text, str(source))
            n, statements = circuit_statements(item, n)
            if n > tok.max_qubits:
                raise QtoolError(f"{n} qubits > {tok.max_qubits}")
            ids = tok.encode(n, statements, family)
            if len(ids) > max_tokens:
                raise QtoolError(f"{len(ids)} tokens > {max_tokens}")
            fp = text_fingerprint(tok.decode_qasm(ids))
        except Exception as exc:  # noqa: BLE001 - reported per source, the build goes on
            ds.skipped[str(source)] = str(exc).splitlines()[0][:200]
            continue
        if fp in seen:
            continue
        seen.add(fp)
        ds.examples.append(Example(str(source), family, n, [tok.vocab[i] for i in ids], fp,
                                   split_of(str(source), val_fraction)))
    if not ds.examples:
        raise QtoolError("no usable circuits: the dataset would be empty")
    return ds


def build_training_set(from_library: bool, folders: Iterable[str | Path],
                       families: Iterable[str] | None = None, min_qubits: int = 2,
                       max_qubits: int = 12, seeds: int = 8, max_tokens: int = 1024,
                       val_fraction: float = 0.05,
                       progress: Callable[..., None] | None = None) -> tuple["Dataset", Tokenizer]:
    """The training set `qtool ketgpt dataset` writes: library families over a range of sizes
    (`seeds` seeds each for seeded families) and/or the .qasm files under `folders`.

    Returns the dataset and its tokenizer; raises QtoolError for an empty source or a bad range.
    """
    import itertools

    folders = list(folders)
    if not from_library and not folders:
        raise ParameterError("from_library", " and/or {folders}", head="nothing to build from: give ",
                             names=("folders",))
    if min_qubits > max_qubits:
        raise ParameterError("min_qubits", " is larger than {max_qubits}", names=("max_qubits",))
    names = tuple(library_families()) if from_library else ()
    tok = Tokenizer(families=names)
    sources = []
    if from_library:
        fams = list(families) if families is not None else None
        sources.append(library_circuits(fams, min_qubits, max_qubits, range(seeds), max_tokens))
    if folders:
        sources.append(qasm_files(folders))
    data = build(itertools.chain(*sources), tok, max_tokens, val_fraction, progress)
    return data, tok


def summary(data: "Dataset", tok: Tokenizer) -> dict:
    """Counts describing a built dataset (the body of the dataset-summary JSON document)."""
    return {"circuits": len(data.examples), "train": len(data.split("train")),
            "val": len(data.split("val")), "skipped": len(data.skipped),
            "tokens": sum(len(e.words) for e in data.examples), "vocabulary": len(tok)}
