"""Dialogs as a user meets them: the safe answer is the default, arrows move between the
buttons, the whole question is on screen at 80x24, and prompt titles are not markup."""

from __future__ import annotations

import pytest

from tests.tui.conftest import screen_text, screen_words

SIZES = [(160, 50), (80, 24)]


@pytest.mark.parametrize("size", SIZES)
async def test_right_then_enter_in_the_unsaved_prompt_does_not_save(new_app, settle, bell_file, size):
    before = bell_file.read_text()
    app = new_app(bell_file)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("X", "ctrl+q")
        await pilot.pause()
        dialog = app.screen
        assert type(dialog).__name__ == "ConfirmScreen"
        assert dialog.focused_answer == "cancel"  # the safe answer is the default
        assert "Save before you quit?" in screen_words(app)  # the whole question is visible
        await pilot.press("right", "enter")
        await pilot.pause()
        assert app.is_running and type(app.screen).__name__ == "EditorScreen"
        assert bell_file.read_text() == before and app.editor.document.modified
        # Left moves to Discard, left again to Save; the arrows stop at the ends.
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("left")
        assert app.screen.focused_answer == "discard"
        await pilot.press("left", "left")
        assert app.screen.focused_answer == "save"
        await pilot.press("right")
        assert app.screen.focused_answer == "discard"
        await pilot.press("enter")
        await pilot.pause()
        assert not app.is_running
    assert bell_file.read_text() == before


async def test_save_as_over_another_file_asks_and_defaults_to_cancel(new_app, settle, bell_file, tmp_path):
    other = tmp_path / "other.qasm"
    other.write_text("// keep me\n")
    app = new_app(bell_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("Z", "ctrl+e")
        await pilot.pause()
        field = app.screen.query_one("#save-path")
        field.value = str(other)
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmScreen"
        assert "other.qasm already exists" in screen_words(app)
        await pilot.press("enter")  # the default: cancel
        await pilot.pause()
        assert other.read_text() == "// keep me\n"
        await pilot.press("ctrl+e")
        await pilot.pause()
        app.screen.query_one("#save-path").value = str(other)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("left", "enter")  # Overwrite, chosen on purpose
        await pilot.pause()
    assert "z q[0];" in other.read_text()


async def test_prompt_title_shows_brackets(new_app):
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.editor.action_insert_algorithm()
        await pilot.pause()
        assert "NAME QUBITS [SEED]" in screen_text(app)
