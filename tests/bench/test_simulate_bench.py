"""`qtool bench simulate`'s harness on tiny sweeps: it times, checks agreement, reports."""

from __future__ import annotations

import os

import cirq
import numpy as np
import pytest

from qtool.bench import memory_bandwidth, qsim_fusion, simulate
from qtool.bench.sim_backends import Backend, make_backends
from qtool.bench.stats import timing_stats
from qtool.bench.termplot import log_plot
from qtool.errors import QtoolError, ResourceError


@pytest.mark.parametrize("spec, expected", [
    ("10:16:2", [10, 12, 14, 16]), ("3:5", [3, 4, 5]), ("7", [7]), ("4,6,9", [4, 6, 9]),
])
def test_parse_qubits(spec, expected):
    assert simulate.parse_qubits(spec) == expected


@pytest.mark.parametrize("spec", ["", "a:b", "10:8", "4:8:0", "1:2:3:4", "0", "x"])
def test_parse_qubits_rejects_nonsense(spec):
    with pytest.raises(QtoolError):
        simulate.parse_qubits(spec)


def test_timing_stats():
    s = timing_stats([3.0, 1.0, 2.0, 10.0])
    assert (s["rounds"], s["min"], s["max"], s["median"], s["mean"]) == (4, 1.0, 10.0, 2.5, 4.0)
    assert s["iqr"] > 0 and s["stddev"] > 0
    assert timing_stats([2.0])["stddev"] == 0.0


def test_fidelity_ignores_global_phase_and_sees_differences(monkeypatch):
    monkeypatch.setattr(memory_bandwidth, "CHUNK", 4)  # exercise the chunked sum
    rng = np.random.default_rng(0)
    a = (rng.normal(size=32) + 1j * rng.normal(size=32)).astype(np.complex64)
    assert memory_bandwidth.fidelity(a, 1j * a) == pytest.approx(1.0)
    b = a.copy()
    b[:16] = -b[:16]
    assert memory_bandwidth.fidelity(a, b) < 0.9
    c = a * np.exp(1j * 0.01 * np.arange(32)).astype(np.complex64)  # a small phase error
    assert 1 - 1e-2 < memory_bandwidth.fidelity(a, c) < 1 - 1e-5
    e0, e1 = np.eye(2)
    assert memory_bandwidth.fidelity(e0, e1) == 0.0


def test_copy_bandwidth_is_positive():
    seconds, rate = memory_bandwidth.copy_bandwidth(1 << 16)
    assert seconds > 0 and rate > 0


def test_capture_fd1_sees_c_level_output():
    result, text = qsim_fusion.capture_fd1(lambda: os.write(1, b"12 1-qubit, 3 2-qubit gates "
                                                              b"are fused into 5 gates\n") and 7)
    assert result == 7
    assert qsim_fusion.fused_gate_count(text) == 5
    assert qsim_fusion.fused_gate_count("nothing here") is None


def test_terminal_plot_places_each_series():
    text = log_plot({"fast": [(10, 0.001), (20, 0.1)], "slow": [(10, 0.01), (20, 10.0)]},
                    width=30, height=8, title="t")
    assert text.splitlines()[0] == "t"
    assert "* fast" in text and "o slow" in text
    assert "1e-3s" in text and "1e+1s" in text
    assert "qubits" in text


def _tiny(**kw) -> simulate.BenchConfig:
    base = dict(qubits=[3, 4], families=["random", "qft"], repeat=1, threads=1)
    base.update(kw)
    return simulate.BenchConfig(**base)


def test_tiny_sweep_times_every_backend_and_they_agree():
    report = simulate.run_bench(_tiny(families=["random"]))
    assert report.agree and len(report.points) == 2
    for point in report.points:
        assert point.reference == "cirq"
        assert [r.backend for r in point.results] == list(simulate.NAMES)
        ran = [r for r in point.results if r.status == "ok"]
        assert {"qtool", "qsimcirq", "cirq"} <= {r.backend for r in ran}
        for r in ran:
            assert r.stats["rounds"] == 1 and r.stats["median"] > 0
            assert r.bandwidth > 0 and r.bandwidth_fraction > 0
            if r.backend != "cirq":
                assert r.fidelity == pytest.approx(1.0, abs=1e-5)
        raw = point.result("qsimcirq")
        assert raw.passes_source == "qsim fused gates" and 1 <= raw.passes <= point.gates
        assert point.result("qtool").passes == raw.passes
        aer = point.result("aer")
        if aer.status == "ok":
            assert aer.passes_source == "aer fused ops" and 1 <= aer.passes <= point.gates


def test_cirq_is_skipped_above_its_limit_and_another_backend_is_the_reference():
    report = simulate.run_bench(_tiny(families=["ghz"], cirq_max_qubits=3,
                                      backends=["qtool", "qsimcirq", "cirq"]))
    small, large = report.points
    assert small.reference == "cirq"
    assert large.result("cirq").status == "skipped" and "3 qubits" in large.result("cirq").reason
    assert large.reference == "qtool"
    assert large.result("qsimcirq").fidelity == pytest.approx(1.0, abs=1e-6)
    assert any("cirq: skipped above 3" in note for note in report.notes)


class WrongBackend(Backend):
    """Returns |0...0> whatever the circuit: the agreement check must catch it."""

    name = "qulacs"

    def prepare(self, circuit, n, spec):
        def run():
            state = np.zeros(2 ** n, dtype=np.complex64)
            state[0] = 1
            return state
        return run


class MissingBackend(Backend):
    name = "aer"

    def unavailable(self):
        return "qiskit-aer is not installed"


def _with(monkeypatch, *extra):
    real = make_backends

    def fake(names, cirq_max):
        out = real([n for n in names if n not in ("aer", "qulacs")], cirq_max)
        return out + [e() for e in extra]

    monkeypatch.setattr(simulate, "make_backends", fake)


def test_a_backend_with_a_wrong_answer_is_reported(monkeypatch):
    _with(monkeypatch, MissingBackend, WrongBackend)
    report = simulate.run_bench(_tiny(families=["ghz"], qubits=[3]))
    wrong = report.points[0].result("qulacs")
    assert wrong.status == "mismatch" and "fidelity" in wrong.reason
    assert not report.agree and not report.to_json()["agree"]
    missing = report.points[0].result("aer")
    assert missing.status == "skipped" and "not installed" in missing.reason
    assert "aer: qiskit-aer is not installed" in report.notes


def test_json_document(monkeypatch):
    doc = simulate.run_bench(_tiny(families=["qft"], qubits=[3],
                                   backends=["qtool", "cirq"])).to_json()
    assert doc["schema"] == "qtool.bench/1" and doc["benchmark"] == "simulate"
    assert doc["config"]["qubits"] == [3] and doc["config"]["threads"] == 1
    result = doc["points"][0]["results"][0]
    assert set(result["stats"]) == {"rounds", "min", "max", "mean", "median", "stddev", "iqr"}
    assert doc["points"][0]["copy_bandwidth"]["single"] > 0


def test_memory_guard_refuses_a_sweep_that_cannot_fit():
    with pytest.raises(ResourceError, match="30-qubit point"):
        simulate.check_memory(_tiny(qubits=[30]), available=1 << 30)


@pytest.mark.parametrize("kw, message", [
    ({"repeat": 0}, "^repeat must be at least 1, not 0"), ({"precision": "half"}, "precision"),
    ({"backends": ["nope"]}, "unknown backend"), ({"families": ["grover"], "qubits": [40]},
                                                  "out of range"),
])
def test_bad_configs_are_refused(kw, message):
    with pytest.raises(QtoolError, match=message):
        _tiny(**kw).validate()


@pytest.mark.parametrize("precision", ["single", "double"])
def test_peer_adapters_handle_matrices_and_precision(precision):
    pytest.importorskip("qiskit_aer")
    from qtool.bench.sim_backends import RunSpec

    q = cirq.LineQubit.range(3)
    u = cirq.testing.random_unitary(4, random_state=3)
    circuit = cirq.Circuit(cirq.H(q[0]), cirq.MatrixGate(u).on(q[0], q[2]),
                           cirq.TOFFOLI(q[0], q[2], q[1]), cirq.rx(0.3)(q[1]))
    ref = cirq.final_state_vector(circuit, qubit_order=q, dtype=np.complex128)
    for backend in make_backends(["aer", "qulacs"], None):
        if backend.unavailable():
            continue
        state = backend.prepare(circuit, 3, RunSpec(1, 2, backend.precision(precision)))()
        assert memory_bandwidth.fidelity(ref, state) == pytest.approx(1.0, abs=1e-6)
