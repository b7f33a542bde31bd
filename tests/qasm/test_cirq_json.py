"""cirq JSON output reads back in plain cirq with the same unitary."""

from __future__ import annotations

import cirq

from qtool import qasm
from qtool.qasm.cirq_json import dumps_cirq_json

from .helpers import equal_up_to_phase


def test_json_round_trip_keeps_unitary():
    prog = qasm.parse_program('OPENQASM 2.0; include "qelib1.inc"; qreg q[2]; qreg a[1];'
                              "u3(0.1,0.2,0.3) q[0]; barrier q; ecr q[0], a[0]; cu3(0.3,0.1,0.2) a[0], q[1];")
    back = cirq.read_json(json_text=dumps_cirq_json(prog.circuit))
    names = [str(q) for q in prog.qubits]
    order = [cirq.NamedQubit(n) for n in names]
    assert equal_up_to_phase(back.unitary(qubit_order=order),
                             prog.circuit.unitary(qubit_order=prog.qubits))
