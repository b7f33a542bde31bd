"""Seeded fuzzing of the OpenQASM reader over the real QASMBench corpus.

Every mutant (byte flips, token deletions and duplications, splices of two files, huge
numbers, deep nesting, truncation) must either parse or raise QasmError: any other
exception is a reader bug. CI runs a few thousand mutants; a bigger campaign runs with

    PYTHONPATH=. python tests/qasm/test_fuzz.py --inputs 50000 [--seed 1]
"""

from __future__ import annotations

import os
import random
import re
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPORA = [ROOT / "tests" / "data" / "qasmbench", Path("/work/shared/corpus/qasmbench")]
MAX_SEED_BYTES = 6000  # small files keep each parse in milliseconds
TOKEN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|[0-9]+(?:\.[0-9]*)?|->|==|\s+|.", re.S)
INTERESTING = ["(", ")", "[", "]", "{", "}", ";", ",", "->", "==", "@", "/*", "*/", "//", '"',
               "-", "+", "^", "*", "/", "pi", "gate", "if", "qreg", "creg", "measure",
               "barrier", "ctrl @", "inv @", "pow(2) @", "gphase", "opaque", "OPENQASM 3.0;",
               "\n", " ", "\t", "\x00", "é", "π", "1e999", "nan", "0", "q", "c"]
HUGE = ["999999999", "9" * 400, "1e308", "1e999", "-0", "0.0000000001", "18446744073709551617"]
# Low limits keep mutants that declare huge registers fast; the limits have their own tests.
LIMITS = {"QTOOL_LIMIT_QUBITS": "3000", "QTOOL_LIMIT_GATES": "300000",
          "QTOOL_LIMIT_CLBITS": "3000"}


def seed_texts() -> list[str]:
    texts, seen = [], set()
    for corpus in CORPORA:
        if not corpus.is_dir():
            continue
        for path in sorted(corpus.rglob("*.qasm")):
            if path.stat().st_size > MAX_SEED_BYTES:
                continue
            text = path.read_text(errors="replace")
            if text not in seen:
                seen.add(text)
                texts.append(text)
    return texts


def mutate(rng: random.Random, text: str, other: str) -> str:
    """One to three random mutations of `text` (`other` is a second file for splicing)."""
    for _ in range(1 if rng.random() < 0.6 else rng.randint(2, 3)):
        kind = rng.randrange(9)
        n = len(text)
        at = rng.randrange(n + 1)
        if rng.random() < 0.5:  # half the insertions land between statements, to go deeper
            semi = text.rfind(";", 0, at)
            at = semi + 1 if semi >= 0 else at
        if kind == 0 and n:  # byte flips
            chars = list(text)
            for _ in range(rng.randint(1, 3)):
                i = rng.randrange(n)
                chars[i] = chr(rng.randrange(1, 128)) if rng.random() < 0.7 else rng.choice(INTERESTING)
            text = "".join(chars)
        elif kind in (1, 2):  # delete or duplicate tokens
            tokens = TOKEN.findall(text)
            if not tokens:
                continue
            i = rng.randrange(len(tokens))
            j = min(len(tokens), i + rng.randint(1, 6))
            if kind == 1:
                del tokens[i:j]
            else:
                tokens[i:i] = tokens[i:j] * rng.randint(1, 4)
            text = "".join(tokens)
        elif kind == 3:  # splice with another file
            cut = rng.randrange(len(other) + 1)
            piece = other[cut:cut + rng.randint(0, 2000)]
            if rng.random() < 0.5 and ";" in piece:  # whole statements of the other file
                piece = piece[piece.find(";") + 1:piece.rfind(";") + 1]
            text = text[:at] + piece + text[at:]
        elif kind == 4:  # huge or odd numbers in place of a number
            numbers = list(re.finditer(r"[0-9]+(?:\.[0-9]+)?", text))
            if numbers:
                m = rng.choice(numbers)
                text = text[:m.start()] + rng.choice(HUGE) + text[m.end():]
        elif kind == 5:  # deep nesting
            depth = rng.choice([50, 101, 300, 1000])
            piece = rng.choice(["(" * depth + "1" + ")" * depth, "-" * depth + "1",
                                "2^" * depth + "1", "1+" * depth + "1", "sin(" * depth + "0" + ")" * depth])
            text = text[:at] + piece + text[at:]
        elif kind == 6:  # truncation
            text = text[:at]
        elif kind == 7:  # an interesting token inserted
            text = text[:at] + rng.choice(INTERESTING) + text[at:]
        else:  # a statement inserted
            stmt = rng.choice([
                "if (c==0)", "gate g a { gphase; }", "gate g a { g a; }", "qreg z[999999999];",
                "barrier q;", "measure q -> c;", "u(nan,0,0) q[0];", "rx((-1)^0.5) q[0];",
                "ctrl(3) @ x q[0], q[1];", "pow(0.5) @ h q[0];", "inv @ rzz(1) q[0], q[1];",
                "gate h2 a { h a; h a; } h2 q;", "c[0] = measure q[0];", "creg w[200]; if (w==1) x q[0];",
                "opaque o a; o q[0];", "reset q;", "cu(1,2,3,4) q[0], q[1];"])
            text = text[:at] + stmt + text[at:]
    return text


def mutants(seed: int, count: int):
    rng = random.Random(seed)
    texts = seed_texts()
    if not texts:
        raise RuntimeError("no corpus files found under " + ", ".join(map(str, CORPORA)))
    for _ in range(count):
        yield mutate(rng, rng.choice(texts), rng.choice(texts))


def check(text: str):
    """None if the reader parsed `text` or raised QasmError, else the unexpected exception."""
    from qtool import qasm
    from qtool.errors import QasmError

    try:
        qasm.parse(text, "fuzz.qasm")
    except QasmError:
        pass
    except Exception as exc:  # the point of the test: anything else is a bug
        return exc
    return None


def test_mutated_corpus_parses_or_raises_qasm_error(monkeypatch):
    for name, value in LIMITS.items():
        monkeypatch.setenv(name, value)
    start, tried, failures = time.perf_counter(), 0, []
    for text in mutants(seed=20261206, count=3000):
        tried += 1
        exc = check(text)
        if exc is not None:
            failures.append((type(exc).__name__, str(exc)[:200], text[:300]))
        if time.perf_counter() - start > 45:  # a slow CI machine still ends, with what it tried
            break
    assert tried >= 1000, f"only {tried} mutants in 45 s"
    assert not failures, f"{len(failures)} of {tried} mutants crashed the reader: {failures[:3]}"


def main(argv=None) -> int:
    import argparse

    ap = argparse.ArgumentParser(description="fuzz the OpenQASM reader (a campaign, not CI)")
    ap.add_argument("--inputs", type=int, default=50_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--save", type=Path, help="folder to write crashing inputs to")
    args = ap.parse_args(argv)
    os.environ.update(LIMITS)
    start, crashes, kinds = time.perf_counter(), 0, {}
    for i, text in enumerate(mutants(args.seed, args.inputs), 1):
        exc = check(text)
        if exc is not None:
            crashes += 1
            key = f"{type(exc).__name__}: {str(exc)[:80]}"
            if key not in kinds:
                kinds[key] = text
                print(f"crash {crashes} at input {i}: {key}", file=sys.stderr)
                traceback.print_exception(exc, limit=-3, file=sys.stderr)
                if args.save:
                    args.save.mkdir(parents=True, exist_ok=True)
                    (args.save / f"crash{len(kinds)}.qasm").write_text(text)
        if i % 5000 == 0:
            print(f"{i} inputs, {crashes} crashes, {time.perf_counter() - start:.0f} s", file=sys.stderr)
    print(f"inputs tried: {args.inputs}, crashes: {crashes} ({len(kinds)} distinct), "
          f"seed {args.seed}, {time.perf_counter() - start:.0f} s")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
