"""Text diagrams of circuits in blocks that fit a width (cirq draws one endless line)."""

from __future__ import annotations

import cirq


def diagram_blocks(circuit: cirq.AbstractCircuit, qubits, width: int,
                   use_unicode: bool = True) -> list[str]:
    """cirq's diagram split into chunks of whole moments, each at most `width` columns.

    A moment too wide on its own still gets a block of its own rather than being cut.
    """
    order = cirq.QubitOrder.explicit(list(qubits), fallback=cirq.QubitOrder.DEFAULT)
    moments = list(circuit.moments)
    if not moments:
        return [cirq.Circuit().to_text_diagram(qubit_order=order)]

    def draw(chunk):
        return cirq.Circuit(chunk).to_text_diagram(
            qubit_order=order, use_unicode_characters=use_unicode, include_tags=False)

    def wide(text):
        return max((len(line) for line in text.splitlines()), default=0)

    blocks, start = [], 0
    while start < len(moments):
        lo, hi = start + 1, len(moments)
        if wide(draw(moments[start:hi])) <= width:
            best = hi
        else:
            best = lo  # largest end with a diagram no wider than width, by bisection
            while lo <= hi:
                mid = (lo + hi) // 2
                if wide(draw(moments[start:mid])) <= width:
                    best, lo = mid, mid + 1
                else:
                    hi = mid - 1
        blocks.append(draw(moments[start:best]))
        start = best
    return blocks
