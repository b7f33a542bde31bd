"""Anti-controls through keys: a on a CX's control dot turns it into ○ (fires on |0>)."""

from __future__ import annotations

from tests.tui.conftest import screen_text

SIZE = (120, 36)


async def test_a_turns_a_control_into_an_anti_control_and_back(new_app, settle, tmp_path):
    app = new_app(tmp_path / "anti.qasm", qubits=2)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("C", "down", "enter")  # CX: control q0, target q1
        await settle(pilot)
        await pilot.press("up", "home", "a")      # the cursor on the control dot
        await settle(pilot)
        ed = app.editor
        assert "○" in screen_text(app) and "anti-control" in ed.query_one("#status").message
        assert "x q[0];\ncx q[0],q[1];\nx q[0];" in ed.query_one("#qasm").text
        assert dict(ed.inspection.histogram) == {"01": 1.0}  # |00>: q0 is 0, so q1 flips
        await pilot.press("ctrl+s")
        await settle(pilot)
    again = new_app(tmp_path / "anti.qasm", qubits=2)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        (op,) = [op for _, op in again.editor.session.grid.ops()]
        assert op.anti == (0,)
        await pilot.press("home", "a")  # back to an ordinary control
        await settle(pilot)
        assert "control (fires on |1>)" in again.editor.query_one("#status").message, again.editor.query_one("#status").message
        assert "○" not in screen_text(again) and dict(again.editor.inspection.histogram) == {"00": 1.0}
