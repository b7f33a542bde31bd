"""What an op is called on the status line and in the grid's boxes: the gate's name with
its angles (`Ry π/4`), and for a classically controlled op the condition it waits on
(`x if m1==1`). One place, so the grid, the status line and messages like "deleted ..."
name an op the same way.

    >>> from qtool.editor.model import Op
    >>> op_title(Op("Ry", (0,), (0.7853981633974483,)))
    'Ry(pi/4)'
"""

from __future__ import annotations

import re

import cirq
import sympy

from qtool.editor.model import Op
from qtool.gates import classify
from qtool.qasm.expr import format_angle

_BIT_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_]*?)_([0-9]+)")


def condition_bits(operation: cirq.Operation) -> dict[str, int]:
    """{measurement key: value it must have} of a classically controlled op ({} if none).

    Conditions qtool's reader makes are sympy equalities (`if (c == 1)`) or key conditions."""
    bits: dict[str, int] = {}
    for cond in getattr(operation, "classical_controls", ()) or ():
        if isinstance(cond, cirq.SympyCondition):
            terms = cond.expr.args if isinstance(cond.expr, sympy.And) else (cond.expr,)
            for t in terms:
                if isinstance(t, sympy.Eq):
                    sym, val = (t.lhs, t.rhs) if isinstance(t.lhs, sympy.Symbol) else (t.rhs, t.lhs)
                    bits[str(sym)] = int(val)
        elif isinstance(cond, cirq.KeyCondition):
            bits[str(cond.key)] = 1
    return bits


def condition_text(operation: cirq.Operation, cregs: dict[str, int] | None = None) -> str:
    """`c==1` when the condition fixes a whole declared register, else `c[0]==1 & ...`."""
    bits = condition_bits(operation)
    if not bits:
        return ""
    regs: dict[str, dict[int, int]] = {}
    loose = []
    for key, val in bits.items():
        m = _BIT_KEY.fullmatch(key)
        if m:
            regs.setdefault(m.group(1), {})[int(m.group(2))] = val
        else:
            loose.append(f"{key}=={val}")
    parts = []
    for reg, got in regs.items():
        size = (cregs or {}).get(reg)
        if size is not None and set(got) == set(range(size)):
            parts.append(f"{reg}=={sum(v << i for i, v in got.items())}")
        else:
            parts.extend(f"{reg}[{i}]=={v}" for i, v in sorted(got.items()))
    return " & ".join(parts + loose)


def user_gate(op: Op):
    """The qtool.qasm.usergate.UserGate of a `gate` definition's box (inside its condition,
    if any), else None."""
    from qtool.qasm.usergate import UserGate

    if op.raw is None:
        return None
    inner = op.raw.without_classical_controls() if condition_bits(op.raw) else op.raw
    gate = getattr(inner, "gate", None)
    return gate if isinstance(gate, UserGate) else None


def base_name(op: Op) -> str:
    """The gate's own name: the palette's, or the standard QASM name of a raw op's gate."""
    if op.raw is None:
        return op.name
    inner = op.raw.without_classical_controls() if condition_bits(op.raw) else op.raw
    user = user_gate(op)
    if user is not None:
        return str(user)
    if cirq.is_measurement(inner):
        return "measure"
    named = classify(inner.gate) if inner.gate is not None else None
    if named is not None:
        return named[0] + (f"({', '.join(format_angle(p) for p in named[1])})" if named[1] else "")
    return op.label or "gate"


def op_title(op: Op, cregs: dict[str, int] | None = None) -> str:
    """The op as the status line names it: `Ry(pi/4)`, `CX`, `x if m1==1`."""
    if op.name == "display":
        return f"{op.label} display"
    if op.name == "postselect":
        return f"post-selection on |{op.label}>"
    if op.raw is None:
        angles = f"({', '.join(format_angle(p) for p in op.params)})" if op.params else ""
        return op.name + angles
    cond = condition_text(op.raw, cregs)
    return base_name(op) + (f" if {cond}" if cond else "")


def angle_label(value: float) -> str:
    """An angle as short as a box allows: `π/4`, `-3π/8`, `0.3`, `1.23`."""
    text = format_angle(value)
    if "pi" in text:
        return text.replace("*pi", "π").replace("pi", "π")
    return f"{value:.3g}"


def box_label(op: Op, cregs: dict[str, int] | None = None) -> str:
    """What the grid writes in the op's box: the short name, its angles (`Ry π/4`,
    `P -3π/8`) and, for a classically controlled op, its condition (`X if c==1`)."""
    from qtool.editor.gates import CATALOG
    from qtool.editor.placed import KINDS

    if op.name == "display":
        return KINDS[op.label].label
    if op.name == "postselect":
        return f"post|{op.label}>"
    if op.raw is None:
        spec = CATALOG.get(op.name)
        name = spec.label if spec is not None else op.name
        return " ".join([name, *(angle_label(p) for p in op.params)])
    inner = op.raw.without_classical_controls() if condition_bits(op.raw) else op.raw
    named = classify(inner.gate) if inner.gate is not None else None
    user = user_gate(op)
    if user is not None:
        name = " ".join([user.name, *(angle_label(p) for p in user.params)])
    elif cirq.is_measurement(inner):
        name = "M"
    elif named is not None:
        name = " ".join([named[0].upper() if len(named[0]) == 1 else named[0],
                         *(angle_label(p) for p in named[1])])
    else:
        name = op.label or "?"
    cond = condition_text(op.raw, cregs)
    return f"{name} if {cond}" if cond else name


def raw_angles(operation: cirq.Operation) -> tuple[str, tuple[float, ...]] | None:
    """(standard name, angles) of a read op's gate (inside its condition, if any)."""
    from qtool.qasm.usergate import UserGate

    inner = operation.without_classical_controls() if condition_bits(operation) else operation
    if isinstance(inner.gate, UserGate):
        return inner.gate.name, inner.gate.params
    return classify(inner.gate) if inner.gate is not None else None


def with_angles(operation: cirq.Operation, values: tuple[float, ...]) -> cirq.Operation:
    """The same standard gate on the same qubits (and condition) with new angles."""
    from qtool.qasm.gates import standard_gate

    from qtool.qasm.usergate import UserGate

    name, _ = raw_angles(operation)
    conditions = tuple(getattr(operation, "classical_controls", ()) or ())
    inner = operation.without_classical_controls() if conditions else operation
    if isinstance(inner.gate, UserGate):  # a `gate` definition's box: its body re-expanded
        new = inner.gate.with_params(tuple(values)).on(*inner.qubits)
    else:
        new = standard_gate(name, tuple(values)).on(*inner.qubits)
    return new.with_classical_controls(*conditions) if conditions else new
