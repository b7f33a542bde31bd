"""Shared fixtures: the public QASMBench corpus and the samples folder."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"


# A copy of the public QASMBench corpus (small and medium, with its licence) ships with the
# tests, so CI on a fresh clone runs them on the same real files as a developer.
CORPUS = ROOT / "tests" / "data" / "qasmbench"


def _corpus_program(name: str) -> Path:
    for size in ("small", "medium"):
        path = CORPUS / size / name / f"{name}.qasm"
        if path.exists():
            return path
    raise FileNotFoundError(name)


@pytest.fixture(scope="session")
def corpus_program():
    """name -> the corpus file of that QASMBench program (small or medium), e.g.
    corpus_program("cat_state_n4")."""
    return _corpus_program


@pytest.fixture(scope="session")
def corpus() -> Path:
    return CORPUS


@pytest.fixture(scope="session")
def samples() -> Path:
    return SAMPLES


@pytest.fixture(autouse=True)
def _restore_qtool_limits():
    """`qtool --limit` sets QTOOL_LIMIT_* in os.environ for the process (so child processes
    inherit it); in-process CLI tests would leak their limits into every later test."""
    import os
    saved = {k: v for k, v in os.environ.items() if k.startswith("QTOOL_LIMIT_")}
    yield
    for k in [k for k in os.environ if k.startswith("QTOOL_LIMIT_")]:
        del os.environ[k]
    os.environ.update(saved)


@pytest.fixture(autouse=True)
def _sigint_left_as_found():
    """An ignored SIGINT is inherited by every child process, and a Python started with it
    ignored never raises KeyboardInterrupt: a test that leaves it ignored makes a later
    Ctrl-C test's subprocess run to the end. Fail the test that changed it, not the victim."""
    import signal
    before = signal.getsignal(signal.SIGINT)
    yield
    after = signal.getsignal(signal.SIGINT)
    if after is not before:
        signal.signal(signal.SIGINT, before)
        pytest.fail(f"the test left the SIGINT handler changed: {before!r} -> {after!r}")
