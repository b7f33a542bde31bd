"""Reading inputs (path or '-') and writing outputs atomically.

Every command reads its circuit from a path or stdin, and no command may leave a
truncated file behind: writes go to a temporary file in the target folder, then rename.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from qtool.errors import QtoolError

STDIN = "-"


def read_text(source: str | os.PathLike) -> tuple[str, str]:
    """Return (text, display name) of a path or '-' (stdin).

    Raises QtoolError for a missing file, a folder, or bytes that are not UTF-8 text,
    so the CLI can say so in one line with exit code 2.
    """
    name = str(source)
    if name == STDIN:
        data = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read()
        name = "<stdin>"
    else:
        path = Path(name)
        if not path.exists():
            raise QtoolError(f"{name}: no such file")
        if path.is_dir():
            raise QtoolError(f"{name}: is a directory, expected a file")
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise QtoolError(f"{name}: cannot read: {exc.strerror}") from None
    if isinstance(data, str):
        return data, name
    if b"\x00" in data:
        raise QtoolError(f"{name}: binary data, expected OpenQASM text")
    try:
        return data.decode("utf-8-sig"), name
    except UnicodeDecodeError as exc:
        raise QtoolError(f"{name}: not UTF-8 text (byte {exc.start}), expected OpenQASM text") from None


def atomic_write(path: str | os.PathLike, data: str | bytes) -> None:
    """Write `data` to `path` so that readers see the old file or the whole new one."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.exists():
        raise QtoolError(f"{target}: folder {folder} does not exist")
    mode = "wb" if isinstance(data, bytes) else "w"
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        # mkstemp makes the file private (0600); give it the mode a plain open() would
        # (the existing file's, or 0666 less the umask).
        os.chmod(tmp, _mode_for(target))
        with os.fdopen(fd, mode, **({} if isinstance(data, bytes) else {"encoding": "utf-8"})) as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def _mode_for(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_output(data: str, out: str | os.PathLike | None) -> None:
    """Write to `out` atomically, or to stdout when `out` is None or '-'."""
    if out is None or str(out) == STDIN:
        sys.stdout.write(data)
        sys.stdout.flush()
    else:
        atomic_write(out, data)
