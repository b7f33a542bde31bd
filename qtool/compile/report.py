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
        "relabel": result.relabel,
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
        f"T-count {b.t_count} -> {a.t_count}",
    ]
    if not result.device.fully_connected:
        parts.append(f"{result.swaps} swaps inserted")
    parts.append(f"{result.seconds:.3f} s")
    v = result.verdict
    if v is None:
        parts.append("not verified")
    elif v.method == "skipped":
        parts.append(f"NOT verified ({v.detail})")
    elif v.method == "random-states":
        # Evidence, not a proof: say so, and how to get the proof.
        parts.append(f"verified (random-states, {v.qubits} qubits; not a proof"
                     + ("; --verify proves it)" if v.qubits <= 12 else ")"))
    else:
        parts.append(f"verified ({v.method}, {v.qubits} qubits)")
    return "; ".join(parts)


def layout_comments(result: CompileResult) -> list[str]:
    """OpenQASM comment lines giving the layout, for output whose wires may hold other
    logical qubits than the input's (routed, or relabelled with --permute-qubits or under
    terminal measurements); none when the output acts on the input's qubits in place."""
    if result.device.fully_connected and not result.permuted:
        return []
    why = {"routed": f"routed onto {result.device.name}",
           "permute-qubits": "qubits relabelled (--permute-qubits)",
           "measured": "qubits relabelled (every qubit is measured at the end)"}
    def fmt(which: dict) -> str:
        return ", ".join(f"{k} -> q[{v}]" if not result.device.fully_connected else
                         f"{k} -> {qubit_name(sorted(result.initial)[v])}"
                         for k, v in _mapping(result, which).items())
    return [f"// qtool compile: {why.get(result.relabel, result.relabel)}; logical qubit -> "
            "output qubit",
            f"// initial layout: {fmt(result.initial)}",
            f"// final layout: {fmt(result.final)}"]


def with_header(text: str, comments: list[str]) -> str:
    """`text` (OpenQASM) with `comments` after its version and include lines."""
    if not comments:
        return text
    lines = text.split("\n")
    at = 1 + (len(lines) > 1 and lines[1].startswith("include"))
    return "\n".join(lines[:at] + comments + lines[at:])
