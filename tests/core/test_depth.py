"""One definition of depth (qtool.analysis.circuit_depth), checked against Qiskit's.

`qtool info`, `qtool compile`'s before/after statistics and QPE's circuit statistics all
use it; KetGPT's token-level metrics compute the same number on their own statements.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qtool import qasm
from qtool.analysis import circuit_depth, circuit_metrics
from qtool.cli.main import app
from qtool.errors import QtoolError

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "data" / "qasmbench"
TELEPORT = ROOT / "samples" / "teleportation.qasm"
XBX = 'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[2];\nx q[0];\nbarrier q;\nx q[1];\n'

qiskit = pytest.importorskip("qiskit")
from qiskit import qasm2  # noqa: E402


def qiskit_depth(text: str) -> int:
    return qasm2.loads(text, custom_instructions=qasm2.LEGACY_CUSTOM_INSTRUCTIONS).depth()


def test_barrier_is_a_dependency_but_no_layer(tmp_path):
    assert qiskit_depth(XBX) == 2
    assert circuit_depth(qasm.parse(XBX)) == 2
    src = tmp_path / "xbx.qasm"
    src.write_text(XBX)
    r = CliRunner().invoke(app, ["info", str(src), "--json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["depth"] == 2
    report = tmp_path / "report.json"
    r = CliRunner().invoke(app, ["compile", str(src), "-O", "0", "--report-out", str(report)])
    assert r.exit_code == 0, r.output
    doc = json.loads(report.read_text())
    assert doc["before"]["depth"] == 2 and doc["after"]["depth"] == 2
    assert "depth 2 -> 2" in r.stderr


def test_classical_bits_are_dependencies():
    text = TELEPORT.read_text()
    assert qiskit_depth(text) == 7
    r = CliRunner().invoke(app, ["info", str(TELEPORT), "--json"])
    assert json.loads(r.stdout)["depth"] == 7
    # a measurement waits for the previous write of its bit, a condition for its bits
    two = ('OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[2];\ncreg c[1];\nh q[0];\n'
           'measure q[0] -> c[0];\nmeasure q[1] -> c[0];\nif (c == 1) x q[1];\n')
    assert circuit_depth(qasm.parse(two)) == qiskit_depth(two) == 4


def test_two_qubit_depth_uses_the_same_rules():
    text = ('OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[3];\ncx q[0],q[1];\nh q[1];\n'
            'barrier q;\ncx q[1],q[2];\n')
    m = circuit_metrics(qasm.parse(text))
    qc = qasm2.loads(text)
    assert m.depth == qc.depth() == 3
    assert m.two_qubit_depth == qc.depth(lambda i: i.operation.num_qubits == 2) == 2


def _corpus_files():
    return sorted(CORPUS.rglob("*.qasm"))


def test_depth_equals_qiskit_on_the_corpus():
    """Every corpus file both readers build the same instructions for (qtool inlines user
    gate definitions, Qiskit keeps them as one instruction; those files are skipped)."""
    compared = 0
    for f in _corpus_files():
        text = f.read_text()
        try:
            qc = qasm2.loads(text, custom_instructions=qasm2.LEGACY_CUSTOM_INSTRUCTIONS)
        except Exception:  # noqa: BLE001 - a few files use syntax Qiskit refuses
            continue
        program = qasm.parse_program(text, str(f))
        m = circuit_metrics(program.circuit, program.qubits, len(program.clbits))
        if m.operations != qc.size():
            continue
        assert m.depth == qc.depth(), f
        compared += 1
    assert compared >= 100


def test_qpe_and_compile_statistics_use_the_same_depth():
    from qtool.compile.pipeline import Stats
    from qtool.qpe import circuits

    for f in [TELEPORT, *_corpus_files()[:20]]:
        c = qasm.load(f)
        d = circuit_depth(c)
        assert Stats.of(c).depth == d
        assert circuits.stats(c)["depth"] == d


def test_ketgpt_token_metrics_equal_circuit_depth_on_the_corpus():
    from qtool.ketgpt import structure
    from qtool.ketgpt.convert import circuit_statements
    from qtool.ketgpt.tokenizer import statements_to_qasm

    checked = 0
    for f in _corpus_files():
        if f.stat().st_size > 20_000:
            continue
        try:
            n, sts = circuit_statements(qasm.load(f))
        except QtoolError:  # classically controlled gates: not KetGPT material
            continue
        if not sts:
            continue
        fast = structure.statement_metrics(n, sts)
        again = qasm.parse(statements_to_qasm(n, sts))
        m = circuit_metrics(again)
        assert fast.depth == circuit_depth(again) == m.depth, f
        assert fast.gates == m.operations, f
        checked += 1
    assert checked >= 30
