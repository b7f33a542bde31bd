"""`qtool bench clifford`: qtool's Clifford path against stim's own sampler, in one run.

Each row times one step with time.perf_counter (one run each: these are seconds-long
steps, not microbenchmarks). Ratios compare qtool with stim's sampler on the same circuit
in the same process, so the machine's speed cancels out.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

SCHEMA = "qtool.bench.clifford/1"


@dataclass
class Row:
    case: str
    step: str
    seconds: float
    note: str = ""


@dataclass
class Report:
    rows: list[Row] = field(default_factory=list)
    ratios: dict[str, float] = field(default_factory=dict)

    def add(self, case, step, seconds, note=""):
        self.rows.append(Row(case, step, seconds, note))
        return seconds

    seed: int | None = None

    def to_json(self) -> dict:
        return {"schema": SCHEMA, "seed": self.seed, "rows": [r.__dict__ for r in self.rows], "ratios": self.ratios}


def _timed(fn):
    t = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t


def surface_code(report: Report, distance: int, rounds: int, shots: int, noise: float,
                 seed: int, qasm_shots: int) -> None:
    """A stim-format surface code through `qtool simulate`'s core vs stim's detector
    sampler; then the same circuit (noise-free) as OpenQASM: read, convert, sample."""
    from qtool import qasm
    from qtool.qec.codes import circuit
    from qtool.sim import SimOptions
    from qtool.sim.report import simulate_program
    from qtool.stimfmt.convert import to_stim

    case = f"surface d={distance} r={rounds} stim file, {shots} shots"
    text = str(circuit("surface", distance, rounds, noise))
    program, t = _timed(lambda: qasm.parse_any(text, "s.stim"))
    report.add(case, "read (start-up)", t, f"{len(text) / 1e6:.1f} MB of stim text")
    ref = circuit("surface", distance, rounds, noise)

    from qtool.sim.clifford import BATCH_BITS

    batch = max(1, BATCH_BITS // (ref.num_detectors + ref.num_observables))

    def stim_own():  # in the batches qtool uses, so both hold the same memory at once
        sampler = ref.compile_detector_sampler(seed=seed)
        for start in range(0, shots, batch):
            sampler.sample(min(batch, shots - start), separate_observables=True, bit_packed=True)

    _, t_stim = _timed(stim_own)
    report.add(case, "stim compile_detector_sampler().sample", t_stim,
               f"bit-packed, {batch} shots a call")
    _, t_ours = _timed(lambda: simulate_program(program, "s.stim", engine_name="auto", shots=shots,
                                                options=SimOptions(seed=seed)))
    report.add(case, "qtool simulate (auto -> stim)", t_ours)
    report.ratios[f"surface d={distance} r={rounds}: qtool / stim sampler"] = t_ours / t_stim

    case = f"surface d={distance} r={rounds} OpenQASM, {qasm_shots} shots"
    from qtool.circuits.qec import qec_cirq

    cq, m = qec_cirq("surface", distance, rounds)
    qtext = qasm.dumps(cq, cregs={"c": m})
    prog, t_read = _timed(lambda: qasm.parse_program(qtext))
    report.add(case, "read OpenQASM", t_read, f"{len(qtext) / 1e6:.1f} MB, "
                                             f"{sum(1 for _ in prog.circuit.all_operations())} ops")
    form, t_conv = _timed(lambda: to_stim(prog.circuit, prog.qubits))
    report.add(case, "convert cirq -> stim", t_conv)
    _, t_samp = _timed(lambda: form.circuit.compile_sampler(seed=seed).sample(qasm_shots, bit_packed=True))
    report.add(case, "sample (stim)", t_samp)
    _, t_ref = _timed(lambda: ref.without_noise().compile_sampler(seed=seed).sample(qasm_shots, bit_packed=True))
    report.add(case, "stim compile_sampler().sample on stim's own circuit", t_ref)
    report.add(case, "total", t_read + t_conv + t_samp)


def ghz(report: Report, qubits: int, shots: int, seed: int, with_qsim: bool = False) -> None:
    from qtool import circuits, qasm
    from qtool.sim import SimOptions
    from qtool.sim.report import simulate_program

    case = f"ghz {qubits} qubits, {shots} shots"
    text, t = _timed(lambda: qasm.dumps(circuits.generate("ghz", qubits, measure=True)))
    report.add(case, "qtool gen ghz", t)
    program, t = _timed(lambda: qasm.parse_program(text))
    report.add(case, "read OpenQASM", t)
    rep, t = _timed(lambda: simulate_program(program, engine_name="auto", shots=shots,
                                             options=SimOptions(seed=seed)))
    report.add(case, f"simulate (auto -> {rep.engine})", t)
    if with_qsim:
        rep, t_q = _timed(lambda: simulate_program(program, engine_name="qsim", shots=shots,
                                                   options=SimOptions(seed=seed)))
        report.add(case, "simulate (qsim)", t_q)
        report.ratios[f"ghz {qubits}: qsim / stim"] = t_q / t


def reader_profile(report: Report, gates: int, qubits: int, seed: int) -> None:
    """A random Clifford OpenQASM file of `gates` gates: reading it, and converting it."""
    import numpy as np

    from qtool import qasm
    from qtool.stimfmt.convert import to_stim

    rng = np.random.default_rng(seed)
    names = ["h", "s", "sdg", "x", "cx", "cz"]
    picks = rng.integers(len(names), size=gates)
    a = rng.integers(qubits, size=gates)
    b = (a + 1 + rng.integers(qubits - 1, size=gates)) % qubits
    lines = [f'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[{qubits}];']
    for k, i, j in zip(picks, a, b):
        n = names[k]
        lines.append(f"{n} q[{i}],q[{j}];" if n in ("cx", "cz") else f"{n} q[{i}];")
    text = "\n".join(lines) + "\n"
    case = f"random Clifford OpenQASM, {gates} gates on {qubits} qubits"
    prog, t = _timed(lambda: qasm.parse_program(text))
    report.add(case, "read OpenQASM", t, f"{len(text) / 1e6:.1f} MB")
    _, t = _timed(lambda: to_stim(prog.circuit, prog.qubits))
    report.add(case, "convert cirq -> stim", t)
