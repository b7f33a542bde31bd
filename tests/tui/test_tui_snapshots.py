"""SVG snapshots of the editor (pytest-textual-snapshot); update with --snapshot-update
after checking the new picture by eye."""

SIZE = (120, 36)


def prepare(settle, *keys):
    async def run_before(pilot):
        for area in pilot.app.query("TextArea"):
            area.cursor_blink = False
        for field in pilot.app.query("Input"):
            field.cursor_blink = False
        if keys:
            await pilot.press(*keys)
        await settle(pilot)
        for area in pilot.app.query("TextArea"):
            area.cursor_blink = False

    return run_before


def test_main_screen_with_a_sample_circuit(snap_compare, new_app, settle, bell_file):
    assert snap_compare(new_app(bell_file), terminal_size=SIZE, run_before=prepare(settle))


def test_qubit_table_at_the_first_column(snap_compare, new_app, settle, bell_file):
    assert snap_compare(new_app(bell_file), terminal_size=SIZE,
                        run_before=prepare(settle, "home", "f4", "f4"))


def test_parse_error_in_the_qasm_pane(snap_compare, new_app, settle, bell_file):
    async def run_before(pilot):
        await prepare(settle)(pilot)
        area = pilot.app.editor.query_one("#qasm-text")
        area.focus()
        area.insert("bogus q[0];\n", (5, 0))
        area.cursor_blink = False
        await pilot.pause(0.4)
        await settle(pilot)

    assert snap_compare(new_app(bell_file), terminal_size=SIZE, run_before=run_before)


def test_ghz_at_160x50(snap_compare, new_app, settle, samples):
    assert snap_compare(new_app(samples / "ghz.qasm"), terminal_size=(160, 50), run_before=prepare(settle))


def test_ghz_at_80x24(snap_compare, new_app, settle, samples):
    """The small terminal: palette folded, QASM pane folded, status and stats lines shown."""
    assert snap_compare(new_app(samples / "ghz.qasm"), terminal_size=(80, 24), run_before=prepare(settle))


def _placed_keys():
    # H, a Bloch display on q0, then the "In circuit" tab (F4 four times)
    return ("H", "g", "enter", "f4", "f4", "f4", "f4")


def test_placed_bloch_display_at_160x50(snap_compare, new_app, settle):
    assert snap_compare(new_app(qubits=2), terminal_size=(160, 50), run_before=prepare(settle, *_placed_keys()))


def test_placed_bloch_display_at_80x24(snap_compare, new_app, settle):
    assert snap_compare(new_app(qubits=2), terminal_size=(80, 24), run_before=prepare(settle, *_placed_keys()))


def test_gate_box_and_conditions_at_160x50(snap_compare, new_app, settle, corpus_program):
    """qec_sm_n5: its `syndrome` gate as one named box on five qubits, and the conditioned
    corrections joined to the bits row naming `syn`."""
    assert snap_compare(new_app(corpus_program("qec_sm_n5")), terminal_size=(160, 50),
                        run_before=prepare(settle))


def test_gate_box_and_conditions_at_80x24(snap_compare, new_app, settle, corpus_program):
    assert snap_compare(new_app(corpus_program("qec_sm_n5")), terminal_size=(80, 24),
                        run_before=prepare(settle))
