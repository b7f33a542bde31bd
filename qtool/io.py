"""Reading inputs (path or '-') and writing outputs atomically.

Every command reads its circuit from a path or stdin, and no command may leave a
truncated file behind: writes go to a temporary file in the target folder, then rename.

What is at the destination decides how it is written (as `cp` does):

- nothing, or a regular file: a temporary `.NAME.qtool-partial-PID-XXXX` in the same folder,
  fsync, rename over the destination. Temporaries left by a killed run (their PID is dead)
  are removed by the next write to the same destination.
- a symlink: the same, at the link's target (the link stays a link).
- a character device (/dev/null, a terminal) or a FIFO: written directly; renaming over
  them would replace the device with a regular file.
- a folder, socket or block device: refused (exit 2).
"""

from __future__ import annotations

import errno
import os
import stat
import sys
import tempfile
from pathlib import Path

from qtool.errors import QtoolError

STDIN = "-"
CHUNK = 1 << 20
PARTIAL_TAG = ".qtool-partial-"


def read_text(source: str | os.PathLike) -> tuple[str, str]:
    """Return (text, display name) of a path or '-' (stdin).

    Reads in chunks and stops as soon as the input is over the `input_bytes` limit, so
    /dev/zero or /dev/urandom fail fast. Raises QtoolError for a missing file, a folder,
    a closed stdin, too much input or bytes that are not UTF-8 text (exit code 2).
    """
    from qtool import limits

    name = str(source)
    limit = limits.get("input_bytes")
    if name == STDIN:
        name = "<stdin>"
        stream = sys.stdin
        if stream is None:
            raise QtoolError("<stdin>: standard input is closed (give a file, or pipe one in)")
        try:
            binary = stream.buffer if hasattr(stream, "buffer") else None
            if binary is None:
                text = stream.read(limit + 1)
                if len(text) > limit:
                    raise limits.LimitError("input_bytes", limit + 1, name)
                return text, name
            data = _read_limited(binary, limit, name)
        except (OSError, ValueError) as exc:
            if isinstance(exc, QtoolError):
                raise
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            if isinstance(exc, OSError) and exc.errno == errno.EBADF:
                reason = "standard input is closed"
            raise QtoolError(f"<stdin>: cannot read: {reason} (give a file, or pipe one in)") from None
    else:
        path = Path(name)
        if not path.exists():
            raise QtoolError(f"{name}: no such file")
        if path.is_dir():
            raise QtoolError(f"{name}: is a directory, expected a file")
        try:
            with open(path, "rb") as fh:
                data = _read_limited(fh, limit, name)
        except OSError as exc:
            raise QtoolError(f"{name}: cannot read: {exc.strerror}") from None
    return decode_text(data, name), name


def _read_limited(fh, limit: int, name: str) -> bytes:
    from qtool import limits

    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = fh.read(min(CHUNK, limit + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            raise limits.LimitError("input_bytes", total, name)
    return b"".join(chunks)


def decode_text(data: bytes, name: str) -> str:
    """UTF-8 text of `data`, or a QtoolError naming the line and column of the first bad byte."""
    if b"\x00" in data:
        line, col = _position(data, data.index(b"\x00"))
        raise QtoolError(f"{name}:{line}:{col}: binary data (a NUL byte), expected OpenQASM text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        offset = exc.start + (3 if data.startswith(b"\xef\xbb\xbf") else 0)
        line, col = _position(data, offset)
        raise QtoolError(
            f"{name}:{line}:{col}: not UTF-8 text (byte 0x{data[offset]:02x} at offset {offset}), "
            "expected OpenQASM text"
        ) from None


def _position(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    start = data.rfind(b"\n", 0, offset) + 1
    return line, offset - start + 1


def atomic_write(path: str | os.PathLike, data: str | bytes) -> None:
    """Write `data` to `path` so that readers see the old file or the whole new one.

    See the module docstring for symlinks, devices and FIFOs. Raises QtoolError (exit 2)
    for a destination that cannot be written; ResourceError (exit 3) for a full disk.
    """
    given = Path(path)
    payload = data if isinstance(data, bytes) else data.encode("utf-8")
    try:
        st = os.stat(given)  # follows symlinks: /dev/stdout on a pipe is a FIFO
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise QtoolError(f"{given}: cannot write: {exc.strerror}") from None
    if st is not None and not stat.S_ISREG(st.st_mode):
        if stat.S_ISCHR(st.st_mode) or stat.S_ISFIFO(st.st_mode):
            _write_direct(given, given, payload)
            return
        kind = "a directory" if stat.S_ISDIR(st.st_mode) else "not a regular file"
        raise QtoolError(f"{given}: is {kind}, refusing to write over it")
    target = given
    try:
        if given.is_symlink():
            target = Path(os.path.realpath(given))
    except OSError:
        target = given
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.exists():
        raise QtoolError(f"{given}: folder {folder} does not exist")
    if not folder.is_dir():
        raise QtoolError(f"{given}: {folder} is not a folder")
    _clean_stale(folder, target.name)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}{PARTIAL_TAG}{os.getpid()}-", dir=folder)
    except OSError as exc:
        raise _write_error(given, folder, exc) from None
    try:
        # mkstemp makes the file private (0600); give it the mode a plain open() would
        # (the existing file's, or 0666 less the umask).
        os.chmod(tmp, _mode_for(target))
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError):
            raise _write_error(given, folder, exc) from None
        raise


def _write_direct(given: Path, target: Path, payload: bytes) -> None:
    try:
        with open(target, "wb", buffering=0) as fh:
            view = memoryview(payload)
            while view:
                n = fh.write(view)
                view = view[n:]
    except OSError as exc:
        raise _write_error(given, target.parent, exc) from None


def _write_error(given: Path, folder: Path, exc: OSError) -> QtoolError:
    from qtool.errors import ResourceError

    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return ResourceError(f"{given}: cannot write: no space left on device")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return QtoolError(f"{given}: cannot write: folder {folder} is not writable ({exc.strerror})")
    return QtoolError(f"{given}: cannot write: {exc.strerror or exc}")


def _clean_stale(folder: Path, name: str) -> None:
    """Remove `.NAME.qtool-partial-PID-*` temporaries whose process is gone."""
    prefix = f".{name}{PARTIAL_TAG}"
    try:
        entries = [e for e in os.listdir(folder) if e.startswith(prefix)]
    except OSError:
        return
    for entry in entries:
        pid_text = entry[len(prefix):].split("-", 1)[0]
        if not pid_text.isdigit():
            continue
        pid = int(pid_text)
        if pid == os.getpid() or _alive(pid):
            continue
        try:
            os.unlink(folder / entry)
        except OSError:
            pass


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


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
        write_stdout(data)
    else:
        atomic_write(out, data)


def write_stdout(data: str) -> None:
    """Write to stdout; a full disk or a closed stdout becomes a clear error, not a traceback."""
    try:
        sys.stdout.write(data)
        sys.stdout.flush()
    except OSError as exc:
        raise stdout_error(exc) from None


def stdout_error(exc: OSError) -> Exception:
    """The QtoolError for a failed write to stdout (BrokenPipeError is passed through)."""
    from qtool.errors import ResourceError

    if isinstance(exc, BrokenPipeError):
        return exc
    _drop_stdout()
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return ResourceError("cannot write to standard output: no space left on device")
    if exc.errno == errno.EBADF:
        return QtoolError("cannot write to standard output: it is closed")
    return QtoolError(f"cannot write to standard output: {exc.strerror or exc}")


def _drop_stdout() -> None:
    """Point sys.stdout at /dev/null so the interpreter's final flush does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass
    try:
        sys.stdout = open(os.devnull, "w")
    except OSError:
        pass
