"""The display tabs come from one registry (tui.displays) and only the visible display is
computed: opening another tab computes it, the hidden ones stay uncomputed."""

from tests.tui.conftest import SIZE


async def test_only_the_visible_display_is_computed(new_app, settle, bell_file):
    from textual.widgets import TabbedContent

    from tui.displays import TAB_DISPLAYS

    app = new_app(bell_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        ed = app.editor
        tabs = ed.query_one(TabbedContent)
        assert [p.id for p in tabs.query("TabPane")] == [d.tab_id for d in TAB_DISPLAYS]
        assert tabs.active == "tab-histogram"
        assert ed.inspection.computed == {"histogram", "probabilities"}
        await pilot.press("f4")  # -> amplitudes
        await pilot.pause()
        assert tabs.active == "tab-amplitudes"
        assert ed.inspection.computed == {"histogram", "probabilities", "amplitudes"}
        table = ed.query_one("#amplitudes")
        assert [table.get_row_at(i)[0] for i in range(table.row_count)] == ["|00>", "|11>"]
        await pilot.press("f4")  # -> qubits
        await pilot.pause()
        assert "qubits" in ed.inspection.computed
        assert ed.query_one("#qubits").get_row_at(0)[-1] == "1.000"  # entropy of a Bell qubit
        # An edit while the qubits tab is open: the new result computes the qubits only.
        await pilot.press("X")
        await settle(pilot)
        assert ed.inspection.computed == {"qubits", "probabilities"}
        await pilot.press("f4")  # -> counts: sampled, nothing computed from the state
        await pilot.pause()
        assert tabs.active == "tab-counts" and ed.inspection.computed == {"qubits", "probabilities"}
        await pilot.press("f4")  # -> histogram again, computed for the new state
        await pilot.pause()
        assert tabs.active == "tab-histogram"
        assert ed.inspection.computed == {"qubits", "probabilities", "histogram"}
