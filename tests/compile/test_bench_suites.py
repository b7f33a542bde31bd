"""`qtool bench compile`: the generated suites are what they claim, the corpus split is
fixed and disjoint, and pytket and T-count appear beside Qiskit."""

from __future__ import annotations

import json
import random

import cirq
import pytest
from typer.testing import CliRunner

from qtool import qasm
from qtool.analysis.metrics import t_count
from qtool.bench import compile_suites as S
from qtool.cli.main import app

from .helpers import CORPUS

runner = CliRunner()


def test_toffoli_in_clifford_t_is_a_toffoli():
    c = qasm.parse("\n".join(S._header(3) + S.toffoli_ct(0, 1, 2)))
    q = sorted(c.all_qubits())
    assert cirq.allclose_up_to_global_phase(c.unitary(qubit_order=q),
                                            cirq.unitary(cirq.CCX), atol=1e-9)
    assert t_count(c.all_operations()) == 7


def _classical(text: str, bits: list[int]) -> list[int]:
    """Run a permutation circuit on a basis state with cirq's simulator."""
    c = qasm.parse(text)
    q = sorted(c.all_qubits())
    prep = [cirq.X(q[i]) for i, b in enumerate(bits) if b]
    state = cirq.Simulator().simulate(cirq.Circuit(prep, c.all_operations()),
                                      qubit_order=q).final_state_vector
    index = int(abs(state).argmax())
    assert abs(abs(state[index]) - 1) < 1e-6
    return [int(x) for x in format(index, f"0{len(q)}b")]


@pytest.mark.parametrize("ccx", [False, True])
def test_adder_adds(ccx):
    bits = 3
    text = S.cuccaro_adder(bits, ccx)
    rng = random.Random(1)
    for _ in range(4):
        a, b = rng.randrange(8), rng.randrange(8)
        state = [0] * (2 * bits + 2)
        for i in range(bits):
            state[1 + 2 * i] = (a >> i) & 1
            state[2 + 2 * i] = (b >> i) & 1
        out = _classical(text, state)
        total = sum(out[2 + 2 * i] << i for i in range(bits)) + (out[-1] << bits)
        assert total == a + b and [out[1 + 2 * i] for i in range(bits)] == state[1::2][:bits]


@pytest.mark.parametrize("ccx", [False, True])
def test_toffoli_chain_computes_the_and(ccx):
    n = 7
    k = (n + 1) // 2
    for inputs in ([1] * k, [1, 1, 0, 1]):
        out = _classical(S.toffoli_chain(n, ccx), inputs + [0] * (n - k))
        assert out[:k] == inputs and out[k:n - 1] == [0] * (n - 1 - k)  # ancillas clean
        assert out[-1] == int(all(inputs))


@pytest.mark.parametrize("ccx", [False, True])
def test_barenco_toffoli_is_a_multi_controlled_x_with_dirty_ancillas(ccx):
    k = 4
    text = S.barenco_toffoli(k, ccx)
    rng = random.Random(2)
    for controls in ([1] * k, [1, 1, 0, 1], [0] * k):
        ancillas = [rng.randrange(2) for _ in range(k - 2)]  # dirty: any value, restored
        target = rng.randrange(2)
        out = _classical(text, controls + ancillas + [target])
        assert out[:k] == controls and out[k:-1] == ancillas
        assert out[-1] == target ^ int(all(controls))
    c = qasm.parse(text)
    assert len(c.all_qubits()) == 2 * k - 1
    if not ccx:
        assert t_count(c.all_operations()) == 7 * 4 * (k - 2)


def test_corpus_split_is_fixed_disjoint_and_keeps_twins_together():
    files = sorted(CORPUS.rglob("*.qasm"))
    sides = {f: S.split_of(f) for f in files}
    assert set(sides.values()) == {"tune", "heldout"}
    for f in files:
        twin = f.with_name(f.stem + "_transpiled.qasm")
        if twin in sides:
            assert sides[twin] == sides[f]
    # Pinned: a change of salt or rule would silently mix the halves.
    assert S.split_of(CORPUS / "small" / "hhl_n7" / "hhl_n7.qasm") == "tune"
    assert S.split_of(CORPUS / "small" / "shor_n5" / "shor_n5.qasm") == "heldout"


def test_bench_compile_with_pytket_and_t_count():
    pytest.importorskip("pytket")
    r = runner.invoke(app, ["bench", "compile", "arith", "-t", "ibm", "--max-qubits", "5",
                            "--no-qiskit", "--json"])
    assert r.exit_code == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["pytket_version"] and doc["qiskit_version"] is None
    # The suite's 5-qubit circuits: the Toffoli chain and Barenco's C3X.
    rows = {row["circuit"]: row for row in doc["rows"]}
    assert set(rows) == {"tof_5", "barenco_tof_3"}
    row = rows["tof_5"]
    assert row["tket_two_qubit"] is not None
    assert row["t_count"] <= 21 and row["tket_t_count"] <= 21
    s = doc["summaries"][0]
    assert s["tket_compared"] == 2 and s["tket_two_qubit_ratio"] > 0


def test_bench_compile_survives_pytket_aborting_the_process(monkeypatch):
    """pytket's C++ core aborts the process on some routed inputs; the bench runs it in a
    child, so an abort there is one circuit without a pytket figure, not a dead bench."""
    pytest.importorskip("pytket")
    import multiprocessing as mp
    import os

    from qtool.bench import compile_peers

    if "fork" not in mp.get_all_start_methods():
        pytest.skip("the child process is forked only where the platform forks")
    from qtool.bench.compile_suites import suite_circuits

    first = suite_circuits("arith", 5)[0][1]

    def abort_on_first(text, target, device):
        if text == first:
            os._exit(134)  # what pytket's failed assertion does
        return compile_peers.PeerRun(1, 1, 0.0, 0, 1)

    monkeypatch.setattr(compile_peers, "_tket_compile", abort_on_first)
    r = runner.invoke(app, ["bench", "compile", "arith", "-t", "ibm", "--max-qubits", "5",
                            "--no-qiskit", "--json"])
    assert r.exit_code == 0, r.stderr
    rows = json.loads(r.stdout)["rows"]
    assert [row["tket_two_qubit"] for row in rows] == [None, 1]
    assert all(row["two_qubit"] is not None for row in rows)


def test_pytket_child_logs_go_to_stderr_not_into_the_json(monkeypatch, capfd):
    import multiprocessing as mp
    import os

    from qtool.bench import compile_peers

    if "fork" not in mp.get_all_start_methods():
        pytest.skip("the child process is forked only where the platform forks")

    def noisy(text, target, device):
        os.write(1, b"[tket] [critical] an assertion\n")  # as pytket's C++ logger does
        return compile_peers.PeerRun(2, 3, 0.0, 0, 5)

    monkeypatch.setattr(compile_peers, "_tket_compile", noisy)
    run = compile_peers.tket_compile("", "ibm", None)
    assert run.two_qubit == 2 and run.ops == 5
    out, err = capfd.readouterr()
    assert "[tket]" not in out and "[tket] [critical]" in err
