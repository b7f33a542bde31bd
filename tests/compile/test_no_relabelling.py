"""Issue 14, item 3: unrouted output equals its input up to global phase on the same wires
unless every qubit is measured at the end; routed (or relabelled) output states its layout
in OpenQASM comments as well as in the report; --verify holds the output to that claim."""

from __future__ import annotations

import json
import re

import cirq
import pytest
from typer.testing import CliRunner

from qtool import qasm
from qtool.cli.main import app
from qtool.compile import compile_circuit, verify_result
from qtool.gates import is_barrier
from qtool.errors import VerificationError

from .helpers import CORPUS

runner = CliRunner()


def _without_measurements(path) -> str:
    return "".join(line for line in open(path).readlines() if "measure" not in line)


def _unitary(text: str, qubits):
    c = qasm.parse(text)
    ops = [op for op in c.all_operations() if not is_barrier(op)]
    return cirq.Circuit(ops).unitary(qubit_order=qubits)


@pytest.mark.parametrize("target", ["native", "cz", "ibm"])
def test_hhl_without_measurements_keeps_its_qubits(target):
    # The reported case: hhl at -O3 was written with its qubits permuted (1000101 became
    # 1010001) while the summary said "verified".
    text = _without_measurements(CORPUS / "small" / "hhl_n7" / "hhl_n7.qasm")
    r = runner.invoke(app, ["compile", "-", "-t", target, "-O3", "--seed", "0"], input=text)
    assert r.exit_code == 0, r.stderr
    assert "// initial layout" not in r.stdout and "NOTE" not in r.stderr
    qubits = sorted(qasm.parse(text).all_qubits())
    u_in, u_out = _unitary(text, qubits), _unitary(r.stdout, qubits)
    assert cirq.allclose_up_to_global_phase(u_in, u_out, atol=1e-5)


def test_partly_measured_circuit_is_not_relabelled():
    text = """OPENQASM 2.0;
include "qelib1.inc";
qreg q[3];
creg c[1];
h q[0];
swap q[0], q[1];
cx q[1], q[2];
swap q[1], q[2];
measure q[0] -> c[0];
"""
    res = compile_circuit(qasm.parse(text), target="cz", level=3)
    assert res.relabel is None and not res.permuted
    assert res.verdict.ok


def test_verify_holds_unrouted_output_to_the_identity():
    # A result that quietly relabels (its reported mapping would excuse it) must fail.
    a, b = cirq.LineQubit.range(2)
    original = cirq.Circuit(cirq.H(a), cirq.CNOT(a, b), cirq.T(b))
    res = compile_circuit(original, target="cz", level=2, verify=False)
    res.circuit = res.circuit + cirq.SWAP(a, b)  # logical a now ends on wire b
    res.full_final = [b, a]
    res.final = {a: b, b: a}
    with pytest.raises(VerificationError):
        verify_result(original, res)
    res.relabel = "permute-qubits"  # with the licence, the same output is right
    assert verify_result(original, res).ok


def _layout(line: str) -> dict:
    return {k: int(v) for k, v in re.findall(r"(\w+\[\d+\]) -> q\[(\d+)\]", line)}


def test_routed_output_states_its_layout_in_the_header():
    text = open(CORPUS / "small" / "toffoli_n3" / "toffoli_n3.qasm").read()
    r = runner.invoke(app, ["compile", "-", "-t", "cz", "-d", "line:4", "-O3", "--seed", "3",
                            "--report", "json"], input=text)
    assert r.exit_code == 0, r.stderr
    doc = json.loads(r.stderr)
    lines = r.stdout.splitlines()
    assert lines[0] == "OPENQASM 2.0;" and lines[1].startswith("include")
    assert lines[2].startswith("// qtool compile: routed onto line:4")
    assert lines[3].startswith("// initial layout: ") and lines[4].startswith("// final layout: ")
    assert _layout(lines[3]) == doc["initial_mapping"]
    assert _layout(lines[4]) == doc["final_mapping"]
    assert doc["relabel"] == "routed"
    qasm.parse(r.stdout)  # still valid OpenQASM for our reader
    qiskit_qasm2 = pytest.importorskip("qiskit.qasm2")
    qiskit_qasm2.loads(r.stdout)  # and for Qiskit's


def test_permuted_output_states_its_layout_in_the_header():
    text = """OPENQASM 2.0;
include "qelib1.inc";
qreg q[3];
h q[0];
cx q[0], q[2];
swap q[0], q[1];
ry(0.3) q[0];
"""
    r = runner.invoke(app, ["compile", "-", "-t", "cz", "-O3", "--permute-qubits",
                            "--report", "json"], input=text)
    assert r.exit_code == 0, r.stderr
    doc = json.loads(r.stderr)
    final = [line for line in r.stdout.splitlines() if line.startswith("// final layout")]
    assert final and _layout(final[0]) == doc["final_mapping"] != {
        "q[0]": 0, "q[1]": 1, "q[2]": 2}
