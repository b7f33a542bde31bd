"""The equivalence check accepts equal circuits and catches wrong ones."""

import cirq
import pytest

from qtool.compile.verify import check_equivalence

a, b, c = cirq.LineQubit.range(3)
ORIG = [cirq.H(a), cirq.CNOT(a, b), cirq.T(b), cirq.CNOT(b, c)]


def identity_map(qs):
    return list(qs), list(qs)


@pytest.mark.parametrize("exact", [True, False])
def test_accepts_equal_up_to_phase(exact):
    same = [cirq.H(a), cirq.H(b), cirq.CZ(a, b), cirq.H(b), cirq.T(b), cirq.CNOT(b, c),
            cirq.GlobalPhaseGate(1j).on()]
    v = check_equivalence(ORIG, [a, b, c], same, *identity_map([a, b, c]), exact=exact)
    assert v.ok and v.method == ("unitary" if exact else "random-states")


@pytest.mark.parametrize("exact", [True, False])
def test_rejects_a_changed_gate(exact):
    wrong = [cirq.H(a), cirq.CNOT(a, b), cirq.T(b) ** -1, cirq.CNOT(b, c)]
    assert not check_equivalence(ORIG, [a, b, c], wrong, *identity_map([a, b, c]), exact=exact).ok


def test_permutation_is_part_of_the_claim():
    # SWAP(b, c) at the end, reported as a relabelling: equal. Without the report: not.
    swapped = ORIG + [cirq.SWAP(b, c)]
    init = [a, b, c]
    assert check_equivalence(ORIG, [a, b, c], swapped, init, [a, c, b]).ok
    assert not check_equivalence(ORIG, [a, b, c], swapped, init, init).ok


def test_gate_moved_across_measurement_is_caught():
    orig = [cirq.H(a), cirq.measure(a, key="m"), cirq.X(a)]
    moved = [cirq.H(a), cirq.X(a), cirq.measure(a, key="m")]
    assert check_equivalence(orig, [a], orig, [a], [a]).ok
    assert not check_equivalence(orig, [a], moved, [a], [a]).ok


@pytest.fixture
def force_qsim_exact(monkeypatch):
    import qtool.compile.verify as verify

    monkeypatch.setattr(verify, "NUMPY_MAX_WORK", 0)


def test_qsim_exact_path_accepts_and_rejects(force_qsim_exact):
    swapped = ORIG + [cirq.SWAP(b, c)]
    init = [a, b, c]
    ok = check_equivalence(ORIG, [a, b, c], swapped, init, [a, c, b])
    assert ok.ok and ok.method == "unitary" and "qsim" in ok.detail
    assert not check_equivalence(ORIG, [a, b, c], swapped, init, init).ok
    wrong = [cirq.H(a), cirq.CNOT(a, b), cirq.T(b) ** -1, cirq.CNOT(b, c)]
    assert not check_equivalence(ORIG, [a, b, c], wrong, init, init).ok


def test_qsim_exact_path_with_a_three_cycle(force_qsim_exact):
    # Output permutation a->b->c->a, made by two SWAPs; also a non-involution check.
    comp = ORIG + [cirq.SWAP(a, b), cirq.SWAP(b, c)]
    init = [a, b, c]
    # a's state: SWAP(a,b) moves it to b, SWAP(b,c) to c; b's to a; c's to b.
    assert check_equivalence(ORIG, init, comp, init, [c, a, b]).ok
    assert not check_equivalence(ORIG, init, comp, init, [b, c, a]).ok
    import qtool.compile.verify as verify

    verify.NUMPY_MAX_WORK = 1e30  # the numpy path agrees on the same claim
    assert check_equivalence(ORIG, init, comp, init, [c, a, b]).ok
    assert not check_equivalence(ORIG, init, comp, init, [b, c, a]).ok


def test_random_states_see_an_error_on_one_basis_state():
    # The hardest case for random states: the circuits differ on one basis state of 2^10
    # (a 9-controlled Z). Each state misses it with probability ~1e-3; all 8 never do here.
    qs = cirq.LineQubit.range(10)
    orig = [cirq.H(q) for q in qs]
    comp = orig + [cirq.Z(qs[0]).controlled_by(*qs[1:])]
    v = check_equivalence(orig, qs, comp, list(qs), list(qs), exact=False)
    assert v.method == "random-states" and not v.ok
    assert check_equivalence(orig, qs, list(orig), list(qs), list(qs), exact=False).ok


def test_the_default_check_proves_where_cheap_and_says_so_where_not():
    import qtool.compile.verify as verify

    small = check_equivalence(ORIG, [a, b, c], list(ORIG), [a, b, c], [a, b, c], exact="cheap")
    assert small.method == "unitary" and small.ok
    qs = cirq.LineQubit.range(12)
    wide = [cirq.H(q) for q in qs] + [cirq.CNOT(qs[i], qs[i + 1]) for i in range(11)]
    assert len(wide) * 4.0**12 > verify.CHEAP_MAX_WORK
    v = check_equivalence(wide, qs, list(wide), list(qs), list(qs), exact="cheap")
    assert v.method == "random-states" and v.ok
    # The proof (exact=None) is still exact at 12 qubits.
    assert check_equivalence(wide, qs, list(wide), list(qs), list(qs)).method == "unitary"


def test_small_checks_run_on_one_blas_thread_with_one_controller():
    from threadpoolctl import threadpool_info

    import qtool.compile.verify as verify

    with verify._one_blas_thread(16):
        blas = [i for i in threadpool_info() if i["user_api"] == "blas"]
        assert blas and all(i["num_threads"] == 1 for i in blas)
    first = verify._blas_controller()
    with verify._one_blas_thread(16):
        pass
    assert verify._blas_controller() is first  # the library scan ran once
