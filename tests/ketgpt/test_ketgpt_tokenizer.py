"""Tokenizer round trips on library circuits and QASMBench files, angles, and bad input."""

from __future__ import annotations

import math

import cirq
import numpy as np
import pytest

from qtool.errors import QtoolError
from qtool.gates import is_barrier
from qtool.ketgpt.convert import circuit_statements
from qtool.ketgpt.tokenizer import Tokenizer
from qtool.ketgpt.validity import parse_qasm

from conftest import corpus_files

TOK = Tokenizer(families=("qft", "ghz"))


def _unitary(n: int, circuit: cirq.Circuit) -> np.ndarray:
    from qtool.ketgpt.convert import qubit_index

    index = qubit_index(circuit)
    ops = [op for op in circuit.all_operations()
           if not cirq.is_measurement(op) and not is_barrier(op)]
    lined = cirq.Circuit(op.transform_qubits(lambda q: cirq.LineQubit(index[q])) for op in ops)
    return lined.unitary(qubit_order=cirq.LineQubit.range(n))


def _exact(ids) -> bool:
    return not any(TOK.vocab[i].startswith("a:b") for i in ids)


@pytest.mark.parametrize("theta, word", [
    (0.0, "0/32"), (math.pi / 4, "8/32"), (-math.pi / 2, "-16/32"), (2 * math.pi, "64/32"),
    (-2 * math.pi, "64/32"), (math.pi + 4 * math.pi, "32/32"), (math.pi / 2 ** 10, "1/1024"),
    (-math.pi / 2 ** 20, "-1/1048576"),
])
def test_exact_angles(theta, word):
    assert TOK.angle_word(theta) == word
    back = TOK.angle_value(word)
    assert abs(math.remainder(back - theta, 4 * math.pi)) < 1e-12


def test_binned_angles_are_within_half_a_bin():
    width = 4 * math.pi / TOK.angle_bins
    for theta in np.linspace(-7, 7, 301):
        w = TOK.angle_word(float(theta))
        err = abs(math.remainder(TOK.angle_value(w) - theta, 4 * math.pi))
        assert err <= width / 2 + 1e-9 if w.startswith("b") else err < 1e-9


def test_angle_expressions_parse_to_their_values():
    for w in ["8/32", "-24/32", "1/1024", "b3", "b200", "0/32", "64/32"]:
        text = f'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[1];\nrz({TOK.angle_qasm(w)}) q[0];\n'
        op = next(parse_qasm(text).all_operations())
        assert abs(math.remainder(math.pi * op.gate.exponent - TOK.angle_value(w), 4 * math.pi)) < 1e-5


def test_indices_and_angles_beyond_any_line_are_expressible():
    ids = TOK.encode(32, [("cp", (5 * math.pi / 32,), (31, 0)), ("u3", (0.1, 0.2, 0.3), (17,))])
    n, fam, statements = TOK.decode(ids)
    assert n == 32 and fam is None and statements[0][2] == (31, 0)
    assert parse_qasm(TOK.decode_qasm(ids))


@pytest.mark.parametrize("family, n", [("ghz", 5), ("qft", 4), ("bv", 5), ("qftentangled", 3),
                                       ("graphstate", 5), ("dj", 4)])
def test_round_trip_library_circuits_keeps_the_unitary(family, n):
    from qtool import circuits

    c = circuits.generate(family, n, seed=3, level="indep")
    nq, statements = circuit_statements(c, n)
    ids = Tokenizer(families=(family,)).encode(nq, statements, family)
    tok = Tokenizer(families=(family,))
    back = parse_qasm(tok.decode_qasm(ids))
    assert tok.decode(ids)[1] == family
    if _exact(ids):
        assert cirq.allclose_up_to_global_phase(_unitary(n, back), cirq.unitary(
            c.transform_qubits(lambda q: q)) if False else _unitary(n, c), atol=1e-6)
    else:
        assert len(list(back.all_operations())) == len(statements)


CORPUS = corpus_files()


def _per_qubit(statements) -> dict:
    """Each qubit's sequence of (gate, qubits): the circuit's DAG, whatever the moment order."""
    out: dict = {}
    for name, _p, qubits in statements:
        for q in qubits:
            out.setdefault(q, []).append((name, qubits))
    return out


@pytest.mark.skipif(not CORPUS, reason="QASMBench corpus not available")
def test_round_trip_corpus_files():
    """Every corpus file that qtool reads and that is unitary survives text -> tokens -> text:
    same gates on the same qubits, and the same unitary where no angle needed a bin."""
    checked = unitary_checked = 0
    for path in CORPUS:
        try:
            circuit = parse_qasm(path.read_text(), str(path))
            n, statements = circuit_statements(circuit)
        except QtoolError:
            continue  # deliberately invalid files, classically controlled gates
        ids = TOK.encode(n, statements)
        again = circuit_statements(parse_qasm(TOK.decode_qasm(ids)), n)[1]
        assert _per_qubit(again) == _per_qubit(statements), path
        checked += 1
        if n <= 7 and _exact(ids):
            back = parse_qasm(TOK.decode_qasm(ids))
            assert cirq.allclose_up_to_global_phase(_unitary(n, back), _unitary(n, circuit),
                                                    atol=1e-5), path
            unitary_checked += 1
    assert checked >= 20 and unitary_checked >= 10


def test_bad_conditions_are_clear_errors():
    with pytest.raises(QtoolError, match="outside 1..32"):
        TOK.prompt(40)
    with pytest.raises(QtoolError, match="unknown family 'nope'"):
        TOK.prompt(3, "nope")
    with pytest.raises(QtoolError, match="not a finite"):
        TOK.angle_word(float("nan"))


def test_decode_rejects_a_broken_sequence():
    ids = TOK.encode(2, [("cx", (), (0, 1))])
    broken = ids[:5] + [TOK.id("q:0")] + ids[6:]  # cx q0, q0: repeated qubit
    with pytest.raises(QtoolError):
        TOK.decode(broken)


def test_config_round_trip():
    assert Tokenizer.from_dict(TOK.to_dict()) == TOK
    assert Tokenizer.from_dict(TOK.to_dict()).vocab == TOK.vocab
