"""The autosaved recovery files: the editor's text after every edit, so a crash or a killed
terminal loses nothing.

Each editing session writes its own file in $QTOOL_RECOVERY_DIR (default:
$XDG_CACHE_HOME/qtool/recovery, i.e. ~/.cache/qtool/recovery), named after the document
(its absolute path; `untitled` for a new circuit) and the session (process id and a random
part): `bell.qasm.1a2b3c4d5e.4242-9f3e.qasm`. Two sessions never share a file, so a session
that leaves an earlier one's file alone ("Later") can never overwrite it. A file is removed
when its own session saves or closes cleanly, or when a later session recovers or discards
it on the user's word.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from qtool.io import atomic_write


def recovery_dir() -> Path:
    env = os.environ.get("QTOOL_RECOVERY_DIR")
    if env:
        return Path(env)
    cache = os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache")
    return Path(cache) / "qtool" / "recovery"


def new_session() -> str:
    """This editing session's part of its recovery file names: `PID-RANDOM`."""
    return f"{os.getpid()}-{secrets.token_hex(4)}"


def _stem(document) -> str:
    """The document part of the name: `NAME.DIGEST` (of the absolute path), or `untitled`."""
    if document is None:
        return "untitled"
    absolute = str(Path(document).resolve())
    return f"{Path(document).name}.{hashlib.sha1(absolute.encode()).hexdigest()[:10]}"


def recovery_path(document, session: str, folder: Path | None = None) -> Path:
    return (folder or recovery_dir()) / f"{_stem(document)}.{session}.qasm"


def write_recovery(document, session: str, text: str, folder: Path | None = None) -> Path:
    path = recovery_path(document, session, folder)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, text)
    return path


def discard_recovery(document, session: str, folder: Path | None = None) -> None:
    remove(recovery_path(document, session, folder))


def remove(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass


@dataclass(frozen=True)
class Recovered:
    """An earlier session's autosaved text of a document."""

    path: Path
    text: str
    mtime: float


def _session_alive(session: str) -> bool:
    """True for another process that still runs (its editor is open: not ours to offer)."""
    pid_text = session.split("-", 1)[0]
    if not pid_text.isdigit() or int(pid_text) == os.getpid():
        return False
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def earlier_recoveries(document, session: str, folder: Path | None = None) -> list[Recovered]:
    """Recovery files of `document` left by other sessions (newest first), skipping this
    session's own and those of editors still running. The single shared file older
    versions wrote (`NAME.DIGEST.qasm`, `untitled.qasm`) counts as one too."""
    folder = folder or recovery_dir()
    stem = _stem(document)
    own = recovery_path(document, session, folder)
    found = []
    candidates = list(folder.glob(f"{stem}.*.qasm")) + [folder / f"{stem}.qasm"]
    for path in candidates:
        tail = path.name[len(stem) + 1:-len(".qasm")] if path.name != f"{stem}.qasm" else ""
        if path == own or "." in tail or (tail and _session_alive(tail)):
            continue  # ours, a longer document name sharing the prefix, or a live editor's
        try:
            found.append(Recovered(path, path.read_text(encoding="utf-8"), path.stat().st_mtime))
        except (FileNotFoundError, IsADirectoryError, UnicodeDecodeError):
            continue
    return sorted(found, key=lambda r: -r.mtime)
