"""The command palette driven as a user does: ctrl+p, type a query, pick the entry with the
arrow keys, Enter; then answer the prompt the entry opens. Every entry the palette offers
runs, at the default size and at 80x24, and its effect is asserted (a regression test for
the crash: the grid's key table once shadowed Textual's Screen.COMMANDS)."""

from __future__ import annotations

import json

import pytest

SIZES = [(160, 50), (80, 24)]
# The listing test opens the palette at both sizes; each entry's own test runs it through
# the palette at one of them, alternating, since what an entry does does not depend on the
# terminal's size (this halves these tests' time, the slowest of tests/tui).
LARGE, SMALL = [SIZES[0]], [SIZES[1]]


async def _wait(pilot, condition, timeout: float = 5.0) -> None:
    import time

    end = time.monotonic() + timeout
    while not condition() and time.monotonic() < end:
        await pilot.pause(0.02)
    assert condition()


async def run_palette(pilot, query: str, title: str) -> None:
    """ctrl+p, type `query`, move down to the entry titled `title`, press Enter."""
    from textual.command import CommandList, CommandPalette

    app = pilot.app
    await pilot.press("ctrl+p")
    await _wait(pilot, lambda: CommandPalette.is_open(app))
    palette = app.screen
    await pilot.press(*query)
    commands = palette.query_one(CommandList)

    def listed() -> bool:
        return any(str(commands.get_option_at_index(i).hit.text) == title
                   for i in range(commands.option_count)
                   if hasattr(commands.get_option_at_index(i), "hit"))

    await _wait(pilot, listed)
    await pilot.pause(0.3)  # the palette gathers hits in a worker; let it finish
    for _ in range(commands.option_count + 1):
        index = commands.highlighted
        if index is not None and str(commands.get_option_at_index(index).hit.text) == title:
            break
        await pilot.press("down")
    assert str(commands.get_option_at_index(commands.highlighted).hit.text) == title
    await pilot.press("enter")
    await _wait(pilot, lambda: not CommandPalette.is_open(app))
    await pilot.pause()


async def answer(pilot, text: str) -> None:
    """Replace the open prompt's text with `text` by keys and press Enter."""
    field = pilot.app.screen.query_one("Input")
    field.focus()
    field.value = ""
    await pilot.press(*text, "enter")
    await pilot.pause()


def status(app) -> str:
    return app.editor.query_one("#status").message


@pytest.mark.parametrize("size", SIZES)
async def test_palette_lists_every_entry_without_crashing(new_app, settle, size):
    from textual.command import CommandList, CommandPalette

    app = new_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await _wait(pilot, lambda: CommandPalette.is_open(app))
        await pilot.press("down")  # open the discovery list (no query)
        commands = app.screen.query_one(CommandList)
        wanted = [t for t, _, _ in app.editor.palette_commands()]
        await _wait(pilot, lambda: {str(commands.get_option_at_index(i).hit.text)
                                    for i in range(commands.option_count)} >= set(wanted))
        await pilot.press("escape")
        await pilot.pause()
        assert not CommandPalette.is_open(app) and app.screen is app.editor


@pytest.mark.parametrize("size", LARGE)
async def test_palette_file_entries(new_app, settle, bell_file, tmp_path, size):
    other = tmp_path / "ghz.qasm"
    other.write_text('OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[3];\nh q[0];\ncx q[0],q[1];\ncx q[1],q[2];\n')
    app = new_app(bell_file)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("T")  # an edit on q0, column 2
        await settle(pilot)
        await run_palette(pilot, "save", "Save")
        assert "t q[0];" in bell_file.read_text() and not app.editor.document.modified

        await run_palette(pilot, "save as", "Save as")
        assert type(app.screen).__name__ == "SaveAsScreen"
        target = tmp_path / "copy.qasm"
        app.screen.query_one("#save-path").value = ""
        await pilot.press(*str(target), "enter")
        await pilot.pause()
        assert app.screen is app.editor and "t q[0];" in target.read_text()

        await run_palette(pilot, "export", "Export state as JSON")
        assert app.screen.query_one("#prompt-title").render().plain.startswith("Export")
        await answer(pilot, str(tmp_path / "state.json"))
        doc = json.loads((tmp_path / "state.json").read_text())
        assert doc["schema"] == "qtool.tui.state/1" and doc["num_qubits"] == 2
        assert "state exported" in status(app)

        await run_palette(pilot, "help", "Help: key bindings")
        assert type(app.screen).__name__ == "HelpScreen"
        await pilot.press("escape")
        await pilot.pause()

        await run_palette(pilot, "open", "Open file")
        assert type(app.screen).__name__ == "PromptScreen"
        await answer(pilot, str(other))
        await settle(pilot)
        assert app.sub_title == "ghz.qasm" and app.editor.session.grid.num_qubits == 3


@pytest.mark.parametrize("size", SMALL)
async def test_palette_edit_entries(new_app, settle, size):
    app = new_app(qubits=1)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await run_palette(pilot, "add qubit", "Add qubit")
        await settle(pilot)
        assert app.editor.session.grid.num_qubits == 2

        await run_palette(pilot, "insert alg", "Insert algorithm")
        await answer(pilot, "ghz 3")
        await settle(pilot)
        assert app.editor.session.grid.num_qubits == 3
        assert [b for b, _ in app.editor.inspection.amplitudes] == ["000", "111"]


@pytest.mark.parametrize("size", LARGE)
async def test_palette_compile_entries(new_app, settle, bell_file, size):
    from qtool.compile import TARGET_NAMES

    app = new_app(bell_file)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        for target in TARGET_NAMES:
            await run_palette(pilot, f"compile {target}", f"Compile for {target}")
            await settle(pilot)
            assert f"compiled for {target}" in status(app), status(app)
            probs = dict(app.editor.inspection.histogram)
            assert probs["00"] == pytest.approx(0.5, abs=1e-4)
            assert probs["11"] == pytest.approx(0.5, abs=1e-4)
            await pilot.press("ctrl+z")  # back to the Bell circuit for the next target
            await settle(pilot)
            assert {op.name for _, op in app.editor.session.grid.ops()} == {"H", "CX"}


@pytest.mark.parametrize("size", SMALL)
async def test_palette_ketgpt_entry(new_app, settle, size):
    app = new_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await run_palette(pilot, "ketgpt", "Generate with KetGPT")
        await answer(pilot, "2 1")
        await _wait(pilot, lambda: app.editor.session.grid.op_count() > 0, timeout=60)
        await settle(pilot)
        assert app.editor.session.grid.op_count() > 0


@pytest.mark.parametrize("size", LARGE)
async def test_palette_copies_the_quirk_link(new_app, settle, bell_file, size):
    from qtool.quirk import URL_PREFIX, parse_quirk

    app = new_app(bell_file)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await run_palette(pilot, "quirk", "Copy Quirk link")
        link = app.editor.quirk_link
        assert link.startswith(URL_PREFIX) and app.clipboard == link
        assert "Quirk link copied" in status(app)
        ops = list(parse_quirk(link).circuit.all_operations())
        assert [len(op.qubits) for op in ops][:2] == [1, 2]  # H, then the CX
