"""Without a device the output acts on the input's qubits in the input's order: SWAPs are
not silently turned into a relabelling (only with --permute-qubits, which says so)."""

from __future__ import annotations

import cirq
import pytest
from typer.testing import CliRunner

from qtool import qasm
from qtool.cli.main import app

runner = CliRunner()
SWAPPY = """OPENQASM 2.0;
include "qelib1.inc";
qreg q[3];
h q[0];
t q[1];
cx q[0], q[2];
swap q[0], q[1];
cx q[1], q[2];
ry(0.3) q[0];
swap q[1], q[2];
"""


def _unitary(text: str):
    c = qasm.parse(text)
    qubits = sorted(qasm.parse(SWAPPY).all_qubits())
    return cirq.Circuit(c.all_operations()).unitary(qubit_order=qubits)


@pytest.mark.parametrize("target", ["native", "cz", "ibm", "sqrt-iswap"])
@pytest.mark.parametrize("level", [0, 1, 2, 3])
def test_output_unitary_equals_input_without_device(target, level):
    r = runner.invoke(app, ["compile", "-", "-t", target, f"-O{level}"], input=SWAPPY)
    assert r.exit_code == 0, r.stderr
    assert "NOTE" not in r.stderr
    assert cirq.allclose_up_to_global_phase(_unitary(r.stdout), _unitary(SWAPPY), atol=1e-6)


def test_permute_qubits_is_opt_in_and_loud():
    r = runner.invoke(app, ["compile", "-", "-t", "cz", "-O3", "--permute-qubits"],
                      input=SWAPPY)
    assert r.exit_code == 0, r.stderr
    assert ("NOTE: --permute-qubits: the output's qubit order differs from the input's; at "
            "the end, logical qubit -> output qubit: q[0] -> q[1], q[1] -> q[2], q[2] -> q[0]"
            in r.stderr)
    # The relabelled output is not the input's unitary, but is once the wires are renamed.
    assert not cirq.allclose_up_to_global_phase(_unitary(r.stdout), _unitary(SWAPPY), atol=1e-6)
    q = sorted(qasm.parse(SWAPPY).all_qubits())
    out = qasm.parse(r.stdout)
    fixed = cirq.Circuit(out.all_operations(), cirq.QubitPermutationGate([2, 0, 1]).on(*q))
    # position 0 (output q[0]) holds logical q[2]: move it to 2, q[1] -> 0, q[2] -> 1.
    assert cirq.allclose_up_to_global_phase(fixed.unitary(qubit_order=q), _unitary(SWAPPY),
                                            atol=1e-6)
    doc_run = runner.invoke(app, ["compile", "-", "-t", "cz", "-O3", "--permute-qubits",
                                  "--report", "json"], input=SWAPPY)
    import json

    doc = json.loads(doc_run.stderr)
    assert doc["final_mapping"] == {"q[0]": 1, "q[1]": 2, "q[2]": 0}
