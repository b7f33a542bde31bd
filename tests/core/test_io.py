"""Atomic writes and input reading."""

from __future__ import annotations

import os
import stat

import pytest

from qtool.errors import QtoolError
from qtool.io import atomic_write, read_text


def test_atomic_write_replaces_whole_file_with_normal_permissions(tmp_path):
    target = tmp_path / "out.qasm"
    old = os.umask(0o022)
    try:
        atomic_write(target, "first\n")
        assert stat.S_IMODE(target.stat().st_mode) == 0o644
        target.chmod(0o640)
        atomic_write(target, b"second\n")
        assert target.read_bytes() == b"second\n"
        assert stat.S_IMODE(target.stat().st_mode) == 0o640  # an existing file keeps its mode
    finally:
        os.umask(old)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.qasm"]


def test_interrupted_write_leaves_old_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "keep.txt"
    target.write_text("old")

    def interrupted(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(target, "new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]


def test_write_into_missing_folder_is_a_user_error(tmp_path):
    with pytest.raises(QtoolError, match="does not exist"):
        atomic_write(tmp_path / "nope" / "x.txt", "x")


def test_read_text_errors(tmp_path):
    with pytest.raises(QtoolError, match="no such file"):
        read_text(tmp_path / "missing.qasm")
    with pytest.raises(QtoolError, match="is a directory"):
        read_text(tmp_path)
    bad = tmp_path / "latin1.qasm"
    bad.write_bytes(b"qreg q[1]; // caf\xe9\n")
    with pytest.raises(QtoolError, match="not UTF-8"):
        read_text(bad)
