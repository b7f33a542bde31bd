"""Noisy trajectories split by shots: the chunks and their seeds depend only on the shots
and the run's seed, so 1 worker and 2 workers give the same counts."""

from __future__ import annotations

from qtool import qasm, seeds
from qtool.batch import Executor, Item, shots
from qtool.batch.tasks import SimSpec, simulate_task
from qtool.circuits import generate


def test_chunks_cover_the_shots_with_independent_seeds():
    plan = shots.chunks(25_001, seed=7)
    assert [n for n, _ in plan] == [8334, 8334, 8333]
    assert len({s for _, s in plan}) == 3 and 7 not in {s for _, s in plan}
    assert plan == shots.chunks(25_001, seed=7)
    assert shots.chunks(25_001, seed=8) != plan
    assert shots.chunks(10_000, seed=7) == [(10_000, 7)]  # one chunk: the run's own seed
    assert len(shots.chunks(10**9, seed=1)) == seeds.MAX_TASKS


def test_split_noisy_counts_are_the_same_on_one_and_two_workers(dask_client):
    item = Item("ghz4", qasm.dumps(generate("ghz", 4)), "ghz4.qasm")
    spec = SimSpec(noise="bitflip:0.1", threads=1, observables=("Z0*Z1", "Z2"))
    specs = shots.specs(spec, 20_500, seed=3)
    tasks = [(item.name, (item, s)) for s in specs]
    with Executor(workers=1) as loop:
        alone = shots.merge(list(loop.map(simulate_task, tasks, total=len(tasks))), 3)
    with Executor(client=dask_client) as ex:
        spread = shots.merge(list(ex.map(simulate_task, tasks, total=len(tasks))), 3)
    assert alone.counts == spread.counts
    assert alone.shots == sum(alone.counts.values()) == 20_500
    assert alone.seed == 3 and "3 tasks" in alone.engine
    # bit flips of p=0.1 after each of ghz4's moments: far from GHZ's two outcomes
    assert len(alone.counts) == 16
    # --expect split by trajectories: identical on 1 and 2 workers, all 20,500 averaged,
    # and within a few standard errors of the density-matrix value (cirq, independent).
    assert alone.expectations == spread.expectations
    (name, zz), (_, z2) = alone.expectations
    assert name == "Z0*Z1" and zz.trajectories == z2.trajectories == 20_500
    exact = _density_matrix_zz(generate("ghz", 4), "bitflip:0.1")
    assert abs(zz.value - exact) < 5 * zz.stderr and 0 < zz.stderr < 0.01, (zz, exact)
    assert z2.value == 0.0  # every trajectory of a GHZ state has <Z> = 0, bit flips or not


def _density_matrix_zz(circuit, noise: str) -> float:
    import cirq
    import numpy as np

    from qtool.sim.noise import parse_noise

    q = sorted(circuit.all_qubits())
    rho = cirq.DensityMatrixSimulator().simulate(
        circuit.with_noise(parse_noise(noise)), qubit_order=q).final_density_matrix
    zz = cirq.Z(q[0]) * cirq.Z(q[1])
    return float(np.real(np.trace(rho @ zz.matrix(q))))


def test_merged_estimates_weigh_chunks_by_trajectories():
    from qtool.sim.engine import Estimate

    merged = shots.merge_estimates([Estimate(1.0, 0.3, 100), Estimate(0.0, 0.4, 300)])
    assert merged.trajectories == 400 and abs(merged.value - 0.25) < 1e-12
    assert abs(merged.stderr - ((0.25 * 0.3) ** 2 + (0.75 * 0.4) ** 2) ** 0.5) < 1e-12
    exact = Estimate(0.5)
    assert shots.merge_estimates([exact, exact]) == exact
