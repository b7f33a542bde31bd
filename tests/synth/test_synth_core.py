"""The synthesis core: numpy products against cirq, refinement's gradient, translation to
each gate set, the beam's exactness, and a tiny model whose loss falls."""

from __future__ import annotations

import numpy as np
import pytest

from qtool.ketgpt.tokenizer import statements_to_qasm
from qtool.synth import data, linalg, refine, sample, translate
from qtool.synth.gatesets import GENQC


def test_numpy_unitary_matches_qtool_reader_and_cirq():
    import cirq

    from qtool.qasm import parse_program

    rng = np.random.default_rng(3)
    st = data.random_statements(rng, GENQC.gates + ("t", "s"), 3, 10)
    prog = parse_program(statements_to_qasm(3, st), "<t>")
    u = cirq.Circuit(prog.circuit).unitary(qubit_order=prog.qubits)
    assert linalg.unitary_fidelity(u, linalg.circuit_unitary(3, st)) > 1 - 1e-12
    assert np.allclose(linalg.circuit_state(3, st), u[:, 0])
    # Fidelity ignores a global phase and sees any other difference.
    assert linalg.unitary_fidelity(u, 1j * u) > 1 - 1e-12
    assert linalg.unitary_fidelity(u, u @ np.diag([1, 1, 1, 1, 1, 1, 1, -1])) < 0.9


def test_simplify_keeps_the_unitary():
    rng = np.random.default_rng(0)
    for _ in range(20):
        st = data.random_statements(rng, GENQC.gates, 3, 12)
        short = data.simplify(st)
        assert len(short) <= len(st)
        assert linalg.unitary_fidelity(linalg.circuit_unitary(3, st),
                                       linalg.circuit_unitary(3, short)) > 1 - 1e-12


@pytest.mark.parametrize("kind", ["unitary", "state"])
def test_refinement_gradient_is_exact(kind):
    rng = np.random.default_rng(1)
    n, pairs = 3, [(0, 1), (1, 2)]
    target = data.template_target(rng, kind, n, pairs)
    x = rng.uniform(0, 6, size=(len(refine.slots(n, pairs)), 3))
    loss, grad = refine._loss_grad(kind, target, n, pairs, x)
    eps = 1e-6
    for i in (0, 5, 11):
        xp, xm = x.copy().reshape(-1), x.copy().reshape(-1)
        xp[i] += eps
        xm[i] -= eps
        fd = (refine._loss_grad(kind, target, n, pairs, xp.reshape(x.shape))[0]
              - refine._loss_grad(kind, target, n, pairs, xm.reshape(x.shape))[0]) / (2 * eps)
        assert abs(fd - grad[i]) < 1e-6


@pytest.mark.parametrize("gateset", ["u3,cx", "rz,sx,cx", "cz,u3"])
def test_fit_and_translation_keep_the_target(gateset):
    rng = np.random.default_rng(2)
    pairs = [(0, 1), (1, 2)]
    target = data.template_target(rng, "unitary", 3, pairs)
    fit = refine.fit("unitary", target, 3, pairs, 1 - 1e-9, rng, starts=4)
    assert fit.fidelity > 1 - 1e-9
    st = translate.to_gateset(3, fit, gateset)
    names = {s[0] for s in st}
    assert names <= set(gateset.split(","))
    assert sum(len(s[2]) == 2 for s in st) == 2
    assert linalg.unitary_fidelity(target, linalg.circuit_unitary(3, st)) > 1 - 1e-9


def test_too_few_cx_cannot_fit():
    rng = np.random.default_rng(4)
    target = data.template_target(rng, "unitary", 2, [(0, 1), (0, 1), (0, 1)])
    assert refine.fit("unitary", target, 2, [(0, 1)], 1 - 1e-9, rng, starts=2).fidelity < 0.999


def test_beam_results_are_exact_and_bfs_is_shortest():
    from qtool.synth import bfs

    st = [("h", (), (0,)), ("cx", (), (0, 1)), ("x", (), (2,)), ("h", (), (0,))]
    u = linalg.circuit_unitary(3, st)
    found, _seen, depth = bfs.bfs(u, GENQC.gates, 3, 4)
    assert depth == 4 and len(found) == 4
    assert linalg.unitary_fidelity(u, linalg.circuit_unitary(3, found)) > 1 - 1e-12
    # A random ranking with a beam wider than the 21 first moves and a 2-gate table must
    # finish a 3-gate target: the beam holds every first gate, the table the rest.
    u = linalg.circuit_unitary(3, st[:3])
    res = sample.residual_beam(None, "u:genqc", u, 3, GENQC.gates, 32, 6,
                               table=bfs.table(GENQC.gates, 3, 2), rng=np.random.default_rng(0))
    assert res.statements is not None
    assert linalg.unitary_fidelity(u, linalg.circuit_unitary(3, res.statements)) > 1 - 1e-12


def test_tiny_model_loss_falls(tmp_path):
    from qtool.synth import model as sm
    from qtool.synth import train

    m = sm.new_model(list(data.FAMILIES), "tiny", block_size=96)
    path = tmp_path / "tiny.pt"
    sm.save(sm.Checkpoint(m, {"families": ["u:genqc"], "training": {"steps": 0}}), path)
    fams = [data.FAMILIES["u:genqc"]]
    before = train.held_out_loss(m, fams, seed=0, device="cpu", batches=2)
    ck, rec = train.train(["u:genqc"], steps=60, batch=8, lr=3e-3, seed=0, resume=path,
                          device="cpu", log=lambda s: None)
    after = train.held_out_loss(ck.model, fams, seed=0, device="cpu", batches=2)
    assert rec["steps"] == 60 and rec["parameters"] == m.num_params()
    assert after < before - 0.3


def test_ddp_path_trains_with_gloo_world_size_1(tmp_path, monkeypatch):
    """The torchrun path (RANK/WORLD_SIZE set): DistributedDataParallel over gloo on CPU."""
    import socket

    import torch.distributed as dist

    from qtool.synth import train

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    for k, v in {"RANK": "0", "WORLD_SIZE": "1", "LOCAL_RANK": "0",
                 "MASTER_ADDR": "127.0.0.1", "MASTER_PORT": str(port)}.items():
        monkeypatch.setenv(k, v)
    try:
        out = tmp_path / "ddp.pt"
        ck, rec = train.train(["u:genqc"], config="tiny", steps=3, batch=4, seed=0, out=out,
                              device="cpu", log=lambda s: None)
        assert dist.is_initialized() and dist.get_backend() == "gloo"
        assert rec["world_size"] == 1 and rec["steps"] == 3 and out.exists()
    finally:
        if dist.is_initialized():
            dist.destroy_process_group()
