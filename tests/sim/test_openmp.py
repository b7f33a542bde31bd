"""qsim's OpenMP threads sleep, not spin, while they wait (qtool.sim.openmp): with one busy
process beside it, spinning made 2-thread qsim 2-17x slower than 1 thread on this machine."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import os
from qtool.sim.options import SimOptions
import cirq
q = cirq.LineQubit.range(2)
SimOptions(threads=2).simulator().simulate(cirq.Circuit(cirq.H(q[0]), cirq.CX(*q)))
print(os.environ.get("OMP_WAIT_POLICY"))
"""


def _policy_after_a_simulation(env_policy):
    env = {k: v for k, v in os.environ.items() if k != "OMP_WAIT_POLICY"}
    if env_policy is not None:
        env["OMP_WAIT_POLICY"] = env_policy
    env["PYTHONPATH"] = str(ROOT)
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True,
                         text=True, check=True)
    return out.stdout.split()[-1]


@pytest.mark.parametrize("given, expected", [(None, "PASSIVE"), ("ACTIVE", "ACTIVE")])
def test_simulations_set_passive_waits_unless_the_user_chose(given, expected):
    assert _policy_after_a_simulation(given) == expected


def test_qsimcirq_is_imported_only_through_the_wait_policy():
    """A bare `import qsimcirq` elsewhere could load libgomp before the policy is set."""
    offenders = []
    for folder in ("qtool", "tui", "benchmarks"):
        for path in (ROOT / folder).rglob("*.py"):
            if path.name == "openmp.py":
                continue
            for number, line in enumerate(path.read_text().splitlines(), 1):
                code = line.split("#")[0].strip()
                if code.startswith(("import qsimcirq", "from qsimcirq")):
                    offenders.append(f"{path.relative_to(ROOT)}:{number}")
    assert offenders == []
