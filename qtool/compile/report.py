"""The machine-readable compile report (schema qtool.compile/1) and the one-line summary.

Mappings are logical qubit name -> physical index. Routed output lives on one register
`q` of the device's qubits, so index p is `q[p]`; unrouted output (device `all`) keeps the
input's registers and the mapping is the identity on the input's qubit order.
"""

from __future__ import annotations

import cirq

from qtool.compile.pipeline import CompileResult

SCHEMA = "qtool.compile/1"


def qubit_name(q: cirq.Qid) -> str:
    """OpenQASM-style name: `q[3]` for register qubits and LineQubits."""
    register, index = getattr(q, "register", None), getattr(q, "index", None)
    if register is not None and index is not None:
        return f"{register}[{index}]"
    if isinstance(q, cirq.LineQubit):
        return f"q[{q.x}]"
    return str(q)


def _mapping(result: CompileResult, which: dict) -> dict:
    if result.device.fully_connected:
        order = {q: i for i, q in enumerate(sorted(result.initial))}
        return {qubit_name(q): order[which[q]] for q in sorted(which)}
    return {qubit_name(q): int(p) for q, p in sorted(which.items())}


def to_json(result: CompileResult, source: str = "<stdin>") -> dict:
    return {
        "schema": SCHEMA,
        "input": source,
        "target": result.target,
        "level": result.level,
        "device": {"name": result.device.name, "qubits": result.device.n},
        "routed": not result.device.fully_connected,
        "before": result.before.to_json(),
        "after": result.after.to_json(),
        "swaps_inserted": result.swaps,
        "initial_mapping": _mapping(result, result.initial),
        "final_mapping": _mapping(result, result.final),
        "verification": result.verdict.to_json() if result.verdict else None,
        "seconds": round(result.seconds, 6),
        "pass_seconds": {k: round(v, 6) for k, v in result.timings.items()},
    }


def summary(result: CompileResult, source: str = "<stdin>") -> str:
    b, a = result.before, result.after
    parts = [
        f"{source}: {result.target} -O{result.level} on {result.device.name}",
        f"2q gates {b.two_qubit} -> {a.two_qubit}",
        f"ops {b.ops} -> {a.ops}",
        f"depth {b.depth} -> {a.depth}",
    ]
    if not result.device.fully_connected:
        parts.append(f"{result.swaps} swaps inserted")
    parts.append(f"{result.seconds:.3f} s")
    v = result.verdict
    if v is None:
        parts.append("not verified")
    elif v.method == "skipped":
        parts.append(f"NOT verified ({v.detail})")
    else:
        parts.append(f"verified ({v.method}, {v.qubits} qubits)")
    return "; ".join(parts)
