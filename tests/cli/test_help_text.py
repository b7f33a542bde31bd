"""Every command's --help at 80 columns: prose wrapped to the terminal, not ragged at the
source's line breaks, and examples that fit (qtool.cli.helptext)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from qtool.cli.helptext import VERBATIM_WIDTH, reflow, verbatim_lines
from qtool.cli.main import COMMANDS, app, load_command

runner = CliRunner()


def commands():
    def walk(command, path):
        yield path, command
        for name, sub in getattr(command, "commands", {}).items():
            yield from walk(sub, path + [name])

    for name in COMMANDS:
        yield from walk(load_command(name), [name])


def test_reflow_joins_prose_and_keeps_examples_bullets_and_b_paragraphs():
    text = """First line
    of the summary.

    A paragraph written
    over three
    lines.

    Examples:

      qtool a    one
      qtool b    two

    - a bullet
      that goes on
    - another
    text after

    \b
    kept
    as is"""
    assert reflow(text, docstring=True).split("\n\n") == [
        "First line of the summary.", "A paragraph written over three lines.", "Examples:",
        "  qtool a    one\n  qtool b    two",
        "- a bullet\n  that goes on\n- another text after", "\b\nkept\nas is"]


@pytest.mark.parametrize("path,command", list(commands()), ids=lambda v: " ".join(v)
                         if isinstance(v, list) else "")
def test_each_command_s_help_is_reflowed_and_its_examples_fit(path, command):
    assert reflow(command.help, docstring=True) == command.help, path
    assert reflow(command.epilog) == command.epilog, path
    for text in (command.help, command.epilog):
        too_wide = [line for line in verbatim_lines(text) if len(line) > VERBATIM_WIDTH]
        assert not too_wide, (path, too_wide)


def test_simulate_help_at_80_columns_fills_its_lines():
    r = runner.invoke(app, ["simulate", "--help"], env={"COLUMNS": "80"}, terminal_width=80)
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    assert max(len(line) for line in lines) <= 80
    start = next(i for i, line in enumerate(lines) if "Bitstrings list qubits" in line)
    paragraph = []
    for line in lines[start:]:
        if not line.strip():
            break
        paragraph.append(line.rstrip())
    # two lines at 80 columns, the first filled: the source's break (after 'the first') is gone
    assert len(paragraph) == 2 and len(paragraph[0]) > 70, paragraph
