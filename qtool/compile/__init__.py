"""Optimise, retarget and route circuits, with a proof of equivalence.

Entry points: compile_circuit (the pipeline), parse_device (device specs), the passes in
qtool.compile.passes, the SABRE router in qtool.compile.routing, check_equivalence.
"""

from qtool.compile.devices import ALL, Device, parse_device
from qtool.compile.pipeline import CompileResult, Stats, compile_circuit, verify_result
from qtool.compile.targets import TARGET_NAMES
from qtool.compile.verify import Verdict, check_equivalence

__all__ = ["ALL", "Device", "parse_device", "CompileResult", "Stats", "compile_circuit",
           "verify_result", "TARGET_NAMES", "Verdict", "check_equivalence"]
