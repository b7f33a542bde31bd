"""The inputs of a batch: files, folders of .qasm files, or '-' with a stream of programs.

Inputs are read here, in the client, and travel to the workers as text: a cluster's workers
need not see the client's file system, and the input limits (`--limit input_bytes=...`)
are checked where the user set them. A file that cannot be read becomes a Failure in its
place, so the others still run and the output keeps the order of the inputs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from qtool.errors import QtoolError
from qtool.io import read_text

SUFFIXES = (".qasm", ".qasm3")


@dataclass(frozen=True)
class Item:
    """One circuit of a batch.

    name: what messages and JSON call it (the path as given, or `<stdin>#K` for the K-th
        program of a stream on stdin).
    text: its OpenQASM (or cirq JSON) text.
    relpath: where its output goes under an output folder (the path below the folder it
        was found in, or the file name).
    first_line: the line of the whole input the text starts on (for stream pieces), so an
        error names the real line.
    filename: the file name errors give with their line (`<stdin>` for a stream piece).
    """

    name: str
    text: str
    relpath: str
    first_line: int = 1
    filename: str = ""

    @property
    def source(self) -> str:
        return self.filename or self.name


def folder_files(folder: Path) -> list[Path]:
    """The circuit files below `folder`, in a stable (sorted) order."""
    return sorted(p for p in folder.rglob("*") if p.suffix in SUFFIXES and p.is_file())


@dataclass(frozen=True)
class FileRef:
    """A file of a batch not read yet (a folder of 10^5 files is read as the batch runs)."""

    name: str
    relpath: str


def expand_inputs(args: Iterable[str]) -> list:
    """The circuits named by the input arguments, in order: an Item (already read: a
    stream on stdin), a FileRef (read by `load`), or a `qtool.batch.Failure` for an
    argument that names nothing usable (a missing file, an empty folder).
    """
    from qtool.batch.executor import Failure

    entries: list = []
    for arg in args:
        if arg == "-":
            entries.extend(_stream_items())
            continue
        path = Path(arg)
        if path.is_dir():
            files = folder_files(path)
            if not files:
                entries.append(Failure(arg, f"{arg}: folder holds no .qasm files", 2))
            entries.extend(FileRef(str(f), f.relative_to(path).as_posix()) for f in files)
        else:
            entries.append(FileRef(arg, path.name))
    return entries


def load(entry):
    """An entry of expand_inputs as an Item (read now), or the Failure it is or becomes."""
    if not isinstance(entry, FileRef):
        return entry
    from qtool.batch.executor import Failure

    try:
        text, _ = read_text(entry.name)
    except QtoolError as exc:
        return Failure(entry.name, str(exc), exc.exit_code)
    except OSError as exc:
        return Failure(entry.name, f"{entry.name}: cannot read: {exc.strerror or exc}", 2)
    return Item(entry.name, text, entry.relpath)


def _stream_items() -> Iterator:
    from qtool.batch.executor import Failure
    from qtool.qasm.cirq_json import looks_like_json
    from qtool.qasm.stream import split_programs

    try:
        text, name = read_text("-")
    except QtoolError as exc:
        yield Failure("<stdin>", str(exc), exc.exit_code)
        return
    pieces = [] if looks_like_json(text) else split_programs(text)
    if len(pieces) <= 1:
        yield Item(name, text, "stdin.qasm")
        return
    width = len(str(len(pieces)))
    for k, piece in enumerate(pieces, 1):
        yield Item(f"{name}#{k}", piece.text, f"stdin-{k:0{width}d}.qasm", piece.first_line,
                   name)


def output_path(folder: str | os.PathLike, item: Item) -> Path:
    """Where an item's output goes in an output folder: named as its input."""
    return Path(folder) / item.relpath
