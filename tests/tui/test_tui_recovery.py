"""Recovery as the trial met it: an untitled session is killed, the next one answers
"Later" and edits, and nothing of the first session's work is lost; the question is whole."""

from __future__ import annotations

from tests.tui.conftest import screen_words


async def _edit_and_autosave(app, pilot, settle, *keys):
    app.editor.AUTOSAVE_DELAY = 0.05
    await pilot.press(*keys)
    await settle(pilot)
    await pilot.pause(0.3)
    await app.workers.wait_for_complete()


async def test_later_then_editing_keeps_the_earlier_sessions_work(new_app, settle, recovery):
    first = new_app()
    async with first.run_test(size=(80, 24)) as pilot:
        await _edit_and_autosave(first, pilot, settle, "H")
    # Killed: its recovery file stays. The next untitled session asks; Enter means Later.
    saved = {p.name: p.read_text() for p in recovery.glob("*.qasm")}
    assert len(saved) == 1 and "h q[0];" in next(iter(saved.values()))
    second = new_app()
    async with second.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.2)
        assert type(second.screen).__name__ == "ConfirmScreen"
        question = screen_words(second)
        assert "Recover them?" in question and "Later keeps them for the next start." in question
        await pilot.press("enter")  # the default: Later
        await pilot.pause()
        assert type(second.screen).__name__ == "EditorScreen"
        await _edit_and_autosave(second, pilot, settle, "down", "X")
    files = {p.name: p.read_text() for p in recovery.glob("*.qasm")}
    assert len(files) == 2
    for name, text in saved.items():
        assert files[name] == text  # the first session's file is untouched
    # A third session is offered both; it recovers the first one's and discards the other.
    third = new_app()
    async with third.run_test(size=(160, 50)) as pilot:
        await pilot.pause(0.2)
        assert "1 more after this one" in screen_words(third)
        await pilot.click("#answer-recover")  # the newest: the second session's X
        await settle(pilot)
        assert third.editor.session.grid.op_at(1, 0).name == "X"
        assert type(third.screen).__name__ == "ConfirmScreen"  # then the older one
        await pilot.click("#answer-discard")
        await pilot.pause()
        assert type(third.screen).__name__ == "EditorScreen"
    left = [p.read_text() for p in recovery.glob("*.qasm")]
    assert len(left) == 1 and "x q[1];" in left[0]  # now the third session's own file
