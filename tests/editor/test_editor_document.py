"""Files, the modified marker, the recovery file, history depth, angles and stats."""

import math

import pytest

from qtool.editor.angles import format_angle, parse_angle
from qtool.editor.document import Document
from qtool.editor.history import History
from qtool.editor.model import Grid, Op
from qtool.editor.stats import grid_metrics, summary
from qtool.errors import QtoolError

BELL = 'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[2];\nh q[0];\ncx q[0],q[1];\n'


def test_save_load_round_trip_and_modified_marker(tmp_path):
    path = tmp_path / "bell.qasm"
    path.write_text(BELL)
    doc = Document.open(path, recovery_folder=tmp_path / "rec")
    assert not doc.modified and doc.grid.op_count() == 2
    doc.apply(doc.grid.place(Op("X", (1,)), 2))
    assert doc.modified
    doc.save()
    assert not doc.modified
    again = Document.open(path)
    assert again.grid.op_at(1, 2).name == "X"


def test_save_as_qasm3(tmp_path):
    doc = Document.new(2)
    doc.apply(doc.grid.place(Op("H", (0,)), 0))
    target = doc.save(tmp_path / "out.qasm", version=3)
    assert target.read_text().startswith("OPENQASM 3")
    assert Document.open(target).grid.op_at(0, 0).name == "H"


def test_save_without_a_path_is_refused():
    with pytest.raises(QtoolError, match="no file"):
        Document.new(1).save()


def test_open_reports_parse_errors(tmp_path):
    bad = tmp_path / "bad.qasm"
    bad.write_text(BELL + "cx q[0];\n")
    with pytest.raises(QtoolError) as info:
        Document.open(bad)
    assert info.value.line == 6


def test_recovery_file_written_when_modified_and_removed_on_save(tmp_path):
    rec = tmp_path / "rec"
    path = tmp_path / "c.qasm"
    path.write_text(BELL)
    doc = Document.open(path, recovery_folder=rec)
    assert doc.autosave() is None
    doc.apply(doc.grid.place(Op("Z", (0,)), 2))
    written = doc.autosave()
    assert written.exists() and "z q[0];" in written.read_text()
    # A new session on the same file finds the autosaved text.
    fresh = Document.open(path, recovery_folder=rec)
    assert "z q[0];" in fresh.recovered_text()
    doc.save()
    assert not written.exists()
    assert Document.open(path, recovery_folder=rec).recovered_text() is None


def test_history_depth_and_redo_cleared_by_new_edit():
    h = History(0, limit=3)
    for v in range(1, 6):
        h.push(v)
    assert [h.undo() for _ in range(4)] == [4, 3, 2, None]
    h.redo()
    h.push(99)
    assert h.redo() is None and h.current == 99


def test_deep_undo_restores_every_state():
    doc = Document.new(2)
    states = [doc.grid]
    for col in range(200):
        doc.apply(doc.grid.place(Op("H", (col % 2,)), col))
        states.append(doc.grid)
    for expected in reversed(states[:-1]):
        assert doc.undo() and doc.grid == expected
    assert not doc.modified


@pytest.mark.parametrize("text, value", [("pi/4", math.pi / 4), ("-3*pi/8", -3 * math.pi / 8),
                                         ("0.25", 0.25), ("2^3", 8.0), ("sqrt(2)", math.sqrt(2)),
                                         ("π", math.pi), ("tau/2 + 1", math.pi + 1)])
def test_angles(text, value):
    assert parse_angle(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "pi/", "__import__('os')", "x", "1/0", "pi pi"])
def test_bad_angles(text):
    with pytest.raises(QtoolError):
        parse_angle(text)


def test_format_angle():
    assert format_angle(math.pi / 4) == "pi/4"
    assert format_angle(-math.pi) == "-pi"
    assert format_angle(3 * math.pi / 8) == "3*pi/8"
    assert format_angle(0.1234) == "0.1234"


def test_stats():
    g = (Grid(3).place(Op("H", (0,)), 0).place(Op("CX", (0, 1)), 1)
         .place(Op("CX", (1, 2)), 2).place(Op("barrier", (0, 1, 2)), 3)
         .place(Op("measure", (2,), key="c_2"), 4))
    m = grid_metrics(g)
    assert (m.qubits, m.depth, m.two_qubit, m.measurements) == (3, 4, 2, 1)
    assert m.gate_counts["cx"] == 2 and m.gate_counts["h"] == 1
    assert summary(m).startswith("qubits 3 | depth 4 | gates 3 | 2q 2 | measure 1 | cx 2")


def test_stats_count_idle_qubits():
    assert grid_metrics(Grid(5).place(Op("H", (4,)), 0)).qubits == 5


def test_an_earlier_sessions_recovery_file_is_kept_until_handled(tmp_path):
    rec = tmp_path / "rec"
    path = tmp_path / "c.qasm"
    path.write_text(BELL)
    crashed = Document.open(path, recovery_folder=rec)
    crashed.apply(crashed.grid.place(Op("Z", (0,)), 2))
    crashed.autosave()
    fresh = Document.open(path, recovery_folder=rec)
    assert fresh.autosave() is None  # nothing changed here: the old file stays
    assert fresh.recovered_text() is not None
    fresh.apply(fresh.grid.place(Op("X", (1,)), 2))
    own = fresh.autosave()
    assert "z q[0];" in fresh.recovered_text()  # its own file is separate: nothing overwritten
    fresh.undo()
    fresh.autosave()  # back to the file's state: this session's recovery file goes
    assert not own.exists()
    assert "z q[0];" in fresh.recovered_text()  # the crashed session's edits are still there


def test_untitled_sessions_never_share_a_recovery_file(tmp_path):
    rec = tmp_path / "rec"
    first = Document.new(2, recovery_folder=rec)
    first.apply(first.grid.place(Op("H", (0,)), 0))
    first_file = first.autosave()
    second = Document.new(2, recovery_folder=rec)
    assert [r.text for r in second.earlier_recoveries()] == [first_file.read_text()]
    second.apply(second.grid.place(Op("X", (1,)), 0))  # "Later", then editing
    second_file = second.autosave()
    assert second_file != first_file and "h q[0];" in first_file.read_text()
    third = Document.new(2, recovery_folder=rec)
    texts = sorted(r.text for r in third.earlier_recoveries())
    assert len(texts) == 2 and any("h q[0];" in t for t in texts) and any("x q[1];" in t for t in texts)
    # Recovering: the text moves into the recovering session's own file, then the old one goes.
    found = next(r for r in third.earlier_recoveries() if "h q[0];" in r.text)
    third.take_recovery(found)
    assert not found.path.exists() and third.grid.op_at(0, 0).name == "H"
    assert any("h q[0];" in p.read_text() for p in rec.glob(f"untitled.{third.session_id}.qasm"))
    # Discarding removes exactly that file.
    other = third.earlier_recoveries()
    assert len(other) == 1
    third.drop_recovery(other[0])
    assert third.earlier_recoveries() == []


def test_a_running_editors_file_is_not_offered(tmp_path):
    import subprocess
    import sys

    from qtool.editor import recovery

    rec = tmp_path / "rec"
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        rec.mkdir()
        (rec / f"untitled.{live.pid}-abcd.qasm").write_text("OPENQASM 2.0;\nqreg q[1];\n")
        assert Document.new(1, recovery_folder=rec).earlier_recoveries() == []
    finally:
        live.kill()
        live.wait()
    assert len(recovery.earlier_recoveries(None, "1-x", rec)) == 1  # its editor is gone


def test_openqasm3_files_are_saved_back_as_openqasm3(tmp_path):
    path = tmp_path / "c.qasm"
    path.write_text('// made by hand\nOPENQASM 3.0;\ninclude "stdgates.inc";\nqubit[1] q;\nh q[0];\n')
    doc = Document.open(path)
    assert doc.qasm_version == 3
    doc.apply(doc.grid.place(Op("X", (0,)), 1))
    doc.save()
    assert path.read_text().startswith("// made by hand\nOPENQASM 3")  # the comment is kept too
