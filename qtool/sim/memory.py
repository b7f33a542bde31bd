"""The memory guard: refuse a state vector that cannot fit, before trying to allocate it."""

from __future__ import annotations

from qtool.errors import ResourceError

# qsim keeps a complex64 state; we hold at most one more copy (probabilities/amplitudes).
BYTES_PER_AMPLITUDE = 8
COPIES = 2


def state_bytes(num_qubits: int) -> int:
    """Bytes a simulation of `num_qubits` qubits needs (the state and one working copy)."""
    return COPIES * BYTES_PER_AMPLITUDE * (1 << num_qubits)


def available_bytes() -> int:
    """Memory the OS says is available now (MemAvailable), or physical memory as a fallback."""
    try:
        with open("/proc/meminfo") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    import os

    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")


def human(n: float) -> str:
    for unit in ("B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"):
        if n < 1024 or unit == "EiB":
            return f"{n:.1f} {unit}" if unit != "B" else f"{int(n)} B"
        n /= 1024
    return f"{n:.1f} EiB"


def check_memory(num_qubits: int, available: int | None = None) -> int:
    """Return the bytes needed, or raise ResourceError (exit 3) if they are not available."""
    need = state_bytes(num_qubits)
    have = available_bytes() if available is None else available
    if need > have:
        raise ResourceError(
            f"a {num_qubits}-qubit state vector needs {human(need)} ({need} bytes); "
            f"only {human(have)} is available"
        )
    return need
