"""Inspection against independent references: hand-derived Bell/GHZ facts and cirq's own
simulator with cirq.partial_trace for reduced states."""

import math

import cirq
import numpy as np
import pytest

from qtool.editor.convert import from_cirq, to_cirq
from qtool.editor.model import Grid, Op
from qtool.inspect import analysis, inspect, prefix_circuit, sample_counts


def ghz(n: int) -> Grid:
    g = Grid(n).place(Op("H", (0,)), 0)
    for i in range(n - 1):
        g = g.place(Op("CX", (i, i + 1)), i + 1)
    return g


def test_bell_at_each_column():
    g = ghz(2)
    start = inspect(g, -1)
    assert start.histogram[0] == ("00", pytest.approx(1.0))
    after_h = inspect(g, 0)
    assert [q.x for q in after_h.qubits] == pytest.approx([1.0, 0.0], abs=1e-6)
    assert after_h.qubits[0].entropy == pytest.approx(0.0, abs=1e-6)
    bell = inspect(g, 1)
    probs = dict(bell.histogram)
    assert probs["00"] == pytest.approx(0.5, abs=1e-6) and probs["11"] == pytest.approx(0.5, abs=1e-6)
    assert list(probs) == ["00", "11"]  # most probable first; probability-0 outcomes left out
    for q in bell.qubits:  # maximally entangled: reduced state I/2
        assert (q.p1, q.purity, q.entropy) == pytest.approx((0.5, 0.5, 1.0), abs=1e-6)
        assert math.hypot(q.x, q.y, q.z) == pytest.approx(0.0, abs=1e-6)


@pytest.mark.parametrize("n", [3, 5])
def test_ghz_amplitudes_and_marginals(n):
    result = inspect(ghz(n), top_k=4)
    assert [b for b, _ in result.amplitudes] == ["0" * n, "1" * n]
    for _, amp in result.amplitudes:
        assert amp == pytest.approx(1 / math.sqrt(2), abs=1e-6)
    assert [q.p1 for q in result.qubits] == pytest.approx([0.5] * n, abs=1e-6)
    assert [q.entropy for q in result.qubits] == pytest.approx([1.0] * n, abs=1e-6)


def test_random_circuit_against_cirq_simulator_and_partial_trace():
    circuit = cirq.testing.random_circuit(qubits=4, n_moments=12, op_density=0.9, random_state=3)
    order = sorted(circuit.all_qubits())
    g = from_cirq(circuit, qubit_order=order)
    result = inspect(g, top_k=16)
    ref = cirq.Simulator(dtype=np.complex128).simulate(circuit, qubit_order=order).final_state_vector
    assert np.allclose(np.abs(result.state) ** 2, np.abs(ref) ** 2, atol=1e-5)
    rho = np.outer(ref, ref.conj()).reshape((2,) * 8)
    for q in range(4):
        reduced = cirq.partial_trace(rho, [q])
        info = analysis.qubit_info(reduced)
        assert result.qubits[q].z == pytest.approx(info.z, abs=1e-5)
        assert result.qubits[q].x == pytest.approx(2 * reduced[0, 1].real, abs=1e-5)
        assert result.qubits[q].y == pytest.approx(-2 * reduced[0, 1].imag, abs=1e-5)
        assert result.qubits[q].purity == pytest.approx(np.trace(reduced @ reduced).real, abs=1e-5)


def test_column_prefix_matches_cirq_prefix():
    circuit = cirq.testing.random_circuit(qubits=3, n_moments=8, op_density=1.0, random_state=7)
    order = sorted(circuit.all_qubits())
    g = from_cirq(circuit, qubit_order=order)
    for column in (0, 3, g.width - 1):
        ref = cirq.final_state_vector(to_cirq(g, upto=column + 1), qubit_order=cirq.LineQubit.range(3))
        got = inspect(g, column).state
        assert cirq.allclose_up_to_global_phase(got, ref, atol=1e-5)


def test_terminal_measurements_are_dropped_for_exact_displays():
    g = ghz(2).place(Op("measure", (0,), key="c_0"), 2).place(Op("measure", (1,), key="c_1"), 2)
    circuit, notes = prefix_circuit(g, g.width - 1)
    assert not any(cirq.is_measurement(op) for op in circuit.all_operations()) and not notes
    assert dict(inspect(g).histogram)["11"] == pytest.approx(0.5, abs=1e-6)


def test_mid_circuit_measurement_is_noted():
    g = Grid(1).place(Op("H", (0,)), 0).place(Op("measure", (0,), key="c_0"), 1).place(Op("H", (0,)), 2)
    assert any("mid-circuit" in n for n in inspect(g).notes)


def test_top_k_and_histogram_limit():
    g = Grid(6)
    for q in range(6):
        g = g.place(Op("H", (q,)), 0)
    r = inspect(g, top_k=5, hist_limit=8)
    assert len(r.amplitudes) == 5 and len(r.histogram) == 8
    assert r.amplitudes[0][0] == "000000"  # ties: lower index first


def test_bit_order_first_qubit_leftmost():
    r = inspect(Grid(3).place(Op("X", (0,)), 0))
    assert r.amplitudes[0][0] == "100"


def test_sampled_counts_within_statistics():
    g = ghz(3)
    for q in range(3):
        g = g.place(Op("measure", (q,), key=f"c_{q}"), 3)
    keys, counts = sample_counts(g, 4000, seed=11)
    assert keys == ["c_0", "c_1", "c_2"] and set(counts) == {"000", "111"}
    sigma = math.sqrt(4000 * 0.25)
    assert abs(counts["000"] - 2000) < 5 * sigma
    assert sample_counts(g, 4000, seed=11) == (keys, counts)  # the seed reproduces


def test_sampling_without_measurements_is_empty():
    assert sample_counts(ghz(2), 10) == ([], {})


def test_state_export_json():
    doc = inspect(ghz(2)).to_json()
    assert doc["schema"] == "qtool.tui.state/1" and len(doc["state"]) == 4
    assert doc["qubits"][0]["entropy"] == pytest.approx(1.0, abs=1e-6)


def test_too_many_qubits_is_refused():
    from qtool.errors import ResourceError
    with pytest.raises(ResourceError, match="GiB"):
        inspect(Grid(30).place(Op("H", (0,)), 0))


def test_classical_control_on_an_unmeasured_bit_reads_zero():
    from qtool.editor.convert import from_qasm

    text = ('OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[2];\ncreg c[2];\nh q[0];\n'
            'measure q[0] -> c[0];\nif(c==1) x q[1];\n')
    g = from_qasm(text)
    result = inspect(g)  # c[1] is never measured: it is 0, so c==1 iff q[0] measured 1
    (bits, amp), = result.amplitudes
    assert bits in ("00", "11") and abs(amp) == pytest.approx(1, abs=1e-6)
    assert any("cirq" in n for n in result.notes)
    keys, counts = sample_counts(g, 400, seed=5)
    assert keys == ["c_0"] and set(counts) == {"0", "1"}  # only measured bits are listed


def test_sampling_cost_is_zero_for_terminal_measurements_only():
    from qtool.inspect.inspector import sampling_cost

    g = ghz(3).place(Op("measure", (0,), key="c_0"), 3)
    assert sampling_cost(g, 1000) == 0
    mid = g.place(Op("H", (0,)), 4)  # a gate after the measurement: one run per shot
    assert sampling_cost(mid, 1000) == 1000 * 8
