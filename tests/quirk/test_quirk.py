"""Quirk links both ways, checked against Quirk's JSON format ({"cols": [[...], ...]}, 1 an
empty cell, "•" a control, "Measure", "Z^½" ...) on circuits built both ways: in cirq (and
written), and as Quirk JSON by hand (and read); and through `qtool convert`."""

from __future__ import annotations

import json
import urllib.parse

import cirq
import numpy as np
import pytest
from typer.testing import CliRunner

from qtool import qasm
from qtool.cli.main import app
from qtool.errors import QtoolError
from qtool.quirk import URL_PREFIX, looks_like_quirk, parse_quirk, quirk_json, quirk_url


def test_a_cirq_circuit_is_written_in_quirks_format():
    a, b, c = cirq.LineQubit.range(3)
    circuit = cirq.Circuit(cirq.H(a), cirq.CNOT(a, c), cirq.S(b), cirq.SWAP(a, b),
                           cirq.measure(a, key="c_0"))
    assert quirk_json(circuit) == {"cols": [["H", "Z^½"], ["•", 1, "X"], ["Swap", "Swap"],
                                            ["Measure"]]}
    url = quirk_url(circuit)
    assert url.startswith(URL_PREFIX)
    assert json.loads(urllib.parse.unquote(url[len(URL_PREFIX):])) == quirk_json(circuit)


def test_hand_written_quirk_json_is_read_with_its_unitary():
    doc = '{"cols":[["H"],["•","X"],[1,"Y"],["Z^¼",1]]}'
    program = parse_quirk(doc)
    q = [cirq.LineQubit(0), cirq.LineQubit(1)]
    expected = cirq.Circuit(cirq.H(q[0]), cirq.CNOT(*q), cirq.Y(q[1]), cirq.T(q[0]))
    got = cirq.unitary(program.circuit.transform_qubits(lambda r: cirq.LineQubit(r.index)))
    assert np.allclose(got, cirq.unitary(expected), atol=1e-8)
    assert program.qregs == {"q": 2}


def unitary_of(circuit: cirq.Circuit) -> np.ndarray:
    """The unitary without measurements, qubits renumbered by their sorted order."""
    order = sorted(circuit.all_qubits())
    gates = cirq.Circuit(op for op in circuit.all_operations() if not cirq.is_measurement(op))
    return cirq.unitary(gates.transform_qubits(lambda q: cirq.LineQubit(order.index(q))))


@pytest.mark.parametrize("name", ["bell.qasm", "ghz.qasm", "grover.qasm", "qft.qasm"])
def test_samples_round_trip_through_a_quirk_link(samples, name):
    """Quirk writes angles with 4 digits ("(0.0955) pi"), hence the tolerance."""
    program = qasm.load(samples / name)
    url = quirk_url(program)
    assert looks_like_quirk(url)
    back = parse_quirk(url).circuit
    assert cirq.equal_up_to_global_phase(unitary_of(back), unitary_of(program), atol=1e-3)


def test_quirk_refuses_what_it_cannot_show(samples):
    with pytest.raises(QtoolError, match="classically controlled"):
        quirk_json(qasm.load(samples / "teleportation.qasm"))
    with pytest.raises(QtoolError, match="cannot read this Quirk circuit"):
        parse_quirk('{"cols":[["NotAGate"]]}')


def test_qtool_convert_writes_and_reads_quirk_links(samples, tmp_path):
    runner = CliRunner()
    result = runner.invoke(app, ["convert", str(samples / "bell.qasm"), "--to", "quirk"])
    assert result.exit_code == 0 and result.stdout.startswith(URL_PREFIX)
    link = tmp_path / "bell.url"
    link.write_text(result.stdout)
    back = runner.invoke(app, ["convert", str(link)])
    assert back.exit_code == 0
    assert "h q[0];" in back.stdout and "cx q[0],q[1];" in back.stdout
    assert "measure q[1] -> c[1];" in back.stdout
    piped = runner.invoke(app, ["convert", "-", "--to", "qasm3"],
                          input='{"cols":[["H"],["•","X"]]}')
    assert piped.exit_code == 0 and "OPENQASM 3.0;" in piped.stdout and "cx q[0],q[1];" in piped.stdout
    bad = runner.invoke(app, ["convert", "-"], input='{"cols":[["Nope"]]}')
    assert bad.exit_code == 2 and "Nope" in bad.output
    refused = runner.invoke(app, ["convert", str(samples / "teleportation.qasm"), "--to", "quirk"])
    assert refused.exit_code == 2 and "classically controlled" in refused.output
