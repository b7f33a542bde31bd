"""A classically conditioned gate is joined to a bit row under the qubits that names the
register it waits on (the grid has no classical wires otherwise), at both sizes."""

from __future__ import annotations

import pytest

from tests.tui.conftest import screen_text


@pytest.mark.parametrize("size", [(160, 50), (80, 24)])
async def test_conditioned_gates_point_at_their_register(new_app, settle, samples, size):
    app = new_app(samples / "teleportation.qasm")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        lines = screen_text(app).splitlines()
        bits = next(line for line in lines if line.lstrip("│ ").startswith("bits"))
        assert "═m1═" in bits and "═m0═" in bits
        row = lines.index(bits)
        x = bits.index("m1")
        assert lines[row - 1][x] == "║"  # the line from `X if m1==1` down to its register
        assert "X if m1==1" in "\n".join(lines[:row])
        await pilot.press("home", "H")  # an edit redraws the row
        await settle(pilot)
        assert any("═m0═" in line for line in screen_text(app).splitlines())


SIX_QUBITS = """OPENQASM 2.0;
include "qelib1.inc";
qreg q[6];
creg m[2];
h q[0];
cx q[0],q[1];
cx q[1],q[2];
cx q[2],q[3];
cx q[3],q[4];
cx q[4],q[5];
measure q[0] -> m[0];
measure q[1] -> m[1];
if(m==1) x q[5];
"""


async def test_last_qubit_brings_the_bit_row_into_view_at_80x24(new_app, settle, tmp_path):
    """Six qubits do not fit in 80x24: moving the cursor down to the last one scrolls the
    bit row (the condition's register) into view as well, not just the qubit's own line."""
    path = tmp_path / "six.qasm"
    path.write_text(SIX_QUBITS)
    app = new_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert not any(line.lstrip("│ ").startswith("bits") for line in screen_text(app).splitlines())
        await pilot.press(*["down"] * 5)
        await settle(pilot)
        lines = screen_text(app).splitlines()
        bits = next(line for line in lines if line.lstrip("│ ").startswith("bits"))
        assert "═m═" in bits
        assert any(line.lstrip("│ ").startswith("q5") and "X if m==1" in line for line in lines)
