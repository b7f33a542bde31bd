"""The memory guard: the least of MemAvailable, RLIMIT_AS headroom and the cgroup limit, a
humane size for any qubit count, and exit 3 instead of qsim's segfault."""

from __future__ import annotations

import os
import resource
import subprocess
import sys

import pytest

from qtool.sim import memory

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def qtool(*args, input=None, preexec_fn=None):
    env = dict(os.environ, PYTHONWARNINGS="ignore", PYTHONPATH=ROOT)
    return subprocess.run([sys.executable, "-m", "qtool", *map(str, args)], input=input,
                          capture_output=True, text=True, env=env, timeout=300,
                          preexec_fn=preexec_fn)


def wide(n: int) -> str:
    return f'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[{n}];\nh q;\n'


def limit_address_space(size=2_500_000_000):
    def apply():
        resource.setrlimit(resource.RLIMIT_AS, (size, size))
    return apply


def test_30_qubits_under_a_2_5_gb_address_space_limit_exit_3_not_a_segfault():
    """`prlimit --as=2500000000 qtool simulate` of 30 qubits: qsim crashed with exit 139."""
    r = qtool("simulate", "-", input=wide(30), preexec_fn=limit_address_space())
    assert r.returncode == 3, (r.returncode, r.stderr[-2000:])
    need = memory.state_bytes(30)
    assert need > 16 * 2 ** 30
    assert r.stderr.startswith("qtool: error: a 30-qubit state vector needs "
                               f"{memory.human(need)} ({need:,} bytes) to simulate; only ")
    assert "(RLIMIT_AS headroom)" in r.stderr and "Traceback" not in r.stderr


def test_a_small_circuit_still_runs_under_the_same_limit(samples):
    r = qtool("simulate", samples / "bell.qasm", "--seed", "1", "--json",
              preexec_fn=limit_address_space())
    assert r.returncode == 0, r.stderr[-2000:]
    assert '"counts"' in r.stdout


def test_2000_qubits_say_the_bytes_needed():
    """`qreg q[2000]` overflowed the formatter (OverflowError on a float of 2**2000)."""
    r = qtool("simulate", "-", input=wide(2000))
    assert r.returncode == 3, (r.returncode, r.stderr[-2000:])
    assert "a 2000-qubit state vector needs about 2.0 x 10^603 " \
           "bytes (2^2000 amplitudes) to simulate; only " in r.stderr, r.stderr
    assert "Traceback" not in r.stderr and "OverflowError" not in r.stderr


@pytest.mark.parametrize("n, words", [
    (20, f"{memory.human(memory.state_bytes(20))} ({memory.state_bytes(20):,} bytes)"), (40, "17.6 TiB (19,351,673,084,313 bytes)"),
    (64, "EiB ("), (65, "about 6.5 x 10^20 bytes (2^65 amplitudes)"),
    (10 ** 6, "about 1.7 x 10^301031 bytes (2^1000000 amplitudes)"),
])
def test_message_is_humane_for_any_size(n, words):
    with pytest.raises(memory.ResourceError) as info:
        memory.check_memory(n, available=1000)
    text = str(info.value)
    assert words in text and "only 1000 B is available" in text
    assert info.value.exit_code == 3


def test_state_bytes_follow_the_measured_budget():
    assert memory.state_bytes(26) == 16 * 2 ** 26 * 110 // 100 + memory.FIXED_BYTES
    assert memory.check_memory(10, available=10 ** 9) == memory.state_bytes(10)


def test_the_tightest_limit_wins(monkeypatch):
    monkeypatch.setattr(memory, "_meminfo_available", lambda: 8 << 30)
    monkeypatch.setattr(memory, "_rlimit_headroom", lambda: 3 << 30)
    monkeypatch.setattr(memory, "_cgroup_headroom", lambda: 1 << 30)
    assert memory.available_bytes() == 1 << 30
    with pytest.raises(memory.ResourceError, match=r"only 1\.0 GiB is available \(cgroup memory headroom\)"):
        memory.check_memory(26)
    monkeypatch.setattr(memory, "_cgroup_headroom", lambda: None)
    with pytest.raises(memory.ResourceError, match=r"only 3\.0 GiB is available \(RLIMIT_AS headroom\)"):
        memory.check_memory(28)


def test_rlimit_headroom_is_the_limit_minus_the_address_space_in_use():
    code = ("import resource; from qtool.sim import memory as m\n"
            "resource.setrlimit(resource.RLIMIT_AS, (4_000_000_000, resource.RLIM_INFINITY))\n"
            "print(m._rlimit_headroom(), m._vm_size())")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=dict(os.environ, PYTHONPATH=ROOT), check=True).stdout.split()
    room, used = map(int, out)
    assert used > 0 and room == 4_000_000_000 - used or abs(room + used - 4_000_000_000) < 1 << 20


def test_cgroup_v2_and_v1_limits(tmp_path):
    proc = tmp_path / "cgroup"
    proc.write_text("0::/user.slice/job\n")
    group = tmp_path / "user.slice" / "job"
    group.mkdir(parents=True)
    (group / "memory.max").write_text("2147483648\n")
    (group / "memory.current").write_text("536870912\n")
    (tmp_path / "user.slice" / "memory.max").write_text("max\n")
    assert memory._cgroup_headroom(str(tmp_path), str(proc)) == 2147483648 - 536870912
    (tmp_path / "user.slice" / "memory.max").write_text("1073741824\n")
    (tmp_path / "user.slice" / "memory.current").write_text("1073741000\n")
    assert memory._cgroup_headroom(str(tmp_path), str(proc)) == 824  # the parent is tighter
    v1 = tmp_path / "v1"
    (v1 / "memory" / "job").mkdir(parents=True)
    (v1 / "memory" / "job" / "memory.limit_in_bytes").write_text("1000000000\n")
    (v1 / "memory" / "job" / "memory.usage_in_bytes").write_text("400000000\n")
    proc.write_text("5:memory:/job\n")
    assert memory._cgroup_headroom(str(v1), str(proc)) == 600000000
    (v1 / "memory" / "job" / "memory.limit_in_bytes").write_text(str(2 ** 63 - 4096))
    assert memory._cgroup_headroom(str(v1), str(proc)) is None  # v1's "no limit"
