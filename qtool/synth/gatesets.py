"""The gate sets `qtool synth --gates` accepts, and which trained model family serves each.

Discrete sets are searched gate by gate (every gate is a token); continuous sets share one
structure model that proposes where the CX gates go, with a one-qubit gate after each CX
on both its qubits and one on every qubit at the start (the "template"): any circuit with
that CX skeleton is one setting of the one-qubit angles, found by `refine`. The one-qubit
layers are then written in the set's own one-qubit gates (`translate`).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from qtool.errors import QtoolError


@dataclass(frozen=True)
class GateSet:
    name: str
    gates: tuple[str, ...]         # gate names as KetGPT's tokenizer spells them
    discrete: bool
    family: str                    # the model family token (without `u:` / `s:`)
    two_qubit: str = "cx"          # the entangling gate counted as "2q" in the report

    def describe(self) -> str:
        return ",".join(self.gates)


GENQC = GateSet("genqc", ("h", "cx", "z", "x", "ccx", "swap"), True, "genqc")
CLIFFORD_T = GateSet("clifford+t", ("h", "s", "sdg", "t", "tdg", "x", "z", "cx"), True,
                     "clifford+t")
U3_CX = GateSet("u3,cx", ("u3", "cx"), False, "cx")
RZ_SX_CX = GateSet("rz,sx,cx", ("rz", "sx", "cx"), False, "cx")
CZ_1Q = GateSet("cz,u3", ("u3", "cz"), False, "cx", two_qubit="cz")

GATESETS = {g.name: g for g in (GENQC, CLIFFORD_T, U3_CX, RZ_SX_CX, CZ_1Q)}
ALIASES = {
    "h,cx,z,x,ccx,swap": "genqc", "clifford+t": "clifford+t", "clifford_t": "clifford+t",
    "u3,cx": "u3,cx", "cx,u3": "u3,cx", "rz,sx,cx": "rz,sx,cx", "cz": "cz,u3",
    "cz,u3": "cz,u3", "u3,cz": "cz,u3", "cz+1q": "cz,u3",
}


def parse_gateset(text: str) -> GateSet:
    """A gate set from `--gates`: a name (genqc, clifford+t, u3,cx, rz,sx,cx, cz) or the
    list of its gates in any order."""
    key = text.strip().lower().replace(" ", "")
    if key in GATESETS:
        return GATESETS[key]
    if key in ALIASES:
        return GATESETS[ALIASES[key]]
    wanted = frozenset(key.split(","))
    for g in GATESETS.values():
        if frozenset(g.gates) == wanted:
            return g
    raise QtoolError(f"unknown gate set {text!r}; known: genqc (h,cx,z,x,ccx,swap), "
                     "clifford+t, u3,cx, rz,sx,cx, cz (cz with u3)")


def placements(gates, n: int) -> list:
    """Every distinct statement of the parameter-free `gates` on n qubits (one order of
    symmetric qubits): the moves of the discrete searches (mitm, bfs, residual beam)."""
    from qtool.ketgpt.tokenizer import GATES

    out = []
    for g in gates:
        n_params, arity = GATES[g]
        if n_params or arity > n:
            continue
        for qs in itertools.permutations(range(n), arity):
            if g in ("swap", "cz") and qs[0] > qs[1]:
                continue
            if g in ("ccx", "cswap") and qs[0] > qs[1]:
                continue
            out.append((g, (), qs))
    return out
