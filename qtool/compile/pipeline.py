"""The compiler: decompose, optimise, place and route, translate to the target, verify.

    >>> import cirq
    >>> from qtool.compile import compile_circuit
    >>> a, b = cirq.LineQubit.range(2)
    >>> c = cirq.Circuit([cirq.CNOT(a, b), cirq.Z(a), cirq.CNOT(a, b)])
    >>> compile_circuit(c, target="cz", level=2).after.two_qubit
    0

Optimisation happens in a "CZ world" (CZ + single-qubit gates) whatever the target, so every
pass has one entangler to reason about; the target's gate set is produced at the end.
Levels: 0 translates only; 1 cancels adjacent inverse pairs and merges single-qubit runs;
2 adds commutation-aware cancellation and KAK resynthesis of two-qubit blocks (also after
routing, which absorbs SWAPs into neighbouring gates); 3 repeats to a fixed point and
searches more layouts.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import cirq

from qtool.compile import targets as T
from qtool.compile.devices import ALL, Device
from qtool.compile.ops import count_2q
from qtool.compile.passes.cancel import cancel_ops
from qtool.compile.passes.consolidate import (consolidate_ops, consolidate_with_permutation,
                                              cz_synth)
from qtool.compile.passes.decompose import decompose_ops
from qtool.compile.passes.drop import drop_negligible_ops
from qtool.compile.passes.eject_z import eject_z_ops
from qtool.compile.passes.merge_1q import merge_1q_ops, phxz_emit
from qtool.compile.routing.layout import place_and_route
from qtool.compile.verify import Verdict, check_equivalence
from qtool.errors import QtoolError, ResourceError, VerificationError

LEVELS = (0, 1, 2, 3)


@dataclass
class Stats:
    qubits: int
    ops: int
    two_qubit: int
    depth: int

    @classmethod
    def of(cls, circuit: cirq.AbstractCircuit) -> "Stats":
        """Sizes of `circuit`; depth is qtool's one definition (qtool.analysis.circuit_depth)."""
        from qtool.analysis.metrics import circuit_depth

        ops = list(circuit.all_operations())
        return cls(len(circuit.all_qubits()), len(ops), count_2q(ops), circuit_depth(circuit))

    def to_json(self) -> dict:
        return {"qubits": self.qubits, "ops": self.ops, "two_qubit": self.two_qubit,
                "depth": self.depth}


@dataclass
class CompileResult:
    circuit: cirq.Circuit
    target: str
    device: Device
    level: int
    before: Stats
    after: Stats
    initial: dict  # logical qubit -> output qubit
    final: dict
    swaps: int
    seconds: float
    verdict: Verdict | None = None
    timings: dict = field(default_factory=dict)
    full_initial: list | None = None  # virtual -> output qubit, ancillas included
    full_final: list | None = None

    @property
    def permuted(self) -> dict:
        """Logical qubit -> the output qubit holding it at the end, where that differs from
        where it started (non-empty only for unrouted output with permute_qubits)."""
        if not self.device.fully_connected:
            return {}
        return {q: self.final[q] for q in self.initial if self.final[q] != self.initial[q]}


def compile_circuit(circuit: cirq.AbstractCircuit, *, target: str = "native",
                    device: Device = ALL, level: int = 2, seed: int = 0,
                    verify: bool | None = None,
                    permute_qubits: bool = False) -> CompileResult:
    """Compile `circuit`. `verify=None` verifies when the circuit has <= 12 qubits.

    SWAP-like blocks are elided by relabelling qubits only where nobody can be misled:
    before routing onto a device (the router's final mapping carries the relabelling),
    when every qubit ends in a measurement (measurements follow their wires, so the
    classical record is the same), or when `permute_qubits` asks for it (then
    `result.final` may differ from the identity and the caller must say so). Otherwise
    the output acts on the input's qubits in the input's order.

    Raises QtoolError for bad input (unknown target or level, too many qubits for the
    device, a circuit the target cannot express), VerificationError if the check fails.
    """
    if level not in LEVELS:
        raise QtoolError(f"optimisation level must be 0..3, got {level}")
    start = time.perf_counter()
    timings: dict[str, float] = {}
    ops = list(circuit.all_operations())
    qubits = sorted(circuit.all_qubits())
    tgt = T.get_target(target, ops)
    if not device.fully_connected and len(qubits) > device.n:
        raise QtoolError(f"the circuit uses {len(qubits)} qubits but device {device.name} "
                         f"has only {device.n}")
    elide = permute_qubits or not device.fully_connected or _measured_at_end(ops, qubits)
    out, routed, moved = _run(ops, qubits, tgt, device, level, seed, timings, elide)
    t0 = time.perf_counter()
    result_circuit = cirq.Circuit(out)
    timings["build"] = time.perf_counter() - t0
    seconds = time.perf_counter() - start
    # `moved[q]`: the wire holding logical q after SWAPs elided before routing.
    if routed is None:
        initial = {q: q for q in qubits}
        final = {q: moved.get(q, q) for q in qubits}
        full_i = list(qubits)
        full_f = [final[q] for q in qubits]
    else:
        index = {q: i for i, q in enumerate(qubits)}
        initial = routed.initial
        final = {q: routed.final[moved.get(q, q)] for q in qubits}
        full_i = [cirq.LineQubit(p) for p in routed.full_initial]
        full_f = [cirq.LineQubit(p) for p in routed.full_final]
        for q in qubits:
            full_f[index[q]] = cirq.LineQubit(routed.full_final[index[moved.get(q, q)]])
    result = CompileResult(result_circuit, tgt.name, device, level, Stats.of(circuit),
                           Stats.of(result_circuit), initial, final,
                           routed.swaps if routed else 0, seconds, None, timings, full_i, full_f)
    if verify or (verify is None and len(qubits) <= 12):
        try:
            result.verdict = verify_result(circuit, result, seed=seed)
        except ResourceError as exc:
            if verify:
                raise ResourceError(f"verification refused: {exc}; compile without --verify, "
                                    "or where more memory is free") from None
            result.verdict = Verdict("skipped", len(qubits), True,
                                     f"not enough memory to verify: {exc}")
    return result


def verify_result(circuit, result: CompileResult, *, seed: int = 0) -> Verdict:
    """Check the result against its input; VerificationError (exit 1) when it differs."""
    qubits = sorted(circuit.all_qubits())
    t0 = time.perf_counter()
    verdict = check_equivalence(list(circuit.all_operations()), qubits,
                                list(result.circuit.all_operations()),
                                result.full_initial, result.full_final, seed=seed)
    result.timings["verify"] = time.perf_counter() - t0
    if not verdict.ok:
        raise VerificationError(
            f"VERIFICATION FAILED: the compiled circuit differs from the input "
            f"({verdict.method}: {verdict.detail}). This is a bug in qtool compile; "
            "please report it with the input circuit."
        )
    return verdict


def _measured_at_end(ops, qubits) -> bool:
    """True when the last operation on every qubit (barriers aside) is an unconditional
    measurement: the final state is then read out whole, and a relabelling is invisible."""
    from qtool.gates import is_barrier

    last: dict = {}
    for op in ops:
        if is_barrier(op):
            continue
        for q in op.qubits:
            last[q] = op
    return bool(qubits) and all(
        q in last and cirq.is_measurement(last[q]) and not last[q].classical_controls
        for q in qubits)


def _timed(timings, name, fn, *args, **kwargs):
    t0 = time.perf_counter()
    out = fn(*args, **kwargs)
    timings[name] = timings.get(name, 0.0) + time.perf_counter() - t0
    return out


def _run(ops, qubits, tgt: T.Target, device: Device, level, seed, timings, elide=True):
    """(ops, routing or None, moved): `moved` maps logical qubits to the wire holding them
    after SWAP elision (only where they differ)."""
    routed = None
    moved: dict = {}
    if level == 0 and tgt.name == "native" and device.fully_connected:
        return ops, None, moved
    ops = _timed(timings, "decompose", decompose_ops, ops)
    if not (level == 0 and tgt.name == "native"):
        ops = _timed(timings, "rebase", T.rebase_to_cz, ops, tgt.keep_foreign_2q)
    if level >= 1:
        ops, moved = optimise(ops, tgt, level, timings, elide=elide)
    if not device.fully_connected:
        routed = _timed(timings, "route", place_and_route, ops, qubits, device,
                        level=level, seed=seed)
        ops = routed.ops
        if not (level == 0 and tgt.name == "native"):
            ops = _timed(timings, "rebase", T.rebase_to_cz, ops, tgt.keep_foreign_2q)
        if level >= 1:
            ops, _ = optimise(ops, tgt, level, timings)
    ops = _timed(timings, "translate", finish, ops, tgt, level)
    return ops, routed, moved


def optimise(ops, tgt: T.Target, level: int, timings=None, elide: bool = False):
    """Level 1-3 optimisation in the CZ world (see module doc). Returns (ops, moved).

    With `elide` (before routing, level >= 2), SWAP-like blocks become relabellings and
    `moved[q]` says which wire holds qubit q at the end."""
    timings = {} if timings is None else timings
    moved: dict = {}
    native = (lambda op: True) if tgt.keep_foreign_2q else T.is_cz
    rounds = 4 if level >= 3 else 1
    ops = _timed(timings, "drop", drop_negligible_ops, ops, single_qubit=False)
    # Merging single-qubit runs first halves the list the other passes walk.
    ops = _timed(timings, "merge_1q", merge_1q_ops, ops, emit=phxz_emit, keep=_is_phxz)
    for _ in range(rounds):
        before = count_2q(ops)
        ops = _timed(timings, "cancel", cancel_ops, ops, commute=level >= 2)
        if level >= 2 and tgt.resynthesise and elide:
            ops, step = _timed(timings, "consolidate", consolidate_with_permutation, ops,
                               synth=cz_synth, is_native=native)
            moved = _compose(moved, step)
        elif level >= 2 and tgt.resynthesise:
            ops = _timed(timings, "consolidate", consolidate_ops, ops, synth=cz_synth,
                         is_native=native)
        ops = _timed(timings, "merge_1q", merge_1q_ops, ops, emit=phxz_emit, keep=_is_phxz)
        if count_2q(ops) >= before:
            break
    ops = _timed(timings, "eject_z", eject_z_ops, ops, emit=phxz_emit)
    return ops, moved


def _compose(first: dict, then: dict) -> dict:
    """q -> then(first(q)), keeping only qubits that end somewhere else."""
    keys = set(first) | set(then)
    out = {}
    for q in keys:
        mid = first.get(q, q)
        end = then.get(mid, mid)
        if end != q:
            out[q] = end
    return out


def _is_phxz(op) -> bool:
    return isinstance(op.gate, cirq.PhasedXZGate)


def finish(ops, tgt: T.Target, level: int) -> list:
    """Leave the CZ world: the target's entangler and single-qubit form."""
    ops = _finish(ops, tgt, level)
    if tgt.name == "native" or not any(op.classical_controls for op in ops):
        return ops
    out = []
    for op in ops:
        if not op.classical_controls:
            out.append(op)
            continue
        # A gate under a classical condition: translate the gate, keep the condition on
        # every piece (the pieces run together or not at all).
        inner = T.rebase_to_cz(decompose_ops([op.without_classical_controls()]))
        out.extend(o.with_classical_controls(*op.classical_controls)
                   for o in _finish(inner, tgt, 0))
    return out


def _finish(ops, tgt: T.Target, level: int) -> list:
    merge = level >= 1
    if tgt.name == "native":
        if level == 0:
            return ops
        if tgt.entangler == "cx":
            ops = T.cz_to_cx(ops)
        return merge_1q_ops(ops, emit=phxz_emit, keep=tgt.keep_1q)
    if tgt.name == "sqrt-iswap":
        ops = consolidate_ops(ops, synth=T.sqrt_iswap_synth, is_native=T.is_sqrt_iswap)
        return merge_1q_ops(ops, emit=phxz_emit, keep=tgt.keep_1q, merge=merge)
    if tgt.entangler == "cx":
        ops = T.cz_to_cx(ops)
    return merge_1q_ops(ops, emit=tgt.emit_1q, keep=tgt.keep_1q, merge=merge,
                        fallback_each=tgt.name == "clifford-t")
