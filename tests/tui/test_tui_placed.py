"""Displays placed in the circuit, through keys: g and a kind, live values in the boxes
and the "In circuit" tab (Bloch art, density matrix), saved as structured comments."""

from __future__ import annotations

from tests.tui.conftest import retype, screen_text

SIZE = (120, 36)


async def _choose(pilot, kind: str) -> None:
    """The display prompt is open: type `kind` over the default and press Enter."""
    await retype(pilot, kind)


async def test_place_bloch_and_density_displays_save_and_reopen(new_app, settle, tmp_path):
    app = new_app(tmp_path / "placed.qasm", qubits=2)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("H", "g", "enter")  # the default: a Bloch sphere on q0 after H
        await settle(pilot)
        ed = app.editor
        assert "// qtool:display bloch rows 0 after 1" in ed.query_one("#qasm").text
        assert "x+1.0" in screen_text(app)  # the box shows the live value
        # a density display on both qubits after a CX: select q0..q1, g, "density"
        await pilot.press("C", "down", "enter", "up", "v", "down", "g")
        await _choose(pilot, "density")
        await settle(pilot)
        await pilot.press("f4", "f4", "f4", "f4")  # Histogram -> ... -> Counts -> In circuit
        await settle(pilot)
        assert ed.query_one("TabbedContent").active == "tab-placed"
        shown = ed.query_one("#placed").plain
        assert "bloch on q0 after column 1" in shown and "x +1.000" in shown
        assert "density on q0,q1" in shown
        # the Bell state's density matrix: 0.5 in the four corners
        rows = [line for line in shown.splitlines() if line.strip().startswith("<")]
        assert rows[0].split()[1] == "0.500" and rows[3].split()[-2] == "0.500"
        assert any(ch in screen_text(app) for ch in "⠁⠂⠄⡀⠈⠐⠠⢀")  # the sphere is drawn
        await pilot.press("ctrl+s")
        await settle(pilot)
    text = (tmp_path / "placed.qasm").read_text()
    assert "// qtool:display density rows 0,1 after 2,1" in text
    again = new_app(tmp_path / "placed.qasm", qubits=2)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        kinds = [op.label for _, op in again.editor.session.grid.ops() if op.name == "display"]
        assert kinds == ["bloch", "density"]


async def test_a_bad_display_kind_is_refused_in_the_prompt(new_app, settle):
    app = new_app(qubits=1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("g")
        await _choose(pilot, "sphere")
        await pilot.pause()
        assert "one of probability, amplitude, bloch, density, chance" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert not any(op.name == "display" for _, op in app.editor.session.grid.ops())
