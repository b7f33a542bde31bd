"""Every `--plot FILE` is checked by one rule (qtool.figures.figure_format) before the work
it would draw, so a long run is never lost to a bad file name at its end: qec used to
write PNG bytes into `t.pdf`, and `bench simulate` ran the whole benchmark first."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from qtool.cli.main import app
from qtool.errors import ParameterError
from qtool.figures import figure_format

runner = CliRunner()


def test_the_suffix_decides_the_format_and_anything_else_is_refused(tmp_path):
    assert figure_format(tmp_path / "a.PNG") == "png"
    assert figure_format(tmp_path / "a.svg") == "svg"
    with pytest.raises(ParameterError, match=r"plot .*a\.pdf: expected a \.png or \.svg file name"):
        figure_format(tmp_path / "a.pdf")
    with pytest.raises(ParameterError, match="does not exist"):
        figure_format(tmp_path / "no" / "a.png")


@pytest.mark.parametrize("args", [
    ["qec", "threshold", "--code", "repetition", "--distances", "3", "--noise", "0.01:0.02:2",
     "--max-shots", "100"],
    ["bench", "simulate", "--qubits", "3", "-f", "ghz", "--repeat", "1", "-b", "qtool"],
    ["qpe", "--model", "two-level", "-a", "2", "--shots", "0"],
    ["simulate", "samples/bell.qasm", "--sweep", "t=0:1:2"],
])
def test_a_bad_plot_name_is_refused_before_the_run(args, tmp_path, monkeypatch):
    import pathlib

    monkeypatch.chdir(pathlib.Path(__file__).resolve().parents[2])
    target = tmp_path / "out.pdf"
    result = runner.invoke(app, [*args, "--plot", str(target)])
    assert result.exit_code == 2, result.output
    assert f"--plot {target}: expected a .png or .svg file name" in result.output
    assert not target.exists() and list(tmp_path.iterdir()) == []
    assert "pass --seed" not in result.output  # refused before the run announced its seed
