"""Shared test helpers: an independent equivalence check (cirq's own unitaries), corpus
selection and random circuits."""

from __future__ import annotations

from pathlib import Path

import cirq
import pytest

from qtool.gates import is_barrier

# The public QASMBench corpus shipped in tests/data (the same folder as tests/conftest.py's
# CORPUS and `corpus` fixture); nothing outside the repository is read.
CORPUS = Path(__file__).resolve().parents[1] / "data" / "qasmbench"
SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def cirq_equivalent(original: cirq.Circuit, result) -> bool:
    """cirq.unitary of both sides, outputs permuted by the result's reported mapping.

    Independent of qtool.compile.verify: uses cirq's simulator-free unitary protocol and a
    QubitPermutationGate built from the report. Measurements must be terminal (dropped).
    """
    orig = cirq.drop_terminal_measurements(original) if original.has_measurements() else original
    orig = cirq.Circuit(op for op in orig.all_operations() if not cirq.is_measurement(op)
                        and not is_barrier(op))
    comp = cirq.Circuit(op for op in result.circuit.all_operations()
                        if not cirq.is_measurement(op) and not is_barrier(op))
    qubits = sorted(original.all_qubits())
    n = len(qubits)
    touched = set(comp.all_qubits()) | set(result.full_initial[:n])
    virt = list(range(n)) + [v for v in range(n, len(result.full_initial))
                             if result.full_initial[v] in touched]
    ins = [result.full_initial[v] for v in virt]
    outs = [result.full_final[v] for v in virt]
    # Move each virtual's output qubit back to its input qubit: the qubit at index
    # ins.index(outs[k]) goes to index k (cirq: qubit i moves to permutation[i]).
    perm = [0] * len(virt)
    for k, o in enumerate(outs):
        perm[ins.index(o)] = k
    comp = comp + cirq.QubitPermutationGate(perm).on(*ins)
    line = cirq.LineQubit.range(len(virt))
    u_orig = cirq.Circuit(
        orig.transform_qubits({q: line[i] for i, q in enumerate(qubits)}),
        cirq.IdentityGate(len(virt)).on(*line)).unitary(qubit_order=line)
    u_comp = comp.transform_qubits({q: line[i] for i, q in enumerate(ins)}).unitary(qubit_order=line)
    return cirq.allclose_up_to_global_phase(u_orig, u_comp, atol=1e-6)


def same_unitary(qubits, a, b) -> bool:
    """Two op lists have one unitary over `qubits`, up to global phase (cirq's unitaries):
    the pass tests' check that a rewrite changed nothing."""
    return cirq.allclose_up_to_global_phase(cirq.Circuit(a).unitary(qubit_order=qubits),
                                            cirq.Circuit(b).unitary(qubit_order=qubits), atol=1e-7)


def small_corpus(max_qubits=5, max_ops=120):
    """Corpus circuits small enough for fast exhaustive checks."""
    from qtool import qasm
    from qtool.errors import QasmError

    if not CORPUS.is_dir():  # never let a missing corpus turn these tests into no tests
        raise RuntimeError(f"QASMBench corpus missing: {CORPUS}")
    out = []
    for f in sorted(CORPUS.rglob("*.qasm")):
        if f.stat().st_size > 20_000:
            continue
        try:
            c = qasm.load(str(f))
        except QasmError:
            continue
        if len(c.all_qubits()) <= max_qubits and len(list(c.all_operations())) <= max_ops:
            out.append(pytest.param(f, id=f.stem))
    return out


def random_circuit(n, depth, seed):
    return cirq.testing.random_circuit(cirq.LineQubit.range(n), n_moments=depth, op_density=0.8,
                                       random_state=seed,
                                       gate_domain={cirq.CNOT: 2, cirq.CZ: 2, cirq.H: 1, cirq.T: 1,
                                                    cirq.X: 1, cirq.rz(0.3): 1, cirq.SWAP: 2,
                                                    cirq.CCX: 3, cirq.ISWAP: 2})



def exact_bit_distribution(circuit: cirq.AbstractCircuit) -> dict:
    """Exact probabilities of the final classical record (each measurement key's last
    value, keys sorted by name, bits joined) by enumerating every measurement branch with
    numpy state vectors: independent of qtool's simulator and of its verifier."""
    import numpy as np

    qubits = sorted(circuit.all_qubits())
    n = len(qubits)
    pos = {q: i for i, q in enumerate(qubits)}
    psi = np.zeros((2,) * n, dtype=complex)
    psi[(0,) * n] = 1
    branches = [(psi, {})]
    for op in circuit.all_operations():
        if is_barrier(op):
            continue
        axes = [pos[q] for q in op.qubits]
        nxt = []
        for state, rec in branches:
            if cirq.is_measurement(op):
                key = cirq.measurement_key_obj(op)
                for bits in np.ndindex(*(2,) * len(axes)):
                    proj = state.copy()
                    for ax, b in zip(axes, bits):
                        idx = [slice(None)] * n
                        idx[ax] = 1 - b
                        proj[tuple(idx)] = 0
                    p = float(np.sum(np.abs(proj) ** 2))
                    if p > 1e-12:
                        r = dict(rec)
                        r[key] = bits
                        nxt.append((proj, r))
                continue
            if op.classical_controls:
                store = cirq.ClassicalDataDictionaryStore(
                    _records={k: [list(v)] for k, v in rec.items()})
                if not all(c.resolve(store) for c in op.classical_controls):
                    nxt.append((state, rec))
                    continue
            k = len(axes)
            g = cirq.unitary(op.without_classical_controls()).reshape((2,) * (2 * k))
            out = np.tensordot(g, state, axes=(list(range(k, 2 * k)), axes))
            nxt.append((np.moveaxis(out, list(range(k)), axes), rec))
        branches = nxt
    dist: dict = {}
    for state, rec in branches:
        p = float(np.sum(np.abs(state) ** 2))
        key = "".join("".join(map(str, rec[k])) for k in sorted(rec, key=str))
        dist[key] = dist.get(key, 0.0) + p
    return dist
