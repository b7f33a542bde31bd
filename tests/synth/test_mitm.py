"""Meet-in-the-middle lookup, the by-unitary held-out split, and skeleton enumeration."""

from __future__ import annotations

import numpy as np

from qtool.synth import bench, bfs, data, linalg, mitm, refine, skeletons
from qtool.synth.gatesets import GENQC


def test_keys_ignore_global_phase_and_see_any_other_change():
    rng = np.random.default_rng(0)
    u = linalg.circuit_unitary(3, data.random_statements(rng, GENQC.gates + ("t",), 3, 8))
    k = mitm.unitary_keys(np.stack([u, 1j * u, -u, np.exp(0.3j) * u, u @ np.diag([1] * 7 + [-1])]))
    assert k[0] == k[1] == k[2] == k[3] != k[4]


def test_mitm_is_shortest_like_bfs():
    """A small table (depth 2, scan 2: all circuits of <= 3 gates) against plain BFS."""
    tab = mitm.table(GENQC.gates, 3, 2, 1)
    rng = np.random.default_rng(5)
    for _ in range(10):
        st = data.random_statements(rng, GENQC.gates, 3, int(rng.integers(1, 4)))
        u = linalg.circuit_unitary(3, st)
        found = mitm.search(tab, u)
        ref, _seen, _d = bfs.bfs(u, GENQC.gates, 3, 3)
        assert found is not None and len(found) == len(ref) <= len(st)
        assert linalg.unitary_fidelity(u, linalg.circuit_unitary(3, found)) > 1 - 1e-9
        if len(found) > 1:
            assert mitm.search(tab, u, max_gates=len(found) - 1) is None


def test_training_never_yields_a_held_out_unitary_and_bench_draws_only_those():
    fam = data.FAMILIES["u:genqc"]
    rng = np.random.default_rng(1)
    us = [data.example(rng, fam, 3)[1] for _ in range(400)]
    assert not any(data.held_out(u) for u in us)
    # The rule is by unitary: a phase does not move a unitary across the split.
    targets = bench._targets("genqc", 6)
    assert all(data.held_out(arr) and data.held_out(-1j * arr) for _k, _n, arr, _r in targets)
    # ... and the held-out class is not empty or everything (about 1 in 16).
    rng = np.random.default_rng(2)
    share = np.mean([data.held_out(linalg.circuit_unitary(3, data.random_statements(
        rng, GENQC.gates, 3, 6))) for _ in range(400)])
    assert 0.02 < share < 0.15


def test_skeleton_rules_and_enumeration_fit():
    assert skeletons.count(3, 1) == 3 and skeletons.count(3, 2) == 9
    # Disjoint neighbours appear in one order only; a fourth CX on one pair never.
    four = skeletons.skeletons(4, 2)
    assert [(0, 1), (2, 3)] in four and [(2, 3), (0, 1)] not in four
    assert [(0, 1)] * 4 not in skeletons.skeletons(2, 4)
    rng = np.random.default_rng(3)
    target = data.template_target(rng, "state", 3, [(1, 2)])
    fit = skeletons.enumerate_fit("state", target, 3, max_cx=1, timeout=30,
                                  rng=np.random.default_rng(0))
    assert fit is not None and fit.pairs == [(1, 2)] and fit.fidelity > 1 - 1e-6
    assert refine.fit("state", target, 3, [(0, 1)], 1 - 1e-9, rng, starts=1).fidelity < 0.99


def test_a_lookup_hit_never_loads_torch():
    """The TUI's "synthesise selection" on a 1-qubit Clifford+T block is answered by the
    meet-in-the-middle table; the model (torch: seconds of import, far more under load) is
    loaded only when the lookup misses. Run in a fresh process, as the TUI's worker does."""
    import json
    import subprocess
    import sys
    from pathlib import Path

    code = ("import sys, json\nfrom tui.parts import synthesised_qasm\n"
            "q = synthesised_qasm('OPENQASM 2.0;\\ninclude \"qelib1.inc\";\\nqreg q[1];\\n"
            "h q[0];\\nh q[0];\\nx q[0];\\nz q[0];\\ns q[0];\\ns q[0];\\n')\n"
            "print(json.dumps([q, 'torch' in sys.modules]))\n")
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True,
                         text=True, check=True, timeout=300)
    qasm, torch_loaded = json.loads(out.stdout.splitlines()[-1])
    assert qasm.splitlines()[3:] == ["x q[0];"]
    assert not torch_loaded


def test_bench_seed_picks_other_targets_and_seed_0_is_the_reported_set():
    held = bench._targets("cont3", 3)
    assert all(np.allclose(a[2], b[2]) for a, b in zip(held, bench._targets("cont3", 3, 0)))
    other = bench._targets("cont3", 3, seed=1)
    assert [t[:2] for t in other] == [("unitary", 3)] * 3
    assert not any(np.allclose(a[2], b[2]) for a in held for b in other)
