"""The public QASMBench corpus: every valid file loads, exactly the invalid ones are rejected,
and read -> write -> read keeps the unitary."""

from __future__ import annotations

import cirq
import pytest

from qtool import qasm
from qtool.errors import QasmError

from .helpers import equal_up_to_phase, unitary_over

# The corpus's README: a few files measure a register that is never declared.
INVALID = {
    "hhl_n10.qasm", "hhl_n10_transpiled.qasm", "vqe_uccsd_n4.qasm", "vqe_uccsd_n4_transpiled.qasm",
    "vqe_uccsd_n6.qasm", "vqe_uccsd_n6_transpiled.qasm", "vqe_uccsd_n8.qasm",
    "vqe_uccsd_n8_transpiled.qasm",
}


def corpus_files(corpus):
    return sorted(corpus.rglob("*.qasm"))


def test_corpus_is_all_there(corpus):
    assert len(corpus_files(corpus)) == 127


def test_every_valid_file_loads_and_invalid_ones_are_located(corpus):
    loaded, rejected = [], []
    for path in corpus_files(corpus):
        try:
            prog = qasm.load_program(path)
        except QasmError as exc:
            assert exc.filename == str(path)
            assert exc.line > 1 and exc.column >= 1
            assert "undeclared" in exc.message
            rejected.append(path.name)
        else:
            assert len(prog.qubits) >= 1
            loaded.append(path.name)
    assert set(rejected) == INVALID
    assert len(loaded) == 119


def _small_files(corpus, max_qubits=8, max_ops=1500):
    for path in corpus_files(corpus):
        if path.name in INVALID:
            continue
        prog = qasm.load_program(path)
        if len(prog.qubits) <= max_qubits and sum(1 for _ in prog.circuit.all_operations()) <= max_ops:
            yield path, prog


@pytest.mark.parametrize("version", [2, 3])
def test_round_trip_keeps_the_unitary(corpus, version):
    checked = 0
    for path, prog in _small_files(corpus):
        text = qasm.dumps(prog.circuit, version, qubits=prog.qubits, cregs=prog.cregs)
        again = qasm.parse_program(text, f"{path.name} (written)")
        assert [str(q) for q in again.qubits] == [str(q) for q in prog.qubits]
        assert again.cregs == prog.cregs
        has_controls = any(isinstance(op, cirq.ClassicallyControlledOperation)
                           for op in prog.circuit.all_operations())
        a = unitary_over(_coherent(prog.circuit), prog.qubits)
        b = unitary_over(_coherent(again.circuit), again.qubits)
        assert equal_up_to_phase(a, b), path.name
        if has_controls:
            assert sum(isinstance(op, cirq.ClassicallyControlledOperation)
                       for op in again.circuit.all_operations()) > 0
        checked += 1
    assert checked > 60


def _coherent(circuit):
    return cirq.Circuit(op for op in circuit.all_operations()
                        if not cirq.is_measurement(op)
                        and not isinstance(op, cirq.ClassicallyControlledOperation)
                        and not isinstance(op.gate, cirq.ResetChannel))


def test_big_files_round_trip_structurally(corpus):
    """Above unitary size, the written file reads back to the same operation counts."""
    for name in ("bwt_n21.qasm", "qft_n18.qasm", "ising_n26.qasm"):
        (path,) = [p for p in corpus_files(corpus) if p.name == name]
        prog = qasm.load_program(path)
        again = qasm.parse(qasm.dumps(prog.circuit, qubits=prog.qubits, cregs=prog.cregs))
        assert sum(1 for _ in again.all_operations()) == sum(1 for _ in prog.circuit.all_operations())
