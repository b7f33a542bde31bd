"""The QASM pane in both directions, files (save, save as, load), the unsaved-changes
prompt, the recovery file, and the command palette's actions."""

import json

import pytest

SIZE = (120, 36)


async def type_qasm(app, pilot, text):
    """Replace the QASM pane's text as a user would (the pane then parses after a pause)."""
    area = app.editor.query_one("#qasm-text")
    area.focus()
    area.select_all()
    area.replace(text, area.selection.start, area.selection.end)
    await pilot.pause(0.4)


async def test_qasm_edit_updates_the_grid(new_app, settle):
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        text = 'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[3];\nh q[0];\ncx q[0],q[1];\ncx q[1],q[2];\n'
        await type_qasm(app, pilot, text)
        await settle(pilot)
        g = app.editor.session.grid
        assert g.num_qubits == 3 and [op.name for _, op in g.ops()] == ["H", "CX", "CX"]
        assert [b for b, _ in app.editor.inspection.amplitudes] == ["000", "111"]
        # Typing in the pane does not rewrite what the user typed.
        assert app.editor.query_one("#qasm").text == text


async def test_typing_keys_into_the_qasm_pane(new_app, settle):
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        area = app.editor.query_one("#qasm-text")
        area.move_cursor((area.document.line_count - 1, 0))
        await pilot.press(*"x q[1];")
        await pilot.pause(0.4)
        await settle(pilot)
        assert app.editor.session.grid.op_at(1, 0).name == "X"


async def test_parse_error_is_shown_and_the_grid_kept(new_app, settle):
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("H")
        await settle(pilot)
        before = app.editor.session.grid
        await type_qasm(app, pilot, 'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[2];\nh q[0];\nfoo q[1];\n')
        await settle(pilot)
        pane = app.editor.query_one("#qasm")
        assert "line 5" in pane.error_message and "column" in pane.error_message
        assert app.editor.session.grid == before
        assert app.editor.query_one("#status").has_class("-error")
        # Fixing the text clears the error and the grid follows.
        await type_qasm(app, pilot, 'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[2];\nh q[0];\ny q[1];\n')
        await settle(pilot)
        assert pane.error_message == "" and app.editor.session.grid.op_at(1, 0).name == "Y"


async def test_grid_edit_rewrites_the_qasm_and_undo_restores_it(new_app, settle):
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await type_qasm(app, pilot, 'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[2];\nh q[1];\n')
        await settle(pilot)
        await pilot.press("f2", "Z")
        await settle(pilot)
        assert "z q[0];" in app.editor.query_one("#qasm").text
        await pilot.press("u")
        await settle(pilot)
        assert "z q[0];" not in app.editor.query_one("#qasm").text
        assert "h q[1];" in app.editor.query_one("#qasm").text


async def test_save_and_load_round_trip(new_app, settle, bell_file):
    app = new_app(bell_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.editor.session.grid.op_count() == 2 and app.sub_title == "bell.qasm"
        await pilot.press("S")
        await settle(pilot)
        assert app.sub_title == "bell.qasm *"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.sub_title == "bell.qasm" and not app.editor.document.modified
        grid = app.editor.session.grid
    saved = bell_file.read_text()
    assert "s q[0];" in saved and "creg c[2];" in saved
    again = new_app(bell_file)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert again.editor.session.grid == grid


async def test_save_as_openqasm3(new_app, settle, tmp_path):
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("H", "ctrl+s")  # no file yet: save as
        await pilot.pause()
        dialog = app.screen
        assert type(dialog).__name__ == "SaveAsScreen"
        dialog.query_one("#save-path").value = str(tmp_path / "new.qasm")
        dialog.query_one("#v3").value = True
        await pilot.click("#save-ok")
        await pilot.pause()
        assert type(app.screen).__name__ == "EditorScreen"
        assert app.sub_title == "new.qasm"
    text = (tmp_path / "new.qasm").read_text()
    assert text.startswith("OPENQASM 3") and "h q[0];" in text


async def test_quit_with_unsaved_changes_asks_first(new_app, settle):
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("X", "ctrl+q")
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmScreen"
        assert "unsaved changes" in str(app.screen.query_one("#question").render())
        await pilot.press("escape")  # cancel: still editing
        await pilot.pause()
        assert type(app.screen).__name__ == "EditorScreen" and app.is_running
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.click("#answer-discard")
        await pilot.pause()
        assert not app.is_running


async def test_quit_when_saved_does_not_ask(new_app):
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running


async def test_recovery_file_is_offered_on_the_next_start(new_app, settle, bell_file, recovery):
    app = new_app(bell_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.editor.AUTOSAVE_DELAY = 0.05  # the timer, shortened from a second
        await pilot.press("T")
        await settle(pilot)
        await pilot.pause(0.3)
        await app.workers.wait_for_complete()
        files = list(recovery.glob("*.qasm"))
        assert len(files) == 1 and "t q[0];" in files[0].read_text()
    # The "crash": the file was never saved. The next session offers the autosaved text.
    assert "t q[0];" not in bell_file.read_text()
    again = new_app(bell_file)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert type(again.screen).__name__ == "ConfirmScreen"
        await pilot.click("#answer-recover")
        await settle(pilot)
        assert again.editor.session.grid.op_at(0, 2).name == "T"
        assert again.editor.document.modified


async def test_palette_actions_insert_algorithm_and_export_state(new_app, settle, tmp_path):
    app = new_app(qubits=1)
    async with app.run_test(size=SIZE) as pilot:
        titles = [t for t, _, _ in app.editor.palette_commands()]
        assert "Export state as JSON" in titles and "Insert algorithm" in titles
        app.editor.action_insert_algorithm()
        await pilot.pause()
        app.screen.query_one("Input").value = "ghz 3"
        await pilot.press("enter")
        await settle(pilot)
        assert app.editor.session.grid.num_qubits == 3
        assert [b for b, _ in app.editor.inspection.amplitudes] == ["000", "111"]
        app.editor.action_export_state()
        await pilot.pause()
        app.screen.query_one("Input").value = str(tmp_path / "state.json")
        await pilot.press("enter")
        await pilot.pause()
    doc = json.loads((tmp_path / "state.json").read_text())
    assert doc["schema"] == "qtool.tui.state/1" and doc["num_qubits"] == 3
    assert doc["state"][0][0] == pytest.approx(2 ** -0.5, abs=1e-6)


async def test_compile_action(new_app, settle):
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("H", "C", "down", "enter")
        await settle(pilot)
        app.editor.action_compile("cz")
        await settle(pilot)
        names = {op.name for _, op in app.editor.session.grid.ops()}
        assert "CX" not in names and "compiled for cz" in app.editor.query_one("#status").message
        probs = dict(app.editor.inspection.histogram)
        assert probs["00"] == pytest.approx(0.5, abs=1e-5) and probs["11"] == pytest.approx(0.5, abs=1e-5)


async def test_open_another_file_after_the_unsaved_prompt(new_app, settle, bell_file, tmp_path):
    other = tmp_path / "ghz.qasm"
    other.write_text('OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[3];\nh q[0];\ncx q[0],q[1];\ncx q[1],q[2];\n')
    app = new_app(bell_file)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("X", "ctrl+o")
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmScreen"
        await pilot.click("#answer-discard")
        await pilot.pause()
        prompt = app.screen
        prompt.query_one("Input").value = str(tmp_path / "missing.qasm")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is prompt and "no such file" in str(prompt.query_one("#prompt-error").render())
        prompt.query_one("Input").value = str(other)
        await pilot.press("enter")
        await settle(pilot)
        assert app.sub_title == "ghz.qasm" and app.editor.session.grid.num_qubits == 3
        assert [b for b, _ in app.editor.inspection.amplitudes] == ["000", "111"]


async def test_command_palette_lists_the_editor_actions(new_app):
    from qtool.compile import TARGET_NAMES
    from tui.commands import EditorCommands

    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.editor.COMMANDS == {EditorCommands}  # Textual's provider set, not a key table
        titles = [t for t, _, _ in app.editor.palette_commands()]
        for title in ("Open file", "Save", "Save as", "Export state as JSON", "Help: key bindings",
                      "Insert algorithm", "Generate with KetGPT",
                      *(f"Compile for {t}" for t in TARGET_NAMES)):
            assert title in titles
        system = [c.title for c in app.get_system_commands(app.editor)]
        assert any("quit" in t.lower() for t in system)


async def test_quit_with_broken_qasm_text_asks_first(new_app, settle):
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await type_qasm(app, pilot, 'OPENQASM 2.0;\nqreg q[1];\nnot valid\n')
        await settle(pilot)
        assert not app.editor.document.modified
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmScreen"
        assert "does not parse" in str(app.screen.query_one("#question").render())
