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
        assert ed.inspection.computed == {"histogram", "support", "probabilities"}
        await pilot.press("f4")  # -> amplitudes
        await pilot.pause()
        assert tabs.active == "tab-amplitudes"
        assert ed.inspection.computed == {"histogram", "support", "probabilities", "amplitudes"}
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
        await pilot.press("f4")  # -> the displays placed in the circuit (none here)
        await pilot.pause()
        assert tabs.active == "tab-placed" and ed.inspection.display("placed") == []
        seen = {"qubits", "probabilities", "placed"}
        await pilot.press("f4")  # -> histogram again, computed for the new state
        await pilot.pause()
        assert tabs.active == "tab-histogram"
        assert ed.inspection.computed == seen | {"histogram", "support"}


async def test_histogram_of_a_5_qubit_ghz_shows_both_bars_and_hides_zeros(new_app, settle):
    """The 50% 11111 bar is on screen (it was row 32 of 32, below the tab's edge)."""
    app = new_app(qubits=5)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("H", "C", "down", "enter", *["down", "C", "down", "enter"] * 3)
        await settle(pilot)
        assert [b for b, _ in app.editor.inspection.histogram] == ["00000", "11111"]
        histogram = app.editor.query_one("#histogram")
        assert "30 of 32 outcomes not shown: 30 with probability 0" in histogram.plain
        lines = [line for line in histogram.plain.splitlines() if line.strip().startswith("11111")]
        assert lines and "0.5000 " + "█" * 20 in lines[0]
        # On screen: the bar's row lies inside the widget's visible region, and the
        # screenshot (what the terminal shows) has both outcomes.
        row = histogram.plain.splitlines().index(lines[0])
        top = histogram.scroll_offset.y
        assert top <= row < top + histogram.size.height
        shot = app.export_screenshot()
        assert "11111" in shot and "00000" in shot


async def test_f7_lists_the_histogram_in_index_order_and_back(new_app, settle):
    """Ry(pi/3) on q0, X on q1: 01 (p=0.75) before 11 (0.25) by probability; 01 then 11 by
    index too, so add H on q1 to get four outcomes whose two orders differ."""
    from tests.tui.conftest import screen_text

    app = new_app(qubits=2)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await pilot.pause()
        field = app.screen.query_one("Input")
        field.value = "2*pi/3"
        await pilot.press("enter", "down", "H")
        await settle(pilot)
        histogram = app.editor.query_one("#histogram")
        by_p = [b for b, _ in histogram.rows]
        assert by_p == ["10", "11", "00", "01"]  # p 0.375, 0.375, 0.125, 0.125
        await pilot.press("f7")
        await pilot.pause()
        assert [b for b, _ in histogram.rows] == ["00", "01", "10", "11"]
        assert "by index" in screen_text(app)
        await pilot.press("X")  # a new result keeps the chosen order
        await settle(pilot)
        assert [b for b, _ in histogram.rows] == sorted(b for b, _ in histogram.rows)
        await pilot.press("f7")
        await pilot.pause()
        ps = [p for _, p in histogram.rows]
        assert ps == sorted(ps, reverse=True)


async def test_16_qubit_qft_lists_no_zero_rows_and_counts_the_rest(new_app, settle):
    from qtool.circuits import generate
    from qtool.editor.convert import from_cirq

    app = new_app(qubits=16)
    async with app.run_test(size=(80, 24)) as pilot:
        app.editor.session.replace_grid(from_cirq(generate("qft", 16)))
        app.editor.refresh_views(sync_qasm=True)
        await settle(pilot)
        histogram = app.editor.query_one("#histogram")
        assert histogram.rows and all(p > 0 for _, p in histogram.rows)
        assert "0.0000" not in histogram.plain
        support = app.editor.inspection.display("support")
        hidden = 2 ** 16 - len(histogram.rows)
        assert f"{hidden} of 65536 outcomes not shown" in histogram.plain
        assert (f"{2 ** 16 - support} with probability 0" in histogram.plain) == (support < 2 ** 16)
