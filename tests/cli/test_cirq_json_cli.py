"""`qtool convert --to cirq-json` output is read back by every command that loads a circuit."""

from __future__ import annotations

import json

import cirq
import pytest
from typer.testing import CliRunner

from qtool import qasm
from qtool.cli.main import app

runner = CliRunner()
SAMPLES = ["bell", "ghz", "grover", "qft", "teleportation"]


def run(*args, input=None):
    return runner.invoke(app, [str(a) for a in args], input=input)


@pytest.fixture
def as_json(samples, tmp_path):
    def convert(name):
        out = tmp_path / f"{name}.json"
        r = run("convert", samples / f"{name}.qasm", "--to", "cirq-json", "-o", out)
        assert r.exit_code == 0, r.stderr
        assert json.loads(out.read_text())["cirq_type"] == "Circuit"
        return out
    return convert


@pytest.mark.parametrize("name", SAMPLES)
def test_every_loading_command_reads_cirq_json(name, samples, as_json):
    path = as_json(name)
    for args in (["info"], ["draw"], ["compile", "--target", "cz"], ["convert", "--to", "qasm3"],
                 ["simulate", "--shots", "10", "--seed", "1"]):
        r = run(args[0], path, *args[1:])
        assert r.exit_code == 0, (args, r.stderr)
        assert "error" not in r.stderr


@pytest.mark.parametrize("name", SAMPLES)
def test_converting_back_keeps_the_circuit(name, samples, as_json):
    path = as_json(name)
    r = run("convert", path, "--to", "qasm2")
    assert r.exit_code == 0, r.stderr
    original = qasm.load_program(samples / f"{name}.qasm")
    back = qasm.parse_program(r.stdout)
    assert back.qregs == original.qregs
    assert sorted(back.cregs.items()) == sorted(original.cregs.items())
    coherent = lambda c: cirq.Circuit(op for op in c.all_operations()  # noqa: E731
                                      if not cirq.is_measurement(op) and cirq.has_unitary(op))
    assert cirq.allclose_up_to_global_phase(
        coherent(back.circuit).unitary(qubit_order=back.qubits),
        coherent(original.circuit).unitary(qubit_order=original.qubits), atol=1e-8)


def test_simulating_the_json_gives_the_same_distribution(samples, as_json):
    path = as_json("grover")
    a = json.loads(run("simulate", samples / "grover.qasm", "--probs", "--json").stdout)
    b = json.loads(run("simulate", path, "--probs", "--json").stdout)
    assert a["qubits"] == b["qubits"]
    assert b["probabilities"] == pytest.approx(a["probabilities"], abs=1e-6)


def test_cirq_json_on_stdin(samples, as_json):
    text = as_json("bell").read_text()
    r = run("simulate", "-", "--shots", "50", "--seed", "2", "--json", input=text)
    assert r.exit_code == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["bits"] == ["c_0", "c_1"] and set(doc["counts"]) <= {"00", "11"}


def test_plain_cirq_json_with_line_qubits_and_a_multi_qubit_key(tmp_path):
    q = cirq.LineQubit.range(2)
    path = tmp_path / "plain.json"
    path.write_text(cirq.to_json(cirq.Circuit(cirq.X(q[1]), cirq.measure(*q, key="m"))))
    r = run("simulate", path, "--shots", "5", "--json")
    assert r.exit_code == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["bits"] == ["m_0", "m_1"] and doc["counts"] == {"01": 5}


@pytest.mark.parametrize("command", ["info", "simulate", "draw", "compile", "convert"])
def test_malformed_json_is_a_located_error(command, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"cirq_type": "Circuit",\n  "moments": [,]\n}\n')
    r = run(command, path)
    assert r.exit_code == 2
    assert f"{path}:2:15: malformed JSON: Expecting value" in r.stderr
    assert "Traceback" not in r.stderr


@pytest.mark.parametrize("text, message", [
    ('{"cirq_type": "NoSuchThing"}', "not a cirq circuit: ValueError: Could not resolve type 'NoSuchThing'"),
    ('{"cirq_type": "LineQubit", "x": 3}', "holds a cirq LineQubit, expected a Circuit"),
    ('{"moments": []}', "JSON without a cirq_type"),
    ('[1, 2]', "JSON without a cirq_type"),
])
def test_json_that_is_not_a_circuit_exits_2(text, message, tmp_path):
    path = tmp_path / "x.json"
    path.write_text(text)
    r = run("info", path)
    assert r.exit_code == 2
    assert message in r.stderr and "Traceback" not in r.stderr
