"""Mid-circuit measurement and classical control survive compilation: every `if` in the
output comes after the measurement of the bits it reads, and the output's distribution of
classical records equals the input's, on every device kind, target and level."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from qtool import qasm
from qtool.cli.main import app

from .helpers import SAMPLES, exact_bit_distribution

runner = CliRunner()
TELEPORT = (SAMPLES / "teleportation.qasm").read_text()
# The same protocol teleporting H T H |0>, a Clifford+T state (P(c2 = 1) = sin^2(pi/8)).
TELEPORT_CT = TELEPORT.replace("ry(pi/3) q[0];", "h q[0];\nt q[0];\nh q[0];")
TARGETS = ["native", "cz", "ibm", "sqrt-iswap", "clifford-t"]


@pytest.fixture(scope="module")
def json_device(tmp_path_factory):
    path = tmp_path_factory.mktemp("dev") / "bent.json"
    path.write_text(json.dumps({"qubits": 4, "coupling": [[3, 1], [1, 2], [2, 0]]}))
    return str(path)


def _check_order(text: str) -> None:
    measured: set[str] = set()
    conditions = 0
    for line in text.splitlines():
        m = re.match(r"measure \S+ -> (\w+)\[\d+\];", line)
        if m:
            measured.add(m.group(1))
        c = re.match(r"if \((\w+) ==", line)
        if c:
            conditions += 1
            assert c.group(1) in measured, f"{line!r} reads {c.group(1)} before it is measured"
    assert conditions >= 2


@pytest.mark.parametrize("level", [0, 1, 2, 3])
@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("device", ["line:3", "ring:3", "json", "all"])
def test_teleportation_keeps_measurements_before_conditions(device, target, level,
                                                            json_device):
    src = TELEPORT_CT if target == "clifford-t" else TELEPORT
    dev = json_device if device == "json" else device
    r = runner.invoke(app, ["compile", "-", "-d", dev, "-t", target, f"-O{level}",
                            "--seed", "3"], input=src)
    assert r.exit_code == 0, r.stderr
    _check_order(r.stdout)
    want = exact_bit_distribution(qasm.parse(src))
    got = exact_bit_distribution(qasm.parse(r.stdout))
    for k in set(want) | set(got):
        assert abs(want.get(k, 0) - got.get(k, 0)) < 1e-6, (k, want, got)
    # P(c2 = 1): the last bit of the record (keys c2, m0, m1 sorted: c2 is first).
    p1 = sum(p for k, p in got.items() if k[0] == "1")
    assert abs(p1 - (0.25 if target != "clifford-t" else 0.1464466)) < 1e-6


def test_shots_agree_on_line_device():
    """The user's view: sampled with a seed, the routed circuit gives P(c2=1) ~ 0.25."""
    r = runner.invoke(app, ["compile", str(SAMPLES / "teleportation.qasm"), "-d", "line:3"])
    assert r.exit_code == 0, r.stderr
    s = runner.invoke(app, ["simulate", "-", "--shots", "4000", "--seed", "1", "--json"],
                      input=r.stdout)
    assert s.exit_code == 0, s.stderr
    doc = json.loads(s.stdout)
    c2 = doc["bits"].index("c2_0")
    p1 = sum(n for k, n in doc["counts"].items() if k[c2] == "1") / 4000
    assert abs(p1 - 0.25) < 0.04, p1
