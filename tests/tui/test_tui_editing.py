"""Editing through the real app, headless: keys, clicks, undo/redo, the angle prompt, the
live displays and inspection at a column."""

import math

import pytest

from tests.tui.conftest import retype
from tui.widgets.grid_lines import CELL, GUTTER, HEADER

SIZE = (120, 36)


def grid_of(app):
    return app.editor.session.grid


async def test_place_and_delete_gates_by_keys(new_app, settle):
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("H", "X")
        await settle(pilot)
        g = grid_of(app)
        assert [g.op_at(0, c).name for c in (0, 1)] == ["H", "X"]
        assert app.editor.session.cursor == (0, 2)
        await pilot.press("left", "x")
        await settle(pilot)
        assert grid_of(app).op_at(0, 1) is None and grid_of(app).op_at(0, 0).name == "H"
        assert "h q[0];" in app.editor.query_one("#qasm").text
        assert "x q[0];" not in app.editor.query_one("#qasm").text


async def test_undo_and_redo_keys(new_app, settle):
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("H", "j", "Z")
        await settle(pilot)
        assert grid_of(app).op_count() == 2
        await pilot.press("u")
        await settle(pilot)
        assert grid_of(app).op_count() == 1
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert grid_of(app).op_count() == 0 and not app.editor.document.modified
        await pilot.press("ctrl+r", "ctrl+y")
        await settle(pilot)
        assert grid_of(app).op_count() == 2
        assert app.sub_title.endswith("*")


async def test_click_palette_and_grid_cells(new_app, settle):
    app = new_app(qubits=3)
    async with app.run_test(size=SIZE) as pilot:
        # Click the cell of q2, column 0 (content coordinates inside the grid's border).
        await pilot.click("#grid", offset=(1 + GUTTER + 3, 1 + HEADER + 2 * 2))
        assert app.editor.session.cursor == (2, 0)
        await pilot.click("#gate-Y")
        await settle(pilot)
        assert grid_of(app).op_at(2, 0).name == "Y"
        # A two-qubit gate placed by clicks: the palette, then the target cell.
        await pilot.click("#grid", offset=(1 + GUTTER + CELL + 3, 1 + HEADER))
        await pilot.click("#gate-CZ")
        await pilot.click("#grid", offset=(1 + GUTTER + CELL + 3, 1 + HEADER + 2))
        await settle(pilot)
        assert grid_of(app).op_at(1, 1).name == "CZ" and grid_of(app).op_at(1, 1).qubits == (0, 1)
        # Click a gate, delete it with the key.
        await pilot.click("#grid", offset=(1 + GUTTER + 3, 1 + HEADER + 4))
        await pilot.press("delete")
        await settle(pilot)
        assert grid_of(app).op_at(2, 0) is None


async def test_angle_prompt_accepts_expressions_and_rejects_garbage(new_app, settle):
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")  # Rz
        await pilot.pause()
        prompt = app.screen
        assert type(prompt).__name__ == "PromptScreen"
        prompt.query_one("Input").value = "pi/"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is prompt and "angle" in str(prompt.query_one("#prompt-error").render())
        prompt.query_one("Input").value = "-pi/4"
        await pilot.press("enter")
        await settle(pilot)
        op = grid_of(app).op_at(0, 0)
        assert op.name == "Rz" and op.params[0] == pytest.approx(-0.785398, abs=1e-6)
        assert "rz(-pi/4) q[0];" in app.editor.query_one("#qasm").text
        # Enter on the gate edits its angle.
        await pilot.press("left", "enter")
        await pilot.pause()
        app.screen.query_one("Input").value = "pi"
        await pilot.press("enter")
        await settle(pilot)
        assert grid_of(app).op_at(0, 0).params[0] == pytest.approx(3.141593, abs=1e-6)


async def test_bell_and_inspection_at_a_column(new_app, settle):
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("H", "C", "down", "enter")
        await settle(pilot)
        ed = app.editor
        assert ed.session.cursor[1] == 2  # past the end: the final state
        probs = dict(ed.inspection.histogram)
        assert probs["00"] == pytest.approx(0.5, abs=1e-6) and probs["11"] == pytest.approx(0.5, abs=1e-6)
        assert [q.entropy for q in ed.inspection.qubits] == pytest.approx([1, 1], abs=1e-6)
        await pilot.press("home")
        await settle(pilot)
        assert ed.inspection.column == 0  # after the H only
        assert ed.inspection.qubits[0].x == pytest.approx(1.0, abs=1e-6)
        assert ed.inspection.qubits[0].entropy == pytest.approx(0.0, abs=1e-6)
        await pilot.press("f4", "f4")  # the Qubits tab
        table = ed.query_one("#qubits")
        assert table.row_count == 2 and table.get_row_at(0)[3] == "+1.000"
        assert "state after column 0" in str(ed.query_one("#stats").render())


async def test_ghz_displays(new_app, settle):
    app = new_app(qubits=3)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("H", "C", "down", "enter", "down", "C", "down", "enter")
        await settle(pilot)
        ed = app.editor
        assert [b for b, _ in ed.inspection.amplitudes] == ["000", "111"]
        await pilot.press("f4")  # the Amplitudes tab
        amps = ed.query_one("#amplitudes")
        assert amps.row_count == 2 and amps.get_row_at(1)[0] == "|111>"
        assert "111" in ed.query_one("#histogram").plain


async def test_copy_paste_by_keys(new_app, settle):
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("H", "C", "down", "enter")
        await pilot.press("home", "up", "v", "down", "right", "y", "end", "up", "p")
        await settle(pilot)
        assert grid_of(app).op_count() == 4
        assert grid_of(app).op_at(1, 3).name == "CX"


async def test_counts_for_a_measuring_circuit(new_app, settle):
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("X", "M")
        await settle(pilot)
        panel = app.editor.query_one("#counts-panel")
        text = str(panel.query_one("#counts").render())
        assert "1000 shots" in text and "1 1000" in text.replace("█", "").replace("  ", " ")


async def test_stale_results_are_dropped(new_app, settle):
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("X")
        await settle(pilot)
        ed = app.editor
        shown = ed.inspection
        ed.post_message(ed.Inspected(ed.generation - 1, None, "stale"))
        await pilot.pause()
        assert ed.inspection is shown and ed.query_one("#status").message != "stale"


async def test_edit_errors_go_to_the_status_line(new_app, settle):
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("x")
        await pilot.pause()
        status = app.editor.query_one("#status")
        assert "no gate" in status.message and status.has_class("-error")


async def test_help_lists_every_binding(new_app):
    from tui.widgets.circuit_grid import CircuitGrid

    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        table = app.screen.query_one("#help-keys")
        rows = [table.get_row_at(i) for i in range(table.row_count)]
        actions = {r[2] for r in rows}
        for b in CircuitGrid.BINDINGS:
            assert b.description in actions
        assert any(r[1] == "ctrl+s" for r in rows) and any("ctrl+q" in r[1] for r in rows)
        await pilot.press("escape")
        assert type(app.screen).__name__ == "EditorScreen"


async def test_wide_circuit_scrolls_under_a_fixed_gutter_and_clicks_follow(new_app, settle):
    from qtool.editor.model import Grid, Op

    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        grid = Grid(2)
        for col in range(40):
            grid = grid.place(Op("H" if col % 2 else "X", (0,)), col)
        app.editor.session.replace_grid(grid)
        app.editor.refresh_views(sync_qasm=True)
        await settle(pilot)
        widget = app.editor.query_one("#grid")
        scroll_x = widget.scroll_offset.x
        assert scroll_x > 0  # the cursor is at the end, column 40
        assert widget.render_line(1).text.startswith("q0")  # the gutter did not scroll away
        assert widget.render_line(0).text.strip().endswith("+")
        # Click the first visible whole cell on q1: the column accounts for the scroll.
        first = -(-scroll_x // CELL)
        x = GUTTER + first * CELL - scroll_x + 3
        await pilot.click("#grid", offset=(1 + x, 1 + HEADER + 2))
        assert app.editor.session.cursor == (1, first)


async def test_structure_keys_and_move_mode(new_app, settle):
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("H", "left", "m", "down", "right", "enter")
        await settle(pilot)
        g = grid_of(app)
        assert g.op_at(1, 1).name == "H" and g.op_at(0, 0) is None
        await pilot.press("i")  # a column before the cursor's
        assert grid_of(app).op_at(1, 2).name == "H"
        await pilot.press("d", "o")  # delete it again; insert a qubit at q1
        await settle(pilot)
        g = grid_of(app)
        assert g.num_qubits == 3 and g.op_at(2, 1).name == "H"
        await pilot.press("A", "down", "e")
        await settle(pilot)
        assert grid_of(app).num_qubits == 3 and grid_of(app).op_count() == 0


async def test_top_k_filter(new_app, settle):
    app = new_app(qubits=3)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("H", "down", "H", "down", "H", "f4")
        await settle(pilot)
        assert app.editor.query_one("#amplitudes").row_count == 8
        field = app.editor.query_one("#top-k")
        field.value = "3"
        await field.action_submit()
        for _ in range(3):
            await pilot.pause()
        await settle(pilot)
        assert app.editor.query_one("#amplitudes").row_count == 3


async def test_counts_follow_shots_and_seed(new_app, settle):
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("H", "M")
        await settle(pilot)
        panel = app.editor.query_one("#counts-panel")
        panel.query_one("#shots").value = "50"
        panel.query_one("#seed").value = "3"
        await panel.query_one("#seed").action_submit()
        for _ in range(3):
            await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = str(panel.query_one("#counts").render())
        assert "50 shots, seed 3" in text


async def test_drag_a_gate_with_the_mouse(new_app, settle):
    app = new_app(qubits=3)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("T")
        await settle(pilot)
        await pilot.mouse_down("#grid", offset=(1 + GUTTER + 3, 1 + HEADER))
        await pilot.mouse_up("#grid", offset=(1 + GUTTER + 2 * CELL + 3, 1 + HEADER + 4))
        await settle(pilot)
        g = grid_of(app)
        assert g.op_at(0, 0) is None and g.op_at(2, 1).name == "T"  # past the end: appended
        assert "t q[2];" in app.editor.query_one("#qasm").text


async def test_costly_per_shot_sampling_waits_to_be_asked(new_app, settle):
    app = new_app(qubits=13)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("H", "M", "H")  # a gate after the measurement
        await settle(pilot)
        text = str(app.editor.query_one("#counts-panel").query_one("#counts").render())
        assert "one simulation per shot" in text


async def test_large_circuits_simulate_on_request(new_app, settle):
    app = new_app(qubits=23)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("X")
        await settle(pilot)
        assert app.editor.inspection is None
        assert "press F5" in app.editor.query_one("#histogram").plain
        await pilot.press("f5")
        await settle(pilot, timeout=60)
        # the histogram is the visible tab: computed in the simulation process (the 2^23
        # state stays there)
        assert app.editor.inspection.histogram[0][0] == "1" + "0" * 22


async def _type_into_prompt(pilot, text: str) -> None:
    """Clear the prompt's input with keys, type `text`, press Enter."""
    await retype(pilot, text)
    await pilot.pause()


@pytest.mark.parametrize("size", [(120, 36), (80, 24)])
async def test_angle_prompt_refuses_complex_and_infinite_angles(new_app, settle, size):
    app = new_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("3")  # Rz: the new-gate angle prompt
        await pilot.pause()
        prompt = app.screen
        for text, reason in [("(-1)^0.5", "complex"), ("1e400", "not a finite number"),
                             ("sqrt(-1)", "not a real number"), ("9**9**9", "too large"),
                             ("nan", "unsupported term")]:
            await _type_into_prompt(pilot, text)
            assert app.screen is prompt, text  # still open, the app alive
            assert reason in str(prompt.query_one("#prompt-error").render()), text
            assert grid_of(app).op_at(0, 0) is None
        await _type_into_prompt(pilot, "pi/3")
        await settle(pilot)
        assert grid_of(app).op_at(0, 0).params[0] == pytest.approx(math.pi / 3)
        # The edit-angle prompt (Enter on the gate) refuses them too and keeps the angle.
        await pilot.press("left", "enter")
        await pilot.pause()
        prompt = app.screen
        assert type(prompt).__name__ == "PromptScreen"
        await _type_into_prompt(pilot, "(-2)^0.5")
        assert app.screen is prompt and "complex" in str(prompt.query_one("#prompt-error").render())
        await pilot.press("escape")
        await settle(pilot)
        assert grid_of(app).op_at(0, 0).params[0] == pytest.approx(math.pi / 3)
