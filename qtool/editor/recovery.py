"""The autosaved recovery file: the editor's text after every edit, so a crash or a killed
terminal loses nothing.

One file per document in $QTOOL_RECOVERY_DIR (default: $XDG_CACHE_HOME/qtool/recovery,
i.e. ~/.cache/qtool/recovery), named after the document's absolute path. It is written
atomically and removed when the document is saved or closed cleanly.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from qtool.io import atomic_write


def recovery_dir() -> Path:
    env = os.environ.get("QTOOL_RECOVERY_DIR")
    if env:
        return Path(env)
    cache = os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache")
    return Path(cache) / "qtool" / "recovery"


def recovery_path(document: str | os.PathLike | None, folder: Path | None = None) -> Path:
    folder = folder or recovery_dir()
    if document is None:
        return folder / "untitled.qasm"
    absolute = str(Path(document).resolve())
    digest = hashlib.sha1(absolute.encode()).hexdigest()[:10]
    return folder / f"{Path(document).name}.{digest}.qasm"


def write_recovery(document, text: str, folder: Path | None = None) -> Path:
    path = recovery_path(document, folder)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, text)
    return path


def read_recovery(document, folder: Path | None = None) -> str | None:
    """The recovered text for `document`, or None when there is none."""
    path = recovery_path(document, folder)
    try:
        return path.read_text(encoding="utf-8")
    except (FileNotFoundError, IsADirectoryError, UnicodeDecodeError):
        return None


def discard_recovery(document, folder: Path | None = None) -> None:
    try:
        recovery_path(document, folder).unlink()
    except FileNotFoundError:
        pass
