"""The whole `qtool synth` run: propose with the model, verify exactly, keep the shortest.

Discrete gate sets (unitaries): first a meet-in-the-middle lookup (mitm: every circuit of
up to 9 gates of genQC's set on 3 qubits, see MITM_DEPTH), whose hit is a proven shortest
circuit and ends the search. Otherwise S sampled circuits, each verified, and a residual
beam search with the same model (sample.residual_beam) that tries the meet-in-the-middle
lookup on every residual it keeps. Any exact circuit found is a candidate; the fewest
gates (then fewest two-qubit gates) wins.

Continuous gate sets: a beam search over CX skeletons in increasing CX count
(skelsearch), every level's children fitted in one batch (batchfit) and ranked by their
distance and the structure model's probability; the first level that reaches the target
gives the fewest CX found, translated to the gate set. When the CPU budget ends first, the
closest fit is returned (not exact).

The winner is written as OpenQASM and read back through qtool's reader and cirq's unitary
(an independent path from the numpy products the search used); that fidelity is the one
reported and the one that decides "exact".
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from qtool.errors import QtoolError
from qtool.ketgpt.tokenizer import statements_to_qasm
from qtool.synth import linalg
from qtool.synth.gatesets import GateSet
from qtool.synth.target import Target

DISCRETE_EXACT = 1 - 1e-9
# (family, qubits) -> (table depth, scan depth) of the meet-in-the-middle lookup: shortest
# circuits of up to depth + scan gates. genQC's set on 3 qubits: 204,176 table entries,
# 26,264 scanned per target, ~3 CPU s to build once per process. Clifford+T has 27
# placements on 3 qubits (genQC's 21): one level less.
MITM_DEPTH = {("genqc", 3): (5, 4), ("genqc", 2): (5, 4)}
MITM_DEFAULT = (4, 3)
CONTINUOUS_EXACT = 1 - 1e-6
# weight of the structure model's log10-probability against log10 of the fit's distance
# when the skeleton search ranks a level's children (skelsearch.search)
CONTINUOUS_MODEL_WEIGHT = 0.5


@dataclass
class Options:
    gateset: GateSet
    max_gates: int | None = None    # discrete: gates; continuous: CX
    samples: int = 256
    seed: int = 0
    beam_width: int = 16
    timeout: float = 20.0           # CPU seconds of search (load-independent; generic not counted)
    checkpoint: str | None = None   # default: the shipped one for the set
    use_model: bool = True          # False: the same search with an untrained model
    beam: bool = True
    mitm: bool = True               # discrete: the meet-in-the-middle table (exact shortest)
    model_weight: float | None = None   # continuous: None = CONTINUOUS_MODEL_WEIGHT; 0 = distance only


@dataclass
class Result:
    statements: list | None
    fidelity: float
    exact: bool
    threshold: float
    candidates: int
    seconds: float
    found_by: str
    qasm: str | None
    generic: list = field(default_factory=list)

    @property
    def gates(self) -> int | None:
        return None if self.statements is None else len(self.statements)

    @property
    def two_qubit(self) -> int | None:
        if self.statements is None:
            return None
        return sum(1 for _n, _p, q in self.statements if len(q) == 2)


@lru_cache(maxsize=4)
def load_model(kind: str, path: str | None):
    from qtool.synth import model as sm

    return sm.load(path or sm.SHIPPED[kind]).model


@lru_cache(maxsize=4)
def untrained_model(kind: str, seed: int = 0):
    """A model of the shipped size with random weights: the baseline of the benchmark."""
    import torch

    from qtool.synth import model as sm

    torch.manual_seed(seed)
    shipped = load_model(kind, None)
    m = sm.SynthModel(shipped.config, shipped.tok, shipped.in_dim)
    m.eval()
    return m


def check_request(target: Target, gs: GateSet) -> None:
    if gs.discrete and target.kind == "state":
        raise QtoolError("state targets need a continuous gate set (--gates u3,cx, rz,sx,cx "
                         "or cz) in this version")
    if gs.discrete and target.num_qubits > 3:
        raise QtoolError(f"discrete gate sets are searched for up to 3 qubits (the model "
                         f"was trained on 1-3); this target has {target.num_qubits}")


def verify_qasm(target: Target, qasm: str) -> float:
    """Fidelity of the written circuit, read back by qtool's reader (cirq unitary)."""
    import cirq

    from qtool.qasm import parse_program

    prog = parse_program(qasm, "<synth>")
    qubits = prog.qubits
    u = cirq.Circuit(prog.circuit).unitary(qubit_order=qubits, qubits_that_should_be_present=qubits)
    if target.kind == "unitary":
        return linalg.unitary_fidelity(target.array, u)
    return linalg.state_fidelity(target.array, u[:, 0])


def synthesize(target: Target, opts: Options) -> Result:
    """Search under the options' budget; torch runs one thread (the batches are small, and
    on a shared machine more threads spin against each other: 50x slower measured)."""
    import torch

    check_request(target, opts.gateset)
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        return _synthesize(target, opts)
    finally:
        torch.set_num_threads(threads)


def _synthesize(target: Target, opts: Options) -> Result:
    t0 = time.perf_counter()
    if opts.gateset.discrete:
        best, fid, cands, by = _discrete(target, opts, t0)
        threshold = DISCRETE_EXACT
    else:
        best, fid, cands, by = _continuous(target, opts, t0)
        threshold = CONTINUOUS_EXACT
    seconds = time.perf_counter() - t0
    qasm = None
    if best is not None:
        qasm = statements_to_qasm(target.num_qubits, best)
        fid = verify_qasm(target, qasm)
    return Result(best, fid, fid > threshold, threshold, cands, seconds, by, qasm)


def _model(kind: str, opts: Options):
    return load_model(kind, opts.checkpoint) if opts.use_model else untrained_model(kind)


def _discrete(target: Target, opts: Options, t0: float):
    from qtool.synth import bfs, sample

    gs, n = opts.gateset, target.num_qubits
    K = opts.max_gates if opts.max_gates is not None else 16
    model = _model("discrete", opts)
    family = f"u:{gs.family}"
    deadline = time.process_time() + opts.timeout
    found: list[tuple[list, str]] = []
    best_partial, best_fid = None, -1.0
    cands = 0
    if linalg.unitary_fidelity(np.eye(2 ** n), target.array) > DISCRETE_EXACT:
        return [], 1.0, 0, "identity"
    tab = None
    if opts.mitm:
        from qtool.synth import mitm

        depth, scan = MITM_DEPTH.get((gs.family, n), MITM_DEFAULT)
        depth = min(depth, K)               # no deeper than --max-gates asks for
        tab = mitm.table(tuple(gs.gates), n, depth, min(scan, K - depth))
        st = mitm.search(tab, target.array, K)
        cands += len(tab.scan_unitaries)
        if st is not None:
            return st, 1.0, cands, "meet-in-the-middle (shortest)"
    if opts.samples > 0:
        props = sample.sample_circuits(model, family, "unitary", target.array, n, gs.gates,
                                       opts.samples, K, opts.seed)
        cands += opts.samples
        for st, _lp in props:
            f = linalg.unitary_fidelity(target.array, linalg.circuit_unitary(n, st))
            if f > DISCRETE_EXACT:
                found.append((st, "sampling"))
            elif f > best_fid:
                best_partial, best_fid = st, f
    if opts.beam and time.process_time() < deadline:
        table = bfs.table(tuple(gs.gates), n, 3 if n >= 3 else 4)
        limit = min([K] + [len(st) - 1 for st, _ in found]) if found else K
        if limit >= 0:
            res = sample.residual_beam(model, family, target.array, n, gs.gates,
                                       opts.beam_width, limit, table, deadline, mitm_table=tab)
            cands += res.expanded
            if res.statements is not None and linalg.unitary_fidelity(
                    target.array, linalg.circuit_unitary(n, res.statements)) > DISCRETE_EXACT:
                found.append((res.statements, "residual beam"))
    if found:
        st, by = min(found, key=lambda f: (len(f[0]), sum(len(q) > 1 for _n, _p, q in f[0])))
        return st, 1.0, cands, by
    return best_partial, max(best_fid, 0.0), cands, "none"


def _continuous(target: Target, opts: Options, t0: float):
    from qtool.synth import batchfit, skelsearch, translate

    n, kind = target.num_qubits, target.kind
    K = opts.max_gates if opts.max_gates is not None else 8
    model = _model("continuous", opts)
    family = ("u:" if kind == "unitary" else "s:") + opts.gateset.family
    rng = np.random.default_rng(opts.seed)
    res = skelsearch.search(kind, target.array, n, K, opts.timeout, rng, model=model,
                            family=family, weight=CONTINUOUS_MODEL_WEIGHT
                            if opts.model_weight is None else opts.model_weight)
    fit = batchfit.to_fit(kind, res.best)
    statements = translate.to_gateset(n, fit, opts.gateset.name)
    by = (f"skeleton beam search ({res.fitted} skeletons, {res.members} fits)"
          if res.exact else "none")
    return statements, fit.fidelity, res.fitted, by
