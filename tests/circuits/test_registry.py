"""The library API other parts build on: FAMILIES, generate, levels, errors."""

from __future__ import annotations

import cirq
import pytest

from qtool import circuits
from qtool.errors import QtoolError


def test_families_have_records():
    assert len(circuits.FAMILIES) >= 20
    for name, fam in circuits.FAMILIES.items():
        assert fam.name == name
        assert fam.description and "\n" not in fam.description
        assert 1 <= fam.min_qubits <= fam.max_qubits
        assert fam.builder.__doc__, f"{name}: the builder's docstring names the algorithm"


@pytest.mark.parametrize("name", sorted(circuits.FAMILIES))
def test_every_family_uses_exactly_its_line_qubits(name):
    fam = circuits.FAMILIES[name]
    n = min(max(fam.min_qubits, 5), fam.max_qubits)
    for level in circuits.LEVELS:
        c = circuits.generate(name, n, seed=3, level=level)
        assert sorted(c.all_qubits()) == cirq.LineQubit.range(n)


@pytest.mark.parametrize("name", sorted(circuits.FAMILIES))
def test_indep_uses_only_basic_gates_and_keeps_the_unitary(name):
    fam = circuits.FAMILIES[name]
    n = min(max(fam.min_qubits, 4), fam.max_qubits)
    alg = circuits.generate(name, n, seed=7, level="alg")
    indep = circuits.generate(name, n, seed=7, level="indep")
    names = {circuits.basic_name(op) for op in indep.all_operations()}
    assert None not in names and names <= set(circuits.BASIC_GATES)
    order = cirq.LineQubit.range(n)
    assert cirq.allclose_up_to_global_phase(
        alg.unitary(qubit_order=order), indep.unitary(qubit_order=order), atol=1e-6)


@pytest.mark.parametrize("name", sorted(circuits.FAMILIES))
def test_every_family_builds_at_its_smallest_size(name):
    n = circuits.FAMILIES[name].min_qubits
    for level in circuits.LEVELS:
        c = circuits.generate(name, n, seed=0, level=level)
        assert sorted(c.all_qubits()) == cirq.LineQubit.range(n)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(circuits.FAMILIES))
def test_every_family_builds_across_its_range(name):
    fam = circuits.FAMILIES[name]
    sizes = sorted({fam.min_qubits, (fam.min_qubits + fam.max_qubits) // 2, fam.max_qubits,
                    *range(fam.min_qubits, min(fam.max_qubits, fam.min_qubits + 6) + 1)})
    for n in sizes:
        c = circuits.generate(name, n, seed=n, level="indep")
        assert sorted(c.all_qubits()) == cirq.LineQubit.range(n)
        assert all(circuits.is_basic(op) for op in c.all_operations())


def test_seed_reproduces_and_varies():
    a = circuits.generate("random", 6, seed=11)
    assert a == circuits.generate("random", 6, seed=11)
    assert a != circuits.generate("random", 6, seed=12)


def test_measure_appends_one_key_per_qubit():
    c = circuits.generate("ghz", 3, measure=True)
    keys = [cirq.measurement_key_name(op) for op in c.all_operations() if cirq.is_measurement(op)]
    assert keys == ["c_0", "c_1", "c_2"]


@pytest.mark.parametrize("call, message", [
    (lambda: circuits.generate("nope", 3), "unknown algorithm family 'nope'"),
    (lambda: circuits.generate("grovr", 3), "did you mean grover"),
    (lambda: circuits.generate("ghz", 1), "out of range"),
    (lambda: circuits.generate("grover", 400), "2 to 12 qubits"),
    (lambda: circuits.generate("ghz", 3, level="high"), "unknown level 'high'"),
    (lambda: circuits.generate("ghz", 2.5), "must be an integer"),
])
def test_bad_requests_raise_qtool_error(call, message):
    with pytest.raises(QtoolError, match=message):
        call()
