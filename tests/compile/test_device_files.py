"""Malformed device JSON: a clear message naming the file and what was expected, exit 2,
no traceback (a user's typo must never look like a qtool bug)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from qtool.cli.main import app

from .helpers import SAMPLES

runner = CliRunner()


@pytest.mark.parametrize("text, needle", [
    ("[" * 100_000, "nested too deeply"),
    ('{"coupling": ' + "[" * 50_000 + "]" * 50_000 + "}", "nested too deeply"),
    ("{", "not JSON (line 1"),
    ("42", "expected a JSON object"),
    ("null", "got null"),
    ('"line:3"', "got str"),
    ('{"qubits": 3}', 'expected a "coupling" list'),
    ('{"coupling": {"0": 1}}', '"coupling" must be a list'),
    ('{"coupling": [[0, 1], [1]]}', "coupling entry 1 is [1]; expected [a, b] pairs"),
    ('{"coupling": [[0, "1"]]}', 'coupling entry 0 is [0, "1"]; expected [a, b] pairs'),
    ('{"coupling": [[0, 1.5]]}', "coupling entry 0 is [0, 1.5]"),
    ('{"coupling": [[0, true]]}', "coupling entry 0 is [0, true]"),
    ('{"coupling": [[0, -1]]}', "qubit numbers must be >= 0"),
    ('{"coupling": [[2, 2]]}', "joins two different qubits"),
    ('{"qubits": 3, "coupling": [[0, 1], [1, 7]]}',
     'coupling entry 1 is [1, 7], but the device has qubits 0..2 ("qubits": 3)'),
    ('{"qubits": -4, "coupling": [[0, 1]]}', '"qubits" must be a whole number 1..10000, got -4'),
    ('{"qubits": "5", "coupling": [[0, 1]]}', 'got "5"'),
    ('{"qubits": 2.0, "coupling": [[0, 1]]}', "got 2.0"),
    ('{"qubits": 99999999, "coupling": [[0, 1]]}', "1..10000"),
    ("[]", "the coupling list is empty"),
])
def test_malformed_device_json_exit_2(tmp_path, text, needle):
    f = tmp_path / "dev.json"
    f.write_text(text)
    r = runner.invoke(app, ["compile", str(SAMPLES / "bell.qasm"), "--device", str(f)])
    assert r.exit_code == 2, (r.exit_code, r.stderr)
    assert f"device file {f}:" in r.stderr
    assert needle in r.stderr, r.stderr
    assert "Traceback" not in r.stderr and "internal error" not in r.stderr.lower()
    assert r.stdout == ""


def test_not_utf8_device_file_exit_2(tmp_path):
    f = tmp_path / "dev.json"
    f.write_bytes(b"\xff\xfe[[0, 1]]")
    r = runner.invoke(app, ["compile", str(SAMPLES / "bell.qasm"), "--device", str(f)])
    assert r.exit_code == 2 and "cannot read" in r.stderr and str(f) in r.stderr


def test_good_device_file_routes(tmp_path):
    f = tmp_path / "dev.json"
    f.write_text('{"qubits": 3, "coupling": [[2, 1], [1, 0]]}')
    r = runner.invoke(app, ["compile", str(SAMPLES / "bell.qasm"), "--device", str(f)])
    assert r.exit_code == 0, r.stderr
    assert "qreg q[3];" in r.stdout
