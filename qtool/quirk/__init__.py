"""Quirk (algassert.com/quirk) links both ways, for the gates Quirk and OpenQASM share.

Quirk keeps a circuit in its URL: `https://algassert.com/quirk#circuit=` and a JSON document
`{"cols": [[gate per row, ...], ...]}` (1 = an empty cell, "•" a control, "H", "X",
"Z^½", {"id": "Rzft", "arg": "..."}, "Measure", ...). The conversion is cirq's own interop
(cirq.contrib.quirk for writing, cirq.quirk_json_to_circuit for reading), wrapped with
qtool's errors and with the rows and classical bits made into OpenQASM registers
(q[0..n-1]; a Quirk measurement of row i writes c[i]).

    >>> import cirq
    >>> a, b = cirq.LineQubit.range(2)
    >>> quirk_json(cirq.Circuit(cirq.H(a), cirq.CNOT(a, b)))
    {'cols': [['H'], ['•', 'X']]}
"""

from __future__ import annotations

import json
import re
import urllib.parse

import cirq

from qtool.errors import QtoolError

URL_PREFIX = "https://algassert.com/quirk#circuit="
_URL = re.compile(r"^\s*https?://(www\.)?algassert\.com/quirk#circuit=(?P<json>.*)\s*$", re.S)


def _plain(circuit: cirq.AbstractCircuit) -> cirq.Circuit:
    """The circuit on LineQubits by row (qubit i of the sorted qubits is Quirk's row i),
    without barriers (Quirk has none)."""
    from qtool.gates import is_barrier

    qubits = sorted(circuit.all_qubits())
    rows = {q: cirq.LineQubit(i) for i, q in enumerate(qubits)}
    kept = cirq.Circuit(cirq.Moment(op for op in m if not is_barrier(op)) for m in circuit)
    return kept.transform_qubits(lambda q: rows[q])


def quirk_json(circuit: cirq.AbstractCircuit) -> dict:
    """Quirk's JSON document of `circuit`; QtoolError for what Quirk cannot show
    (classically controlled gates, reset, symbolic angles)."""
    from cirq.contrib.quirk import circuit_to_quirk_url

    for op in circuit.all_operations():
        if isinstance(op, cirq.ClassicallyControlledOperation):
            raise QtoolError(f"Quirk has no classically controlled gates (found {op})")
        if isinstance(op.gate, cirq.ResetChannel):
            raise QtoolError(f"Quirk has no reset (found {op})")
    try:
        url = circuit_to_quirk_url(_plain(circuit), prefer_unknown_gate_to_failure=False,
                                   escape_url=False)
    except (ValueError, TypeError) as exc:
        raise QtoolError(f"cannot write this circuit as a Quirk link: {exc}") from None
    return json.loads(url.split("#circuit=", 1)[1])


def quirk_url(circuit: cirq.AbstractCircuit) -> str:
    """The Quirk link of `circuit` (its JSON, URL-escaped)."""
    text = json.dumps(quirk_json(circuit), separators=(",", ":"), ensure_ascii=False)
    return URL_PREFIX + urllib.parse.quote(text, safe="")


def looks_like_quirk(text: str) -> bool:
    """A Quirk URL, or JSON whose top level has "cols" (and no cirq_type)."""
    if _URL.match(text):
        return True
    stripped = text.lstrip()
    if not stripped.startswith("{"):
        return False
    try:
        doc = json.loads(text)
    except ValueError:
        return False
    return isinstance(doc, dict) and "cols" in doc and "cirq_type" not in doc


def parse_quirk(text: str, filename: str = "<string>"):
    """A Quirk URL or JSON document -> qtool.qasm.Program (register q, one bit c[i] per
    measured row); QtoolError naming what Quirk gate could not be read."""
    from qtool.qasm import Program, RegisterQubit

    m = _URL.match(text)
    body = urllib.parse.unquote(m.group("json")) if m else text
    try:
        doc = json.loads(body)
    except ValueError as exc:
        raise QtoolError(f"{filename}: not Quirk JSON: {exc}") from None
    try:
        circuit = cirq.quirk_json_to_circuit(doc)
    except (ValueError, TypeError, KeyError) as exc:
        raise QtoolError(f"{filename}: cannot read this Quirk circuit: {exc}") from None
    n = max((q.x + 1 for q in circuit.all_qubits()), default=1)
    qubits = {cirq.LineQubit(i): RegisterQubit("q", i, 0) for i in range(n)}
    measured = set()

    def bits(op):
        if isinstance(op.gate, cirq.MeasurementGate):
            out = []
            for q in op.qubits:
                measured.add(q.x)
                out.append(cirq.measure(qubits[q], key=f"c_{q.x}"))
            return out
        return op.transform_qubits(qubits)

    circuit = cirq.Circuit(circuit.map_operations(bits)) if circuit else cirq.Circuit()
    cregs = {"c": n} if measured else {}
    return Program(circuit, {"q": n}, cregs)
