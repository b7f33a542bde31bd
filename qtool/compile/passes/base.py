"""What every pass shares: fences for ignored operations, and the cirq-transformer entry point.

Passes are list functions `(ops, ...) -> ops`. Two rules of cirq's transformer API
(`cirq.TransformerContext`) hold for all of them, here rather than in each pass:

* `tags_to_ignore`: an operation carrying any of these tags is left exactly as it is, and
  nothing is merged, cancelled or moved across it on its qubits. `fenced` swaps each such
  operation for an opaque non-unitary placeholder on the same qubits (which every pass
  already treats as a fence, like a measurement), runs the pass, and puts the original back.
  A pass that relabels later qubits (SWAP elision) relabels the placeholder; the original is
  then moved to the same qubits, its gate and tags untouched.
* `deep`: a `cirq.CircuitOperation` has no gate, so passes never look inside it (it is a
  fence). With `deep=True` the transformer entry point runs the pass on the circuit inside
  each CircuitOperation too (recursively), keeping the CircuitOperation itself.

Each pass module's `@cirq.transformer` entry point is `apply_to_circuit(circuit, context, fn)`.
"""

from __future__ import annotations

from typing import Callable, Hashable, Iterable

import cirq


class _Fence(cirq.Gate):
    """Stand-in for an ignored operation while a pass runs: no unitary, so a fence."""

    def __init__(self, n: int, index: int):
        self._n = n
        self.index = index

    def _num_qubits_(self) -> int:
        return self._n

    def _has_unitary_(self) -> bool:
        return False

    def __repr__(self) -> str:
        return f"_Fence({self._n}, {self.index})"


def is_ignored(op: cirq.Operation, tags: Iterable[Hashable]) -> bool:
    return bool(op.tags) and not set(op.tags).isdisjoint(tags)


def fenced(ops, tags_to_ignore: Iterable[Hashable], fn: Callable[[list], list]) -> list:
    """fn(ops) with every operation tagged with one of `tags_to_ignore` kept as it is."""
    tags = tuple(tags_to_ignore)
    ops = list(ops)
    if not tags:
        return fn(ops)
    originals: list[cirq.Operation] = []
    shielded = []
    for op in ops:
        if is_ignored(op, tags):
            shielded.append(_Fence(len(op.qubits), len(originals)).on(*op.qubits))
            originals.append(op)
        else:
            shielded.append(op)
    if not originals:
        return fn(ops)
    out = []
    for op in fn(shielded):
        gate = op.gate
        if isinstance(gate, _Fence):
            orig = originals[gate.index]
            if op.qubits != orig.qubits:
                orig = orig.transform_qubits(dict(zip(orig.qubits, op.qubits)))
            out.append(orig)
        else:
            out.append(op)
    return out


def apply_to_circuit(circuit: cirq.AbstractCircuit, context: cirq.TransformerContext | None,
                     fn: Callable[[list], list]) -> cirq.Circuit:
    """Run the list function `fn` on `circuit` under `context` (see the module doc)."""
    context = context or cirq.TransformerContext()
    ops = list(circuit.all_operations())
    if context.deep:
        ops = [_inside(op, context, fn) for op in ops]
    return cirq.Circuit(fenced(ops, context.tags_to_ignore, fn))


def _inside(op: cirq.Operation, context, fn) -> cirq.Operation:
    sub = op.untagged
    if not isinstance(sub, cirq.CircuitOperation) or is_ignored(op, context.tags_to_ignore):
        return op
    inner = apply_to_circuit(sub.circuit, context, fn).freeze()
    return sub.replace(circuit=inner).with_tags(*op.tags)

