"""After its first frame the app freezes the start-up heap, so the collector's full passes
(150-230 ms at 16 qubits, the edit-latency outliers) scan only what editing creates."""

from __future__ import annotations

import gc


async def test_the_heap_alive_at_the_first_frame_is_frozen(new_app, settle, samples):
    app = new_app(samples / "bell.qasm")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert gc.get_freeze_count() > 10_000  # cirq, textual and numpy's objects at least
