"""OpenQASM 2.0 / 3 <-> cirq.Circuit.

    >>> from qtool import qasm
    >>> c = qasm.parse('OPENQASM 2.0; include "qelib1.inc"; qreg q[2]; h q[0]; cx q[0],q[1];')
    >>> len(c.all_qubits())
    2
    >>> print(qasm.dumps(c).splitlines()[2])
    qreg q[2];

`load` / `load_program` read a path or '-' holding OpenQASM or cirq JSON (the format is
told by the content); `parse` raises qtool.errors.QasmError (file, line, column, quoted text) for bad input.
"""

from __future__ import annotations

from qtool.qasm.qubits import RegisterQubit, register_of
from qtool.qasm.load import load, load_program, load_programs, parse_any
from qtool.qasm.reader import Program, parse, parse_program
from qtool.qasm.writer import dumps

__all__ = ["RegisterQubit", "register_of", "Program", "parse", "parse_program", "load",
           "load_program", "load_programs", "parse_any", "dumps"]
