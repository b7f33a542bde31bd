"""Shared helpers for the TUI tests: an app factory with a private recovery folder, and a
wait that returns once the displays show the latest edit (the simulation runs in a worker)."""

from __future__ import annotations

import asyncio
import inspect

import pytest

BELL = 'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[2];\ncreg c[2];\nh q[0];\ncx q[0],q[1];\n'
SIZE = (120, 36)


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem):
    """Run `async def` tests on a fresh event loop (no asyncio plugin needed)."""
    if inspect.iscoroutinefunction(pyfuncitem.obj):
        args = {name: pyfuncitem.funcargs[name] for name in pyfuncitem._fixtureinfo.argnames}
        asyncio.run(pyfuncitem.obj(**args))
        return True
    return None


@pytest.fixture
def recovery(tmp_path, monkeypatch):
    folder = tmp_path / "recovery"
    monkeypatch.setenv("QTOOL_RECOVERY_DIR", str(folder))
    return folder


@pytest.fixture
def new_app(recovery):
    from tui.app import make_app

    def factory(path=None, qubits=2):
        return make_app(path, qubits=qubits, recovery_folder=recovery)

    return factory


async def _settle(pilot, timeout: float = 10.0) -> None:
    """Let messages, workers and refreshes run until the displays show the latest edit."""
    import time

    app = pilot.app
    end = time.monotonic() + timeout
    await pilot.pause()
    while time.monotonic() < end:
        editor = app.editor
        pane = editor.query_one("#qasm")
        if editor.idle and pane._timer is None:
            break
        await pilot.pause(0.02)
    await app.workers.wait_for_complete()
    await pilot.pause()


@pytest.fixture
def settle():
    return _settle


@pytest.fixture
def bell_file(tmp_path):
    path = tmp_path / "bell.qasm"
    path.write_text(BELL)
    return path


def screen_text(app) -> str:
    """What the terminal shows, as plain text (one line per terminal row)."""
    import io

    from rich.console import Console

    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True,
                      color_system="truecolor", record=True, legacy_windows=False, safe_box=False)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text()


def screen_words(app) -> str:
    """The screen's text with frames and borders removed and whitespace collapsed, so a
    sentence wrapped inside a dialog reads as one line."""
    import re

    return " ".join(re.sub(r"[│█▀▄▔▁╭╮╰╯─━╸╺┃]", " ", screen_text(app)).split())


async def retype(pilot, text: str) -> None:
    """The open prompt: clear its input with keys (End, then Backspace), type `text`, Enter."""
    field = pilot.app.screen.query_one("Input")
    await pilot.press("end", *["backspace"] * len(field.value), *text, "enter")
