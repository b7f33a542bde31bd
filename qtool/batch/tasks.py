"""The task functions of a batch: one circuit (or one sweep point, one chunk of shots) each.

Pure and picklable: plain data in (an Item, a frozen spec), plain data out; no global
state, no files written, nothing printed. They raise QtoolError for bad input like the rest
of the core; `qtool.batch.guarded` turns that into a Failure for the batch's report. A user
can map them on their own Dask client:

    client.map(functools.partial(tasks.info_task), items)
"""

from __future__ import annotations

from dataclasses import dataclass, field

from qtool.batch.inputs import Item


def parse_item(item: Item, params: dict[str, float] | None = None):
    """An Item's program (OpenQASM or cirq JSON); errors name the real line of a stream."""
    from qtool.errors import QasmError

    if not params and item.first_line == 1:
        from qtool.qasm.load import parse_any

        return parse_any(item.text, item.source)
    from qtool.qasm.reader import parse_program

    try:
        return parse_program(item.text, item.source, params)
    except QasmError as exc:
        if item.first_line == 1:
            raise
        raise QasmError(exc.message, exc.filename, exc.line + item.first_line - 1, exc.column,
                        exc.source_line) from None


# ------------------------------------------------------------------ info
@dataclass(frozen=True)
class InfoResult:
    source: str
    qubit_names: list[str]
    metrics: object  # qtool.analysis.metrics.CircuitMetrics

    def to_json(self) -> dict:
        doc = {"source": self.source, "qubit_names": self.qubit_names}
        doc.update(self.metrics.to_dict())
        return doc


def info_task(item: Item) -> InfoResult:
    """`qtool info` of one circuit."""
    from qtool.analysis import circuit_metrics

    program = parse_item(item)
    m = circuit_metrics(program.circuit, program.qubits, len(program.clbits))
    return InfoResult(item.name, [str(q) for q in program.qubits], m)


# ------------------------------------------------------------------ compile
@dataclass(frozen=True)
class CompileSpec:
    target: str = "native"
    device: str = "all"
    level: int = 2
    verify: bool | None = None
    permute_qubits: bool = False
    seed: int = 0
    version: int = 2


@dataclass(frozen=True)
class CompileOutput:
    source: str
    qasm: str
    report: dict  # the qtool.compile/1 document of `--report json`
    summary: str
    permuted: str = ""  # the qubit relabelling of --permute-qubits, "" when none


def compile_task(item: Item, spec: CompileSpec) -> CompileOutput:
    """`qtool compile` of one circuit: its OpenQASM text and its report (nothing written)."""
    import cirq

    from qtool import qasm
    from qtool.compile import compile_circuit, parse_device
    from qtool.compile.report import qubit_name, summary, to_json

    dev = parse_device(spec.device)
    program = parse_item(item)
    result = compile_circuit(program.circuit, target=spec.target, device=dev, level=spec.level,
                             seed=spec.seed, verify=spec.verify,
                             permute_qubits=spec.permute_qubits)
    declared = program.qubits if dev.fully_connected else [cirq.LineQubit(i) for i in range(dev.n)]
    text = qasm.dumps(result.circuit, spec.version, qubits=declared, cregs=program.cregs)
    doc = to_json(result, item.name)
    doc["seed"] = spec.seed
    moves = ", ".join(f"{qubit_name(q)} -> {qubit_name(p)}"
                      for q, p in sorted(result.permuted.items())) if result.permuted else ""
    return CompileOutput(item.name, text, doc, summary(result, item.name), moves)


# ------------------------------------------------------------------ simulate
@dataclass(frozen=True)
class SimSpec:
    """What `qtool simulate` computes for one circuit (see qtool.sim.report.simulate_program)."""

    mode: str | None = None
    shots: int | None = None
    top: int | None = 1024
    observables: tuple[str, ...] = ()
    noise: str | None = None
    seed: int | None = None
    threads: int | None = None
    fusion: int = 4
    params: dict = field(default_factory=dict)
    engine: str = "auto"


def simulate_task(item: Item, spec: SimSpec):
    """`qtool simulate` of one circuit, or one sweep point (spec.params), or one chunk of
    shots (spec.shots, spec.seed): a qtool.sim.report.SimulationReport."""
    from qtool.sim import SimOptions
    from qtool.sim.report import simulate_program

    program = parse_item(item, spec.params or None)
    return simulate_program(program, item.name, mode=spec.mode, shots=spec.shots, top=spec.top,
                            observables=list(spec.observables) or None,
                            options=SimOptions(threads=spec.threads, fusion=spec.fusion,
                                               seed=spec.seed),
                            noise=spec.noise, engine_name=spec.engine)
