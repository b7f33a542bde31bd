"""The input limits: defaults, overrides by environment and by `qtool --limit`."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from qtool import limits
from qtool.cli.main import app


def test_default_and_environment_override(monkeypatch):
    monkeypatch.delenv("QTOOL_LIMIT_QUBITS", raising=False)
    assert limits.get("qubits") == limits.DEFAULTS["qubits"][0]
    monkeypatch.setenv("QTOOL_LIMIT_QUBITS", "7")
    assert limits.get("qubits") == 7
    with pytest.raises(limits.LimitError, match=r"8 qubits is over the limit of 7.*--limit qubits=N"):
        limits.check("qubits", 8, "qreg q")
    limits.check("qubits", 7, "qreg q")


def test_set_limit_rejects_unknown_names_and_bad_values(monkeypatch):
    # setenv (not delenv of an absent name, which records nothing) so teardown removes the
    # 1000 that set_limit writes: it used to leak into every later test.
    monkeypatch.setenv("QTOOL_LIMIT_GATES", str(limits.DEFAULTS["gates"][0]))
    for bad in ("qbits=5", "qubits", "qubits=-3", "qubits=lots"):
        with pytest.raises(limits.QtoolError):
            limits.set_limit(bad)
    limits.set_limit("gates=1_000")
    assert limits.get("gates") == 1000


def test_cli_limit_option_is_applied_and_validated(monkeypatch):
    monkeypatch.delenv("QTOOL_LIMIT_CLBITS", raising=False)
    result = CliRunner().invoke(app, ["--limit", "nonsense=3", "info", "-"], input="")
    assert result.exit_code == 2
    assert "expected NAME=VALUE" in result.output


def test_every_limit_is_documented_in_the_readme_and_the_help():
    from tests.conftest import ROOT
    readme = (ROOT / "README.md").read_text()
    help_text = CliRunner().invoke(app, ["--help"], env={"COLUMNS": "200"}).output
    for name, (default, _) in limits.DEFAULTS.items():
        assert f"`{name}`" in readme, name
        assert name in help_text, name
