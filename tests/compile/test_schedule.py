"""The optimisation schedule is data (qtool.compile.schedule.LEVELS), target-specific steps
live on Target, and every pass honours cirq.TransformerContext (tags_to_ignore, deep)."""

import pathlib

import cirq
import pytest

from qtool.compile import compile_circuit, parse_device, schedule
from qtool.compile import targets as T
from qtool.compile.ops import count_2q
from qtool.compile.passes.cancel import cancel_self_inverse_pairs
from qtool.compile.passes.consolidate import consolidate_two_qubit_blocks
from qtool.compile.passes.decompose import decompose_multi_qubit
from qtool.compile.passes.drop import drop_negligible
from qtool.compile.passes.eject_z import eject_z
from qtool.compile.passes.merge_1q import merge_single_qubit_runs
from qtool.compile.schedule import LEVELS, Pass, Repeat
from qtool.errors import QtoolError

ROOT = pathlib.Path(__file__).resolve().parents[2]
KEEP = "keep"
CTX = cirq.TransformerContext(tags_to_ignore=(KEEP,))


def names(steps):
    out = []
    for step in steps:
        if isinstance(step, Repeat):
            out.append((f"repeat x{step.rounds}", names(step.steps)))
        else:
            out.append(step.name)
    return out


def test_the_schedule_per_level():
    assert sorted(LEVELS) == [0, 1, 2, 3]
    assert names(LEVELS[0]) == []
    assert names(LEVELS[1]) == ["drop", "merge_1q", ("repeat x1", ["cancel", "merge_1q"]),
                                "eject_z"]
    middle = ["cancel", "gather_consolidate", "merge_1q"]
    assert names(LEVELS[2]) == ["drop", "merge_1q", ("repeat x1", middle), "eject_z"]
    assert names(LEVELS[3]) == ["drop", "merge_1q", ("repeat x4", middle), "eject_z"]
    # Level 1 cancels adjacent pairs only; 2 and 3 also across commuting gates.
    assert LEVELS[1][2].steps[0] is schedule.CANCEL_ADJACENT
    assert LEVELS[2][2].steps[0] is schedule.CANCEL is LEVELS[3][2].steps[0]
    # Into the CZ world: decomposition only at 0 and 1; Toffoli polarity and phase
    # folding (on CNOT parities, before the rebase) at 2 and 3.
    assert names(schedule.EXPAND[0]) == names(schedule.EXPAND[1]) == ["decompose"]
    assert names(schedule.EXPAND[2]) == names(schedule.EXPAND[3]) == [
        "toffoli", "decompose", "phase_fold"]
    # At 2 and 3 every variant is also compiled with its SWAPs pushed.
    assert sorted(schedule.VARIANT_TAILS) == [2, 3]
    assert names(schedule.VARIANT_TAILS[2]) == names(schedule.VARIANT_TAILS[3]) == [
        "swap_push"]
    # At 3 only, each alternative expansion (Gray-synth grown forwards, then backwards) is
    # compiled too when it saves enough, and the cheapest result kept.
    assert sorted(schedule.ALTERNATIVES) == [3]
    assert [names(a) for a in schedule.ALTERNATIVES[3]] == [
        ["phase_poly"], ["phase_poly"], ["diagonal"], ["diagonal", "phase_poly"]]
    assert schedule.ALTERNATIVES[3][0][0] is schedule.PHASE_POLY
    assert schedule.ALTERNATIVES[3][1][0] is schedule.PHASE_POLY_BACK


def test_the_pipeline_compares_no_target_names():
    src = (ROOT / "qtool" / "compile" / "pipeline.py").read_text()
    assert ".name ==" not in src and ".name !=" not in src and ".name in" not in src
    # Target names appear only as the default argument and in the doctest.
    body = src.replace('target: str = "native"', "").replace('target="cz", level=2', "")
    for name in T.TARGET_NAMES:
        assert f'"{name}"' not in body, name


def _recording(log):
    def run(ops, ctx):
        log.append((ctx.level, len(ops)))
        return ops
    return Pass("recorder", run)


def test_a_pass_added_to_a_level_runs_there_only(monkeypatch):
    log = []
    monkeypatch.setitem(LEVELS, 2, LEVELS[2] + (_recording(log),))
    a, b = cirq.LineQubit.range(2)
    circuit = cirq.Circuit([cirq.H(a), cirq.CNOT(a, b), cirq.CNOT(a, b)])
    compile_circuit(circuit, target="cz", level=1)
    assert log == []
    result = compile_circuit(circuit, target="cz", level=2)
    assert [lvl for lvl, _ in log] == [2]
    assert "recorder" in result.timings
    # After routing the schedule runs a second time.
    log.clear()
    compile_circuit(circuit, target="cz", level=2, device=parse_device("line:2"))
    assert [lvl for lvl, _ in log] == [2, 2]


def test_a_pass_that_changes_the_circuit_is_used_and_verified(monkeypatch):
    # A (wrong) pass that drops every CZ: its output reaches the result, and verification
    # catches it, so the listed pass really is what runs.
    drop_cz = Pass("drop_cz", lambda ops, ctx: [op for op in ops if op.gate != cirq.CZ])
    monkeypatch.setitem(LEVELS, 3, (drop_cz,) + LEVELS[3])
    a, b = cirq.LineQubit.range(2)
    circuit = cirq.Circuit([cirq.H(a), cirq.CNOT(a, b)])
    result = compile_circuit(circuit, target="cz", level=3, verify=False)
    assert result.after.two_qubit == 0
    assert compile_circuit(circuit, target="cz", level=2).after.two_qubit == 1


def test_repeat_stops_when_the_count_stops_falling():
    calls = []

    def step(ops, ctx):
        calls.append(len(ops))
        return ops[:-1] if len(calls) < 3 else ops
    rep = Repeat((Pass("shrink", step),), rounds=10)
    a, b = cirq.LineQubit.range(2)
    ops = [cirq.CZ(a, b)] * 5
    ctx = schedule.PassContext(T.get_target("cz"), 3)
    out = schedule.run_steps(ops, (rep,), ctx)
    assert len(out) == 3 and len(calls) == 3


def test_consolidate_is_skipped_for_targets_that_keep_blocks():
    ctx = schedule.PassContext(T.get_target("clifford-t"), 2, timings={})
    a, b = cirq.LineQubit.range(2)
    ops = [cirq.CZ(a, b), cirq.H(a), cirq.CZ(a, b), cirq.H(a), cirq.CZ(a, b)]
    assert schedule.run_steps(ops, (schedule.CONSOLIDATE,), ctx) == ops
    assert "consolidate" not in ctx.timings
    ctx = schedule.PassContext(T.get_target("cz"), 2, timings={})
    out = schedule.run_steps(ops, (schedule.CONSOLIDATE,), ctx)
    assert count_2q(out) < 3 and "consolidate" in ctx.timings


# ------------------------------------------------------------ target-specific steps

def test_target_steps_are_attributes():
    native = T.get_target("native", [cirq.CNOT(*cirq.LineQubit.range(2))])
    assert native.as_written and not native.rebases(0) and native.rebases(1)
    assert T.get_target("cz").rebases(0)
    assert T.get_target("clifford-t").fallback_each
    assert not T.get_target("ibm").fallback_each
    a, b = cirq.LineQubit.range(2)
    cz = [cirq.CZ(a, b)]
    assert [op.gate for op in T.get_target("ibm").from_cz(cz)
            if len(op.qubits) == 2] == [cirq.CNOT]
    assert all(T.is_sqrt_iswap(op) for op in T.get_target("sqrt-iswap").from_cz(cz)
               if len(op.qubits) == 2)
    assert T.get_target("cz").from_cz(cz) == cz
    # native at level 0 keeps the input as written.
    ops = [cirq.H(a), cirq.CNOT(a, b)]
    assert native.translate(ops, 0) == ops


# ------------------------------------------------------------ TransformerContext

def _pair(make):
    """The same pattern untagged on qubits 0-2 and tagged KEEP on qubits 3-5."""
    q = cirq.LineQubit.range(6)
    plain = make(q[0], q[1], q[2], ())
    tagged = make(q[3], q[4], q[5], (KEEP,))
    return cirq.Circuit(plain + tagged), tagged


def _ops_on(circuit, qubits):
    return [op for op in circuit.all_operations() if set(op.qubits) <= set(qubits)]


def _unitary(ops, qubits):
    return cirq.Circuit([cirq.IdentityGate(len(qubits)).on(*qubits), *ops]).unitary()


def _tag(ops, tags):
    return [op.with_tags(*tags) for op in ops]


PATTERNS = {
    "cancel": (cancel_self_inverse_pairs,
               lambda a, b, c, t: _tag([cirq.CNOT(a, b), cirq.CNOT(a, b)], t)),
    "merge_1q": (merge_single_qubit_runs,
                 lambda a, b, c, t: _tag([cirq.H(a), cirq.T(a), cirq.H(a)], t)),
    "drop": (drop_negligible,
             lambda a, b, c, t: _tag([cirq.CZ(a, b) ** 1e-12, cirq.X(a)], t)),
    "eject_z": (eject_z,
                lambda a, b, c, t: _tag([cirq.Z(a), cirq.CZ(a, b), cirq.H(a)], t)),
    "consolidate": (consolidate_two_qubit_blocks,
                    lambda a, b, c, t: _tag([cirq.CZ(a, b), cirq.H(a), cirq.CZ(a, b),
                                             cirq.H(a), cirq.CZ(a, b), cirq.H(b),
                                             cirq.CZ(a, b)], t)),
    "decompose": (decompose_multi_qubit, lambda a, b, c, t: _tag([cirq.CCX(a, b, c)], t)),
}


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_each_pass_leaves_ignored_operations_alone(name):
    transformer, make = PATTERNS[name]
    circuit, tagged = _pair(make)
    q = cirq.LineQubit.range(6)
    plain_before = _ops_on(circuit, q[:3])
    # Without the context, both copies are optimised the same way.
    free = transformer(circuit)
    assert _ops_on(free, q[:3]) != plain_before
    assert len(_ops_on(free, q[3:])) == len(_ops_on(free, q[:3]))
    out = transformer(circuit, context=CTX)
    assert _ops_on(out, q[3:]) == tagged  # untouched, tags and all
    assert _ops_on(out, q[:3]) == _ops_on(free, q[:3])  # the untagged copy is optimised
    assert cirq.allclose_up_to_global_phase(_unitary(_ops_on(out, q[:3]), q[:3]),
                                            _unitary(plain_before, q[:3]), atol=1e-8)


def test_an_ignored_operation_is_a_fence():
    a, b = cirq.LineQubit.range(2)
    fence = cirq.Z(a).with_tags(KEEP)
    circuit = cirq.Circuit([cirq.CNOT(a, b), fence, cirq.CNOT(a, b)])
    # Z commutes with the CNOT's control, so the pair cancels across an untagged Z ...
    assert count_2q(cancel_self_inverse_pairs(circuit).all_operations()) == 0
    # ... but not across an ignored one.
    out = cancel_self_inverse_pairs(circuit, context=CTX)
    assert list(out.all_operations()) == [cirq.CNOT(a, b), fence, cirq.CNOT(a, b)]
    h = cirq.Circuit([cirq.H(a), cirq.X(a).with_tags(KEEP), cirq.H(a)])
    assert len(list(merge_single_qubit_runs(h, context=CTX).all_operations())) == 3


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_each_pass_goes_inside_circuit_operations_with_deep(name):
    transformer, make = PATTERNS[name]
    a, b, c = cirq.LineQubit.range(3)
    inner = cirq.Circuit(make(a, b, c, ()))
    op = cirq.CircuitOperation(inner.freeze()).with_tags("sub")
    circuit = cirq.Circuit([op])
    # Not deep: a CircuitOperation is left as it is.
    assert list(transformer(circuit).all_operations()) == [op]
    out = list(transformer(circuit, context=cirq.TransformerContext(deep=True))
               .all_operations())
    assert len(out) == 1 and isinstance(out[0].untagged, cirq.CircuitOperation)
    assert out[0].tags == ("sub",)
    assert out[0].untagged.circuit == transformer(inner).freeze()
    assert out[0].untagged.circuit != inner.freeze()
    # deep with the CircuitOperation itself ignored: untouched.
    ctx = cirq.TransformerContext(deep=True, tags_to_ignore=("sub",))
    assert list(transformer(circuit, context=ctx).all_operations()) == [op]


# ------------------------------------------------------------ compile_circuit(context=)

@pytest.mark.parametrize("target", T.TARGET_NAMES)
@pytest.mark.parametrize("device", ["all", "line:4"])
def test_compile_keeps_ignored_operations(target, device):
    a, b, c, d = cirq.LineQubit.range(4)
    keep = [cirq.CZ(c, d).with_tags(KEEP), cirq.CZ(c, d).with_tags(KEEP)]
    circuit = cirq.Circuit([cirq.H(a), cirq.CNOT(a, b), cirq.CNOT(a, b), *keep, cirq.H(c)])
    dev = parse_device(device)
    free = compile_circuit(circuit, target=target, level=2, device=dev)
    assert not any(KEEP in op.tags for op in free.circuit.all_operations())
    result = compile_circuit(circuit, target=target, level=2, device=dev, context=CTX)
    kept = [op for op in result.circuit.all_operations() if KEEP in op.tags]
    assert [op.gate for op in kept] == [cirq.CZ, cirq.CZ]
    assert kept[0].qubits == kept[1].qubits
    assert result.after.two_qubit == free.after.two_qubit + 2
    assert result.verdict.ok


def test_compile_refuses_deep():
    a = cirq.LineQubit(0)
    with pytest.raises(QtoolError, match="does not support context.deep.*unroll_circuit_op"):
        compile_circuit(cirq.Circuit(cirq.H(a)), context=cirq.TransformerContext(deep=True))


def test_compile_without_ignored_tags_is_unchanged():
    a, b = cirq.LineQubit.range(2)
    circuit = cirq.Circuit([cirq.H(a), cirq.CNOT(a, b).with_tags("other"), cirq.CNOT(a, b)])
    plain = compile_circuit(circuit, target="cz", level=2)
    ctx = compile_circuit(circuit, target="cz", level=2, context=CTX)
    assert list(plain.circuit.all_operations()) == list(ctx.circuit.all_operations())
    assert plain.after.two_qubit == 0
