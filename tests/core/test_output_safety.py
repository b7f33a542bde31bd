"""Output and input safety, driven through real `qtool` processes.

`-o` writes through a symlink, writes directly to devices and FIFOs (never replacing them),
refuses folders, reports missing or read-only folders, cleans temporaries left by killed
runs; a full stdout, a closed stdin, endless or non-UTF-8 input all give one clear line.
"""

from __future__ import annotations

import functools
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BELL = ROOT / "samples" / "bell.qasm"


def qtool(*args, stdin=None, input=None, env=None, stdout=subprocess.PIPE, timeout=120):
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    full_env.pop("QTOOL_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "qtool", *map(str, args)], input=input, stdin=stdin,
        stdout=stdout, stderr=subprocess.PIPE, env=full_env, timeout=timeout,
    )


@functools.lru_cache(maxsize=1)
def converted() -> bytes:
    r = qtool("convert", BELL)
    assert r.returncode == 0
    return r.stdout


def test_output_through_symlink_writes_the_target_and_keeps_the_link(tmp_path):
    (tmp_path / "real.qasm").write_text("old\n")
    link = tmp_path / "link.qasm"
    link.symlink_to("real.qasm")
    r = qtool("convert", BELL, "-o", link)
    assert r.returncode == 0, r.stderr
    assert link.is_symlink() and os.readlink(link) == "real.qasm"
    assert (tmp_path / "real.qasm").read_bytes() == converted()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.qasm", "real.qasm"]


def test_output_to_fifo_writes_into_it_and_keeps_it_a_fifo(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    r = qtool("convert", BELL, "-o", fifo)
    reader.join(timeout=60)
    assert r.returncode == 0, r.stderr
    assert got == [converted()]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["pipe"]


def test_output_to_dev_null_leaves_it_a_character_device():
    r = qtool("convert", BELL, "-o", "/dev/null")
    assert r.returncode == 0, r.stderr
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert not any(n.startswith(".null.qtool-partial") for n in os.listdir("/dev"))


def test_output_to_a_folder_is_refused(tmp_path):
    r = qtool("convert", BELL, "-o", tmp_path)
    assert r.returncode == 2
    assert r.stderr.decode() == f"qtool: error: {tmp_path}: is a directory, refusing to write over it\n"
    assert list(tmp_path.iterdir()) == []


def test_output_to_a_socket_is_refused(tmp_path):
    import socket

    path = tmp_path / "sock"
    s = socket.socket(socket.AF_UNIX)
    s.bind(str(path))
    try:
        r = qtool("convert", BELL, "-o", path)
    finally:
        s.close()
    assert r.returncode == 2
    assert b"is not a regular file, refusing to write over it" in r.stderr


def test_output_into_missing_folder(tmp_path):
    r = qtool("convert", BELL, "-o", tmp_path / "nope" / "x.qasm")
    assert r.returncode == 2
    assert r.stderr.decode() == (
        f"qtool: error: {tmp_path}/nope/x.qasm: folder {tmp_path}/nope does not exist\n")


def test_output_into_read_only_folder(tmp_path):
    if os.geteuid() == 0:
        folder = Path("/sys")  # root may write into a 0555 folder; sysfs still refuses
        if not folder.is_dir():
            pytest.skip("no read-only folder available to root")
    else:
        folder = tmp_path / "ro"
        folder.mkdir()
        folder.chmod(0o555)
    r = qtool("convert", BELL, "-o", folder / "x.qasm")
    assert r.returncode == 2
    err = r.stderr.decode()
    assert err.startswith(f"qtool: error: {folder}/x.qasm: cannot write: folder {folder} is not writable")
    assert "Traceback" not in err
    assert not (folder / "x.qasm").exists()


def test_stale_temporaries_of_dead_runs_are_removed(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f".out.qasm.qtool-partial-{dead.pid}-abc123"
    stale.write_text("half")
    alive = tmp_path / f".out.qasm.qtool-partial-{os.getpid()}-def456"  # a run still going
    alive.write_text("in progress")
    other = tmp_path / f".other.qasm.qtool-partial-{dead.pid}-xyz"  # another destination's
    other.write_text("half")
    r = qtool("convert", BELL, "-o", tmp_path / "out.qasm")
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([alive.name, other.name, "out.qasm"])


def test_killed_run_leaves_a_recognisable_temporary(tmp_path):
    """A temporary left by kill -9 is named after its destination and its writer's PID."""
    script = (
        "import os, qtool.io as io\n"
        "real = os.replace\n"
        "def die(*a): os.kill(os.getpid(), 9)\n"
        "io.os.replace = die\n"
        f"io.atomic_write({str(tmp_path / 'out.qasm')!r}, 'data')\n"
    )
    p = subprocess.run([sys.executable, "-c", script], env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert p.returncode == -9
    [left] = list(tmp_path.iterdir())
    assert left.name.startswith(".out.qasm.qtool-partial-")
    r = qtool("convert", BELL, "-o", tmp_path / "out.qasm")
    assert r.returncode == 0
    assert [p.name for p in tmp_path.iterdir()] == ["out.qasm"]


@pytest.mark.parametrize("args", [["info", BELL], ["info", BELL, "--json"], ["convert", BELL]])
def test_full_stdout_is_a_clear_error_with_exit_3(args):
    with open("/dev/full", "wb") as full:
        r = qtool(*args, stdout=full)
    assert r.returncode == 3
    assert r.stderr.decode() == "qtool: error: cannot write to standard output: no space left on device\n"


def test_closed_stdin_is_a_clear_error():
    r = qtool("info", "-", stdin=subprocess.DEVNULL)  # empty stdin is fine to open ...
    assert b"Traceback" not in r.stderr
    closed = subprocess.run(
        f"{sys.executable} -m qtool info - <&-", shell=True, capture_output=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60)
    assert closed.returncode == 2
    assert closed.stderr.decode() == (
        "qtool: error: <stdin>: standard input is closed (give a file, or pipe one in)\n")


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_endless_input_stops_at_the_limit(device):
    r = qtool("info", device, env={"QTOOL_LIMIT_INPUT_BYTES": "100000"}, timeout=30)
    assert r.returncode == 2
    assert r.stderr.decode() == (
        f"qtool: error: {device}: 100001 bytes of input is over the limit of 100000 "
        "(raise it with `qtool --limit input_bytes=N` or QTOOL_LIMIT_INPUT_BYTES=N)\n")


def test_endless_stdin_stops_at_the_limit():
    with open("/dev/zero", "rb") as zero:
        r = qtool("--limit", "input_bytes=5000", "info", "-", stdin=zero, timeout=30)
    assert r.returncode == 2
    assert b"<stdin>: 5001 bytes of input is over the limit of 5000" in r.stderr


def test_non_utf8_input_names_the_position():
    r = qtool("info", "-", input=b"OPENQASM 2.0;\nqreg q[1]; // caf\xe9\n")
    assert r.returncode == 2
    assert r.stderr.decode() == (
        "qtool: error: <stdin>:2:18: not UTF-8 text (byte 0xe9 at offset 31), "
        "expected OpenQASM text\n")


def test_output_to_dev_stdout_on_a_pipe_writes_into_the_pipe():
    """/dev/stdout is a symlink to a FIFO here: written directly, never resolved to a path."""
    r = qtool("convert", BELL, "-o", "/dev/stdout")
    assert r.returncode == 0, r.stderr
    assert r.stdout == converted()
