"""RegisterQubit's fast equality agrees with cirq.Qid's rules (type, key, dimension)."""

import pickle

import cirq

from qtool.qasm.qubits import RegisterQubit


def test_equality_hash_and_order_follow_the_register_key():
    a, a2, b = RegisterQubit("q", 0), RegisterQubit("q", 0), RegisterQubit("q", 1)
    other_rank = RegisterQubit("q", 0, 1)
    assert a == a2 and hash(a) == hash(a2) and not (a != a2)
    assert a != b and not (a == b) and a != other_rank
    assert sorted([other_rank, b, a]) == [a, b, other_rank]
    # Other qid types are never equal, whatever their name.
    assert a != cirq.NamedQubit("q_0") and cirq.NamedQubit("q_0") != a
    assert a != cirq.LineQubit(0)
    assert pickle.loads(pickle.dumps(a)) == a
    assert {a: 1}[RegisterQubit("q", 0)] == 1
