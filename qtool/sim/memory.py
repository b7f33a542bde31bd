"""The memory guard: refuse a state vector that cannot fit, before trying to allocate it.

What fits is the least of three limits, each of which kills or crashes the process when
crossed (qsim segfaults when an allocation fails under RLIMIT_AS):

- MemAvailable in /proc/meminfo (the machine's free memory);
- RLIMIT_AS (`ulimit -v`, `prlimit --as`) minus the address space already in use (VmSize);
- the cgroup's memory limit (v2 memory.max - memory.current, v1 limit_in_bytes - usage).

What a simulation needs was measured (benchmarks/memory_guard.py, peak VmHWM and VmPeak of
`qtool simulate` at 20-28 qubits): qsim's complex64 state (8 bytes per amplitude) plus one
working array of the same size (probabilities, a Pauli-applied copy), and a fixed margin for
qsim's thread arenas and numpy's temporaries.
"""

from __future__ import annotations

import math
import os

from qtool.errors import ResourceError

BYTES_PER_AMPLITUDE = 16  # complex64 state (8) + one working array of at most 8 bytes/amplitude
MARGIN = 1.1  # measured peaks stay within 1.05x of 16 B/amplitude from 20 to 28 qubits
FIXED_BYTES = 256 << 20  # thread stacks, malloc arenas, numpy temporaries (virtual address space)


def state_bytes(num_qubits: int) -> int:
    """Bytes a simulation of `num_qubits` qubits needs at its peak (an exact int)."""
    return (BYTES_PER_AMPLITUDE << num_qubits) * int(MARGIN * 100) // 100 + FIXED_BYTES


def _describe_need(num_qubits: int) -> str:
    """state_bytes(num_qubits) for people, without building a huge integer."""
    if num_qubits <= 64:
        need = state_bytes(num_qubits)
        return f"{human(need)} ({need:,} bytes)"
    log10 = math.log10(BYTES_PER_AMPLITUDE * MARGIN) + num_qubits * math.log10(2)
    exponent = int(log10)
    mantissa = 10 ** (log10 - exponent)
    return f"about {mantissa:.1f} x 10^{exponent} bytes (2^{num_qubits} amplitudes)"


def _meminfo_available() -> int | None:
    try:
        with open("/proc/meminfo") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return None


def _vm_size() -> int:
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _rlimit_headroom() -> int | None:
    """RLIMIT_AS minus the address space in use, or None when unlimited."""
    try:
        import resource
    except ImportError:  # not Unix
        return None
    soft, _ = resource.getrlimit(resource.RLIMIT_AS)
    if soft == resource.RLIM_INFINITY or soft < 0:
        return None
    return max(0, soft - _vm_size())


def _read_int(path: str) -> int | None:
    try:
        with open(path) as fh:
            text = fh.read().strip()
    except OSError:
        return None
    if not text or text == "max":
        return None
    try:
        return int(text)
    except ValueError:
        return None


def _cgroup_headroom(root: str = "/sys/fs/cgroup", proc: str = "/proc/self/cgroup") -> int | None:
    """The cgroup's memory limit minus its usage (v2, else v1), or None without a limit."""
    try:
        with open(proc) as fh:
            entries = [line.rstrip("\n").split(":", 2) for line in fh if line.count(":") >= 2]
    except OSError:
        entries = []
    for hier, controllers, path in entries:
        if hier == "0" and controllers == "":  # v2 unified: check this group and its parents
            best = None
            parts = [p for p in path.split("/") if p]
            for depth in range(len(parts), -1, -1):
                folder = os.path.join(root, *parts[:depth])
                limit = _read_int(os.path.join(folder, "memory.max"))
                if limit is None:
                    continue
                used = _read_int(os.path.join(folder, "memory.current")) or 0
                room = max(0, limit - used)
                best = room if best is None else min(best, room)
            if best is not None:
                return best
    for hier, controllers, path in entries:
        if "memory" in controllers.split(","):
            for folder in (os.path.join(root, "memory", path.lstrip("/")), os.path.join(root, "memory")):
                limit = _read_int(os.path.join(folder, "memory.limit_in_bytes"))
                if limit is None or limit >= 1 << 60:  # v1 says "no limit" with a huge number
                    continue
                used = _read_int(os.path.join(folder, "memory.usage_in_bytes")) or 0
                return max(0, limit - used)
    return None


def limits() -> dict[str, int]:
    """Each memory limit that applies now, in bytes: {"MemAvailable": ..., "RLIMIT_AS": ...}."""
    found = {"MemAvailable": _meminfo_available(), "RLIMIT_AS headroom": _rlimit_headroom(),
             "cgroup memory headroom": _cgroup_headroom()}
    return {k: v for k, v in found.items() if v is not None}


def available_bytes() -> int:
    """The least of MemAvailable, RLIMIT_AS headroom and the cgroup's headroom."""
    found = limits()
    return min(found.values()) if found else 1 << 62


def human(n: int | float) -> str:
    """Bytes for people: '512 B', '1.5 GiB', '3.2 EiB'."""
    n = int(n)
    if n < 1024:
        return f"{n} B"
    for i, unit in enumerate(("KiB", "MiB", "GiB", "TiB", "PiB"), start=1):
        if n < 1024 ** (i + 1):
            return f"{n / 1024 ** i:.1f} {unit}"
    return f"{n / 1024 ** 6:,.1f} EiB"


def check_memory(num_qubits: int, available: int | None = None) -> int:
    """Return the bytes needed, or raise ResourceError (exit 3) if they are not available.

    The message says which limit is the tightest (MemAvailable, RLIMIT_AS headroom, cgroup
    memory headroom), and how many bytes the state needs for any qubit count.
    """
    if available is None:
        found = limits()
        which = min(found, key=found.get) if found else "memory"
        have = found[which] if found else 1 << 62
    else:
        have, which = available, "memory"
    if num_qubits > 64 or state_bytes(num_qubits) > have:
        raise ResourceError(
            f"a {num_qubits}-qubit state vector needs {_describe_need(num_qubits)} to simulate; "
            f"only {human(have)} is available ({which})")
    return state_bytes(num_qubits)
