"""Sweep specifications, their points, the table over them and the text plot."""

from __future__ import annotations

import math

import numpy as np
import pytest

from qtool.batch import Executor, Item
from qtool.batch.sweep import (Sweep, parse_param, parse_sweep, points, table, text_plot)
from qtool.batch.tasks import SimSpec, simulate_task
from qtool.errors import ParameterError, QtoolError

RY = """OPENQASM 3.0;
include "stdgates.inc";
input float[64] theta;
qubit[1] q;
ry(theta) q[0];
"""


def test_a_range_includes_both_ends_and_reads_expressions():
    s = parse_sweep("theta=0:2*pi:64")
    assert s.name == "theta" and len(s.values) == 64
    assert s.values[0] == 0 and s.values[-1] == 2 * math.pi
    np.testing.assert_allclose(s.values, np.linspace(0, 2 * math.pi, 64))
    assert parse_sweep("phi=0, pi/2 ,pi").values == (0, math.pi / 2, math.pi)
    assert parse_sweep("x=1:5:1").values == (1.0,)
    assert parse_param("gamma=pi/4") == ("gamma", math.pi / 4)


@pytest.mark.parametrize("spec, message", [
    ("theta", "expected NAME=START:STOP:N"),
    ("theta=0:1", "expected START:STOP:N"),
    ("theta=0:1:x", "must be a whole number"),
    ("theta=0:1:0", "at least 1"),
    ("theta=0:foo:3", "is not a number"),
    ("2x=0:1:3", "expected NAME="),
])
def test_bad_sweeps_say_what_was_expected(spec, message):
    with pytest.raises(ParameterError, match=message) as err:
        parse_sweep(spec)
    assert err.value.parameter == "sweep" and "--" not in str(err.value)  # no CLI flags
    assert str(err.value).startswith("sweep ")


def test_outer_product_zip_and_fixed_values():
    a, b = Sweep("a", (1.0, 2.0)), Sweep("b", (10.0, 20.0))
    assert points([a, b]) == [{"a": 1, "b": 10}, {"a": 1, "b": 20}, {"a": 2, "b": 10},
                              {"a": 2, "b": 20}]
    assert points([a, b], zipped=True, fixed={"c": 0.5}) == [
        {"c": 0.5, "a": 1, "b": 10}, {"c": 0.5, "a": 2, "b": 20}]
    # the core's own words (the CLI words them with its flags: tests/cli/test_sweep_cli.py)
    with pytest.raises(ParameterError, match="^zipped needs sweeps of the same length, "
                                             "not a: 2, b: 1$") as err:
        points([a, Sweep("b", (1.0,))], zipped=True)
    assert err.value.for_flag("--zip").args[0].startswith("--zip needs sweeps")
    with pytest.raises(ParameterError, match="'a' is given twice") as err:
        points([a], fixed={"a": 1.0})
    assert err.value.parameter == "sweeps/fixed"


def test_a_sweep_of_ry_gives_cos_theta():
    """<Z> after ry(theta) on |0> is cos(theta): the reference is the formula."""
    sweep = parse_sweep("theta=0:2*pi:9")
    pts = points([sweep])
    item = Item("ry.qasm", RY, "ry.qasm")
    with Executor(workers=1) as ex:
        tasks = [(item.name, (item, SimSpec(observables=("Z0", "X0"), params=p))) for p in pts]
        reports = list(ex.map(simulate_task, tasks, total=len(tasks)))
    t = table(["theta"], pts, reports)
    assert t.kind == "expectation" and t.columns == ["Z0", "X0"]
    np.testing.assert_allclose([v[0] for _, v in t.rows], np.cos(sweep.values), atol=1e-6)
    np.testing.assert_allclose([v[1] for _, v in t.rows], np.sin(sweep.values), atol=1e-6)
    probs = table(["theta"], pts, [simulate_task(item, SimSpec(params=p)) for p in pts])
    assert probs.kind == "probability" and probs.columns == ["0", "1"]
    np.testing.assert_allclose([v[1] for _, v in probs.rows],
                               np.sin(np.array(sweep.values) / 2) ** 2, atol=1e-6)


def test_text_plot_puts_the_extremes_on_the_top_and_bottom_rows():
    xs = [k * 0.5 for k in range(9)]
    out = text_plot(xs, [math.cos(x) for x in xs], width=9, height=5, xlabel="theta").splitlines()
    assert out[0].startswith("       1 |*")  # cos(0) = 1 at the top left
    # the bottom row holds cos(2.5), cos(3.0), cos(3.5), all within a quarter of the range of -1
    assert [i for i, ch in enumerate(out[4].split("|")[1]) if ch == "*"] == [5, 6, 7]
    assert out[-1].strip().endswith("theta")


def test_expectation_mode_lists_no_outcomes_and_renders():
    from qtool.batch.sweep import point_mode
    from qtool.render.simulation import render_report, report_csv

    assert point_mode(None, None, None, ("Z0",)) == "expectation"
    assert point_mode(None, 100, None, ("Z0",)) is None  # counts asked for too
    assert point_mode("probabilities", None, None, ("Z0",)) == "probabilities"
    assert point_mode(None, None, None, ()) is None
    item = Item("ry.qasm", RY, "ry.qasm")
    r = simulate_task(item, SimSpec(mode="expectation", observables=("Z0", "0.5*X0 + Z0"),
                                    params={"theta": math.pi / 3}))
    assert r.mode == "expectation" and r.probabilities == {} and r.amplitudes == {}
    assert [e.value for _, e in r.expectations] == pytest.approx(
        [0.5, 0.5 * math.sin(math.pi / 3) + 0.5], abs=1e-6)  # <Z> = cos, <X> = sin
    doc = r.to_json()
    assert "probabilities" not in doc and "truncated" not in doc
    values = [e.value for _, e in r.expectations]
    assert report_csv(r).splitlines() == ["observable,value", f"Z0,{values[0]:.12g}",
                                          f"0.5*X0 + Z0,{values[1]:.12g}"]
    assert render_report(r) is not None
    # a Clifford point goes to stim under auto: the values alone there too
    clifford = simulate_task(item, SimSpec(mode="expectation", observables=("X0",),
                                           params={"theta": math.pi / 2}))
    assert "stim" in clifford.engine and clifford.mode == "expectation"
    assert clifford.probabilities == {} and clifford.expectations[0][1].value == \
        pytest.approx(1.0)
    with pytest.raises(QtoolError, match="needs at least one observable"):
        simulate_task(item, SimSpec(mode="expectation", params={"theta": 0.1}))
