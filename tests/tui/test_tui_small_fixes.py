"""The smaller things a first-time user met (issue 13, point 6), each driven through keys."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.tui.conftest import screen_text

SIZE = (160, 50)


async def test_pane_says_openqasm_3_after_save_as_3(new_app, settle, tmp_path):
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("H", "ctrl+e")
        await pilot.pause()
        app.screen.query_one("#save-path").value = str(tmp_path / "v3.qasm")
        app.screen.query_one("#v3").value = True
        await pilot.click("#save-ok")
        await settle(pilot)
        assert app.editor.query_one("#qasm").text.startswith("OPENQASM 3.0;")
        assert "qubit[2] q;" in app.editor.query_one("#qasm").text


async def test_status_hint_is_said_once(new_app, settle):
    app = new_app(qubits=3)
    async with app.run_test(size=SIZE) as pilot:
        status = app.editor.query_one("#status")
        await pilot.press("C")
        assert status.message.count("choose qubit") == 1
        await pilot.press("down", "enter", "left")  # CX placed; cursor back on it
        await pilot.press("m")
        assert status.message.count("arrows move the gate") == 1
        await pilot.press("enter", "c")
        assert status.message.count("choose qubit") == 1


async def test_simulating_is_cleared_after_f5(new_app, settle):
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("H")
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        message = app.editor.query_one("#status").message
        assert "simulating" not in message and message.startswith("simulated in")


async def test_help_opens_at_the_top_and_arrows_scroll(new_app):
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        scroll = app.screen.query_one("#help-scroll")
        assert scroll.scroll_y == 0 and "qtool tui" in screen_text(app)
        await pilot.press("down", "down", "down")
        await pilot.pause()
        assert scroll.scroll_y == 3
        await pilot.press("end")
        await pilot.pause()
        assert "mouse" in screen_text(app)  # the last rows are the mouse actions


async def test_deleting_a_conditioned_gate_names_it(new_app, settle, samples):
    app = new_app(samples / "teleportation.qasm")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        grid = app.editor.session.grid
        column = next(c for c, op in grid.ops() if op.raw is not None and "x" in str(op.raw).lower()
                      and op.qubits == (2,))
        app.editor.session.set_cursor(2, column)
        await pilot.press("x")
        await settle(pilot)
        assert app.editor.query_one("#status").message == "deleted x if m1==1"


async def test_counts_list_bits_as_qtool_simulate_does(new_app, settle, samples):
    path = samples / "teleportation.qasm"
    cli = json.loads(subprocess.run(
        [sys.executable, "-m", "qtool", "simulate", str(path), "--shots", "1000", "--seed", "0", "--json"],
        capture_output=True, text=True, check=True).stdout)
    app = new_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        panel = app.editor.query_one("#counts-panel")
        await pilot.press("f4", "f4", "f4")  # the counts tab
        await settle(pilot)
        text = str(panel.query_one("#counts").render())
        assert f"bits: {' '.join(cli['bits'])}" in text
        for bits, n in cli["counts"].items():
            assert f"{bits} " in text and f" {n}\n" in text + "\n"
