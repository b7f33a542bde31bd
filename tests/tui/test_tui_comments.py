"""Comments after a file's opening lines survive open, an edit and save, next to the gates
they describe (QASMBench's adder comments its input states, one of them trailing a gate)."""

from __future__ import annotations


async def test_comments_are_kept_where_they_were(new_app, settle, corpus_program, tmp_path):
    original = corpus_program("adder_n10").read_text()
    path = tmp_path / "adder.qasm"
    path.write_text(original)
    app = new_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "// set input states" in app.editor.query_one("#qasm").text
        await pilot.press("end", "H", "ctrl+s")  # an edit at the end, then save
        await settle(pilot)
    lines = path.read_text().splitlines()
    for comment in ("// set input states", "// a = 0001", "// b = 1111",
                    "// add a to b, storing result in b"):
        assert lines.count(comment) == 1, comment
    at = lines.index
    assert at("// set input states") < at("x a[0];") < at("// a = 0001") < at("x b[0];")
    assert at("x b[3];") < at("// b = 1111") < at("// add a to b, storing result in b") \
        < at("majority cin[0],b[0],a[0];")
    assert lines[0] == original.splitlines()[0]  # the opening comment, as before
