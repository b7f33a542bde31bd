"""A bad parameter is named by its API name in the core and by the flag the user typed in
the CLI: the core never speaks in flags (the TUI and library callers have none), and the
CLI maps each name to the running command's own flag."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from qtool.cli.main import app
from qtool.errors import ParameterError, QtoolError

runner = CliRunner()


def test_the_core_names_settings_not_flags():
    from qtool.qpe.run import QpeConfig, validate

    with pytest.raises(ParameterError) as info:
        validate(QpeConfig(steps=-1))
    assert str(info.value) == "steps -1: expected 0 (exact evolution) or more"
    assert "--" not in str(info.value)


def test_other_settings_named_in_the_message_follow_the_same_rule():
    err = ParameterError("noise", " needs {shots} > 0 ({shots} is per circuit)", names=("shots",))
    assert str(err) == "noise needs shots > 0 (shots is per circuit)"
    assert err.format(lambda name: f"--{name}") == "--noise needs --shots > 0 (--shots is per circuit)"
    assert err.for_flag("--noise").args[0] == "--noise needs shots > 0 (shots is per circuit)"
    assert isinstance(err, QtoolError) and err.exit_code == 2


def test_braces_that_name_no_listed_parameter_are_left_alone():
    """A user's value such as '{shots}' is quoted as typed: only listed names are worded."""
    err = ParameterError.of_value("state", "'{shots}'", "expected {0} or {Ground}")
    assert str(err) == "state '{shots}': expected {0} or {Ground}"
    assert err.format(lambda name: f"--{name}") == "--state '{shots}': expected {0} or {Ground}"


@pytest.mark.parametrize("args, message", [
    (["qpe", "--trotter-steps", "-1"], "--trotter-steps -1: expected 0 (exact evolution) or more"),
    (["qpe", "--ancillas", "0"], "--ancillas 0: expected 1 to"),
    (["qpe", "--estimator", "bayes", "--shots", "0"], "--estimator bayes: needs --shots > 0"),
    (["qpe", "--mode", "multitime", "-a", "1"], "--mode multitime: inverts the MPD: it needs at least 2 ancillas (--ancillas 2 or more)"),
    (["qpe", "--param", "U"], "--param 'U': expected NAME=VALUE, e.g. --param U=4"),
    (["qpe", "--window", "3:1"], "--window 3.0:1.0: expected LO:HI with LO < HI"),
])
def test_the_cli_says_the_flag_of_the_command_the_user_ran(args, message):
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output


def test_stim_refusal_names_the_engine_flag(tmp_path):
    path = tmp_path / "t.qasm"
    path.write_text('OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[1];\nt q[0];\n')
    result = runner.invoke(app, ["simulate", str(path), "--engine", "stim"])
    assert result.exit_code == 2
    assert "--engine stim: cannot run this circuit: t on q_0" in result.output
    assert "use --engine qsim" in result.output


def test_a_parameter_whose_flag_differs_from_its_name_is_named_by_the_command():
    """The flag comes from the running command's own options (typer runs commands on its
    copy of click, so the separate click package saw no context and every name was guessed
    as --name): ketgpt dataset's `folders` is `--from`, with no table entry for it."""
    from qtool.cli.common import FLAG_OF

    assert "folders" not in FLAG_OF
    result = runner.invoke(app, ["ketgpt", "dataset", "--out", "unused.json"])
    assert result.exit_code == 2, result.output
    assert "give --from-library and/or --from" in result.output
