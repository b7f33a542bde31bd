"""`qtool qec`: logical error rates agree with a direct stim + pymatching computation."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pymatching
import stim

from qtool.qec.experiment import Point, collect, crossings, parse_sweep, wilson

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def qtool(*args):
    env = dict(os.environ, PYTHONPATH=ROOT, PYTHONWARNINGS="ignore")
    return subprocess.run([sys.executable, "-m", "qtool", *map(str, args)], capture_output=True,
                          text=True, env=env, timeout=600)


def direct(distance, rounds, noise, shots, seed):
    """The computation written out by hand, as stim's and pymatching's docs do it."""
    circuit = stim.Circuit.generated("surface_code:rotated_memory_z", distance=distance,
                                     rounds=rounds, after_clifford_depolarization=noise,
                                     before_round_data_depolarization=noise,
                                     before_measure_flip_probability=noise,
                                     after_reset_flip_probability=noise)
    dets, obs = circuit.compile_detector_sampler(seed=seed).sample(shots, separate_observables=True)
    matching = pymatching.Matching.from_detector_error_model(
        circuit.detector_error_model(decompose_errors=True))
    return int(np.count_nonzero(np.any(matching.decode_batch(dets) != obs, axis=1)))


def test_one_point_agrees_with_direct_stim_and_pymatching():
    r = qtool("qec", "--code", "surface", "--distance", 3, "--rounds", 3, "--noise", 0.006,
              "--shots", 20000, "--seed", 11, "--json")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["schema"] == "qtool.qec/1" and doc["seed"] == 11
    (point,) = doc["points"]
    assert {k: point[k] for k in ("code", "distance", "rounds", "noise", "shots")} == \
        {"code": "surface", "distance": 3, "rounds": 3, "noise": 0.006, "shots": 20000}
    assert point["logical_error_rate"] == point["errors"] / 20000
    lo, hi = point["interval"]
    theirs = direct(3, 3, 0.006, 20000, seed=999)  # an independent sample
    tlo, thi = wilson(theirs, 20000)
    assert lo <= point["logical_error_rate"] <= hi
    assert tlo <= hi and lo <= thi, (point, theirs)  # the intervals overlap
    assert 0 < point["logical_error_rate_per_round"] < point["logical_error_rate"]


def test_sinter_and_the_seeded_loop_agree():
    seeded = collect([Point("surface", 3, 3, 0.008)], 8000, None, seed=1)[0]
    pooled = collect([Point("surface", 3, 3, 0.008)], 8000, None, seed=None, workers=1)[0]
    assert seeded.shots == 8000 and pooled.shots >= 8000
    a, b = seeded.interval(), pooled.interval()
    assert a[0] <= b[1] and b[0] <= a[1], (seeded, pooled)


def test_max_errors_stops_a_point_early():
    p = collect([Point("repetition", 3, 3, 0.05)], 1_000_000, 50, seed=2)[0]
    assert 50 <= p.errors and p.shots < 1_000_000


def _untimed(doc):
    return [{k: v for k, v in p.items() if k != "seconds"} for p in doc["points"]]


def test_threshold_sweep_writes_json_plot_and_finds_a_crossing(tmp_path):
    sweep = ("qec", "threshold", "--code", "surface", "--distances", "3,5",
             "--noise", "0.004:0.02:3", "--max-shots", 4000, "--seed", 3, "--json")
    r = qtool(*sweep, "--plot", tmp_path / "t.png")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert len(doc["points"]) == 6 and (tmp_path / "t.png").read_bytes()[:4] == b"\x89PNG"
    (cross,) = doc["crossings"]
    assert cross["distances"] == [3, 5] and 0.004 < cross["noise"] < 0.02
    # The same points as tasks on 2 local Dask workers: the same numbers, point by point.
    spread = qtool(*sweep, "--workers", 2)
    assert spread.returncode == 0, spread.stderr
    assert "qec points: 6 tasks on 2 local worker processes" in spread.stderr
    assert _untimed(json.loads(spread.stdout)) == _untimed(doc)
    assert json.loads(spread.stdout)["crossings"] == doc["crossings"]


def test_crossing_and_sweep_helpers():
    assert parse_sweep("0.001:0.1:3") == [0.001, 0.001 * 10, 0.1] or \
        np.allclose(parse_sweep("0.001:0.1:3"), [0.001, 0.01, 0.1])
    pts = [Point("surface", 3, 1, 0.01, 1000, 100), Point("surface", 3, 1, 0.02, 1000, 200),
           Point("surface", 5, 1, 0.01, 1000, 50), Point("surface", 5, 1, 0.02, 1000, 400)]
    (c,) = crossings(pts)
    assert 0.01 < c["noise"] < 0.02


def test_bad_input_is_exit_2():
    r = qtool("qec", "--code", "toric", "--shots", 10, "--seed", 1)
    assert r.returncode == 2 and "unknown code 'toric'" in r.stderr
    r = qtool("qec", "threshold", "--noise", "abc", "--seed", 1)
    assert r.returncode == 2 and "bad noise sweep" in r.stderr
