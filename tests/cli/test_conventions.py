"""CLI conventions that hold across every command (README, "CLI options").

These walk the real Typer app, so a new command or option that breaks a convention fails
here: one meaning per short flag, --seed absent = fresh entropy that is reported, one
--threads default, --format with --json as its alias wherever there is more than one output.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qtool.cli.main import COMMANDS, app, load_command

runner = CliRunner()
README = Path(__file__).resolve().parents[2] / "README.md"

# The one meaning of each short flag, across all commands (README, "CLI options").
SHORT_FLAGS = {
    "-a": "--ancillas", "-b": "--backend", "-c": "--count", "-d": "--device",
    "-e": "--expect", "-f": "--family", "-k": "--top", "-m": "--checkpoint",
    "-n": "--qubits", "-o": "--out", "-O": "--level", "-p": "--param", "-r": "--repeat",
    "-s": "--shots", "-t": "--target", "-w": "--width",
}


def run(*args, input=None):
    return runner.invoke(app, [str(a) for a in args], input=input)


def commands():
    """(command path, click command) for every command and group of the real app.

    The root group registers commands lazily, so each top-level command is loaded the way
    `qtool NAME` loads it; groups below it are walked as click builds them."""
    def walk(cmd, path):
        yield " ".join(path), cmd
        for name, sub in sorted(getattr(cmd, "commands", {}).items()):
            yield from walk(sub, path + [name])
    return [pair for name in COMMANDS for pair in walk(load_command(name), [name])]


def options(cmd):
    return [p for p in cmd.params if p.param_type_name == "option"]


def long_name(opt):
    return next(o for o in opt.opts if o.startswith("--"))


def option(cmd, name):
    return next((p for p in options(cmd) if name in p.opts + p.secondary_opts), None)


def test_walk_sees_every_command():
    names = {path for path, _ in commands()}
    assert {"simulate", "compile", "gen", "qpe", "qpe study", "ketgpt train", "ketgpt verify",
            "bench simulate", "bench ketgpt", "convert"} <= names


def test_each_short_flag_has_one_long_name_across_commands():
    seen: dict[str, set[str]] = {}
    for path, cmd in commands():
        for opt in options(cmd):
            for short in (o for o in opt.opts + opt.secondary_opts if not o.startswith("--")):
                seen.setdefault(short, set()).add(long_name(opt))
    clashes = {s: sorted(longs) for s, longs in seen.items() if len(longs) > 1}
    assert clashes == {}
    assert {s: longs.pop() for s, longs in seen.items()} == SHORT_FLAGS


def test_readme_documents_the_short_flag_table():
    text = README.read_text()
    for short, long in SHORT_FLAGS.items():
        assert re.search(rf"`{short}`\s*\|\s*`{long}`", text), f"{short} {long} missing in README"


def test_threads_default_is_all_cores_everywhere():
    found = 0
    for path, cmd in commands():
        opt = option(cmd, "--threads")
        if opt is None:
            continue
        found += 1
        assert opt.default is None, path
        assert "default: all cores" in opt.help, path
    assert found >= 4


def test_every_seed_option_defaults_to_fresh_entropy():
    with_seed = [path for path, cmd in commands() if option(cmd, "--seed") is not None]
    assert {"simulate", "compile", "gen", "qpe", "qpe study", "ketgpt generate",
            "ketgpt train", "ketgpt verify", "bench simulate", "bench ketgpt"} <= set(with_seed)
    for path, cmd in commands():
        opt = option(cmd, "--seed")
        if opt is not None:
            assert opt.default is None, f"{path}: --seed absent must mean fresh entropy"


def _noted_seed(stderr: str) -> int:
    m = re.search(r"^qtool: seed (\d+) \(pass --seed \1 to repeat this run\)$", stderr, re.M)
    assert m, stderr
    return int(m.group(1))


def test_simulate_without_seed_reports_it_and_it_reproduces(samples):
    args = ["simulate", samples / "ghz.qasm", "--shots", "300", "--noise", "depolarizing:0.2",
            "--json"]
    first, second = run(*args), run(*args)
    assert first.exit_code == 0 and second.exit_code == 0, first.stderr
    docs = [json.loads(r.stdout) for r in (first, second)]
    seeds = [_noted_seed(r.stderr) for r in (first, second)]
    assert [d["seed"] for d in docs] == seeds
    assert seeds[0] != seeds[1]
    again = run(*args, "--seed", seeds[0])
    assert again.exit_code == 0
    assert "qtool: seed" not in again.stderr
    assert json.loads(again.stdout) == docs[0]


def test_gen_without_seed_reports_it_and_it_reproduces():
    args = ["gen", "qaoa", "--qubits", "5"]
    first, second = run(*args), run(*args)
    assert first.exit_code == 0, first.stderr
    s1, s2 = _noted_seed(first.stderr), _noted_seed(second.stderr)
    assert s1 != s2
    again = run(*args, "--seed", s1)
    assert again.exit_code == 0 and again.stdout == first.stdout
    # An unseeded family has no randomness, so no seed to report.
    plain = run("gen", "ghz", "--qubits", "3")
    assert plain.exit_code == 0 and "seed" not in plain.stderr


def test_compile_without_seed_records_it_in_the_report(samples, tmp_path):
    report = tmp_path / "r.json"
    args = ["compile", samples / "ghz.qasm", "-d", "line:5", "-t", "cz", "--report", "none",
            "--report-out", report]
    first = run(*args)
    assert first.exit_code == 0, first.stderr
    seed = _noted_seed(first.stderr)
    assert json.loads(report.read_text())["seed"] == seed
    again = run(*args, "--seed", seed)
    assert again.exit_code == 0 and again.stdout == first.stdout
    assert json.loads(report.read_text())["seed"] == seed


def test_format_commands_have_choices_and_json_alias():
    with_format = {}
    for path, cmd in commands():
        fmt = option(cmd, "--format")
        if fmt is None:
            # A command with --json and another output switch must choose through --format.
            assert not (option(cmd, "--json") and option(cmd, "--csv")), path
            continue
        assert fmt.type_descriptor.is_choice, f"{path}: --format must be a Choice"
        choices = [str(getattr(c, "value", c)) for c in fmt.type_descriptor.choices]
        with_format[path] = choices
        if "json" in choices:
            assert option(cmd, "--json") is not None, f"{path}: --json must alias --format json"
    assert with_format["simulate"] == ["text", "json", "csv"]
    r = run("simulate", "-", "--format", "xml")
    flat = " ".join(re.sub("[│╭╮╰╯─]", " ", r.stderr).split())  # rich's error box, unwrapped
    assert r.exit_code == 2 and "'xml' is not one of 'text', 'json', 'csv'" in flat


def test_simulate_json_is_format_json_and_csv_is_format_csv(samples):
    base = ["simulate", samples / "bell.qasm", "--shots", "64", "--seed", "5"]
    assert run(*base, "--json").stdout == run(*base, "--format", "json").stdout
    assert run(*base, "--csv").stdout == run(*base, "--format", "csv").stdout
    assert run(*base).stdout == run(*base, "--format", "text").stdout
    assert json.loads(run(*base, "--json").stdout)["schema"] == "qtool.simulate/1"


@pytest.mark.parametrize("args,message", [
    (["--json", "--csv"], "choose one of --json and --csv"),
    (["--format", "csv", "--json"], "choose one of --format csv and --json"),
])
def test_simulate_conflicting_formats_exit_2(samples, args, message):
    r = run("simulate", samples / "bell.qasm", *args)
    assert r.exit_code == 2
    assert f"qtool: error: {message}" in r.stderr
    assert r.stdout == ""


def test_same_format_twice_is_fine(samples):
    r = run("simulate", samples / "bell.qasm", "--seed", "1", "--json", "--format", "json")
    assert r.exit_code == 0 and json.loads(r.stdout)["seed"] == 1


def test_compile_report_json_records_the_seed_and_stays_one_document(samples):
    r = run("compile", samples / "ghz.qasm", "-t", "cz", "--report", "json")
    assert r.exit_code == 0, r.stderr
    doc = json.loads(r.stderr)  # nothing but the document on stderr
    again = run("compile", samples / "ghz.qasm", "-t", "cz", "--report", "json",
                "--seed", doc["seed"])
    assert json.loads(again.stderr)["seed"] == doc["seed"] and again.stdout == r.stdout


def test_exact_runs_draw_no_seed_to_announce(samples):
    r = run("simulate", samples / "bell.qasm", "--probs")
    assert r.exit_code == 0 and "seed" not in r.stderr


def test_a_refused_run_reports_no_seed():
    r = run("qpe", "--model", "bogus", "-a", "2")
    assert r.exit_code == 2 and r.stderr.startswith("qtool: error: unknown model 'bogus'")


def test_qpe_without_seed_reports_it_and_it_reproduces():
    args = ["qpe", "--model", "two-level", "-a", "3", "-s", "200", "--json"]
    first = run(*args)
    assert first.exit_code == 0, first.stderr
    seed = _noted_seed(first.stderr)
    doc = json.loads(first.stdout)
    assert doc["config"]["seed"] == seed
    again = run(*args, "--seed", seed)
    assert json.loads(again.stdout) == doc


def test_circuit_output_format_is_format_with_the_old_flags_as_aliases(samples):
    formats = {path: [str(getattr(c, "value", c)) for c in option(cmd, "--format").type_descriptor.choices]
               for path, cmd in commands() if option(cmd, "--format") is not None}
    assert formats["convert"] == ["qasm2", "qasm3", "cirq-json", "stim", "quirk"]
    assert formats["compile"] == ["qasm2", "qasm3"]
    assert formats["gen"] == ["qasm2", "qasm3", "stim"]
    bell = samples / "bell.qasm"
    three = run("convert", bell, "--format", "qasm3")
    assert three.exit_code == 0 and three.stdout.startswith("OPENQASM 3")
    assert run("convert", bell, "--to", "qasm3").stdout == three.stdout
    assert run("gen", "ghz", "-n", "3", "--qasm", "3").stdout == \
        run("gen", "ghz", "-n", "3", "--format", "qasm3").stdout
    c = run("compile", bell, "--format", "qasm3", "--seed", "1", "--report", "none")
    assert c.stdout.startswith("OPENQASM 3")
    assert c.stdout == run("compile", bell, "--qasm", "3", "--seed", "1", "--report", "none").stdout


@pytest.mark.parametrize("args,message", [
    (["convert", "-", "--format", "qasm3", "--to", "qasm2"], "choose one of --format qasm3 and --to qasm2"),
    (["gen", "ghz", "-n", "2", "--qasm", "3", "--format", "qasm2"],
     "choose one of --format qasm2 and --qasm 3"),
])
def test_conflicting_circuit_formats_exit_2(args, message):
    r = run(*args, input="")
    assert r.exit_code == 2 and r.stderr == f"qtool: error: {message}\n" and r.stdout == ""
