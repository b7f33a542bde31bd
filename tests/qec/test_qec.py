"""`qtool qec`: logical error rates agree with a direct stim + pymatching computation."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pymatching
import stim

from qtool.qec.experiment import (Point, chunk_task, collect, collect_seeded, crossings,
                                  parse_sweep, wilson)

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


def test_a_point_stops_at_the_same_chunk_however_its_chunks_run():
    """The loop sends one chunk at a time; a batch sends waves of 1, 2, 4... chunks per
    point and computes chunks past the stopping one: the counts must be the same."""
    points = lambda: [Point("repetition", 3, 3, 0.05), Point("repetition", 3, 3, 0.002)]
    ran = []

    def eager(fn, tasks):
        ran.append(len(tasks))
        return [fn(*args) for _name, args in tasks]

    loop = collect(points(), 60_000, 2000, seed=4)  # ~1,250 errors per 10,000-shot chunk
    spread = collect_seeded(points(), 60_000, 2000, 4, eager, spread=True)
    untimed = lambda ps: [(p.shots, p.errors) for p in ps]
    assert untimed(spread) == untimed(loop)
    assert loop[0].shots == 20_000 and loop[0].errors >= 2000  # stopped after its 2nd chunk
    assert loop[1].shots == 60_000 and loop[1].errors < 2000  # the quiet one ran all six
    # waves of 1, 2, then 4 chunks per point: the noisy point's 3rd chunk ran in vain
    assert ran == [2, 4, 3]
    # chunks are independent samples: the first chunk is the point's own seeded sample
    assert chunk_task(Point("repetition", 3, 3, 0.05), 100, 7) [:2] == \
        chunk_task(Point("repetition", 3, 3, 0.05), 100, 7)[:2]


def test_one_point_spreads_its_shots_over_workers():
    run = ("qec", "--code", "surface", "--distance", 3, "--noise", 0.004, "--shots", 40_000,
           "--seed", 5, "--json")
    alone, spread = qtool(*run), qtool(*run, "--workers", 2)
    assert alone.returncode == 0 and spread.returncode == 0, alone.stderr + spread.stderr
    assert "qec shot chunks: 4 tasks on 2 local worker processes" in spread.stderr
    assert _untimed(json.loads(spread.stdout)) == _untimed(json.loads(alone.stdout))
    assert json.loads(alone.stdout)["points"][0]["shots"] == 40_000


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
    assert "qec shot chunks: 6 tasks on 2 local worker processes" in spread.stderr
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


def test_core_errors_name_parameters_and_the_cli_names_its_flags():
    """The core words errors in its own terms (ParameterError.parameter); each command
    names the flag the value came from: `qec --shots 0` is about --shots, not --max-shots."""
    import pytest
    from typer.testing import CliRunner

    from qtool.cli.main import app
    from qtool.errors import ParameterError
    from qtool.qec.experiment import parse_ints

    with pytest.raises(ParameterError, match="^max_shots must be at least 1, not 0$"):
        collect([Point("surface", 3, 1, 0.01)], 0, None, 1)
    with pytest.raises(ParameterError) as err:
        parse_ints("3,x")
    assert err.value.parameter == "distances" and "--" not in str(err.value)
    runner = CliRunner()
    r = runner.invoke(app, ["qec", "--shots", "0", "--seed", "1"])
    assert r.exit_code == 2 and "--shots must be at least 1, not 0" in r.stderr
    r = runner.invoke(app, ["qec", "threshold", "--distances", "3,x", "--seed", "1"])
    assert r.exit_code == 2
    assert "bad list '3,x' for --distances: expected integers such as 3,5,7" in r.stderr
    r = runner.invoke(app, ["qec", "threshold", "--noise", "abc", "--seed", "1"])
    assert r.exit_code == 2 and "bad noise sweep 'abc' for --noise: expected LOW:HIGH:COUNT" \
        in r.stderr
    r = runner.invoke(app, ["qec", "threshold", "--max-shots", "0", "--seed", "1"])
    assert r.exit_code == 2 and "--max-shots must be at least 1, not 0" in r.stderr
