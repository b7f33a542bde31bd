"""`qtool synth`: the shortest verified circuit for a target unitary or state.

Thin: options in, qtool.synth.search.synthesize, output out. Imports only typer and the
stdlib at module level; torch, cirq and numpy load inside the command.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from qtool.cli.common import JsonOpt, OutOpt, SeedOpt, cli_command, note, print_json, resolve_seed

SCHEMA = "qtool.synth/1"
EXIT_NOT_EXACT = 4


def register(app: typer.Typer) -> None:
    app.command("synth")(synth_cmd)


@cli_command
def synth_cmd(
    unitary: Annotated[Optional[str], typer.Option("--unitary", metavar="FILE",
                       help="Target unitary: .npy, .json or an OpenQASM circuit ('-' = stdin).")] = None,
    state: Annotated[Optional[str], typer.Option("--state", metavar="FILE",
                     help="Target state: .npy, .json, or a circuit's output state from |0..0>.")] = None,
    circuit: Annotated[Optional[str], typer.Option("--circuit", metavar="FILE",
                       help="Target: the unitary of this OpenQASM circuit.")] = None,
    gates: Annotated[str, typer.Option("--gates", help="Gate set: genqc (h,cx,z,x,ccx,swap), "
                     "clifford+t, u3,cx, rz,sx,cx, cz (cz with u3).")] = "u3,cx",
    max_gates: Annotated[Optional[int], typer.Option("--max-gates", min=0,
                         help="Most gates (discrete sets, default 16) or CX (continuous, "
                              "default 8) a candidate may have.")] = None,
    samples: Annotated[int, typer.Option("--samples", min=0,
                       help="Candidates sampled from the model (discrete sets; continuous "
                            "sets run the skeleton beam search).")] = 256,
    beam: Annotated[int, typer.Option("--beam", min=0,
                    help="Residual beam width (discrete sets; 0: no beam search).")] = 16,
    timeout: Annotated[float, typer.Option("--timeout", min=0.0,
                       help="Seconds of search before giving up (exit 4).")] = 20.0,
    generic: Annotated[bool, typer.Option("--generic/--no-generic",
                       help="Also run cirq's/Qiskit's generic synthesis, side by side.")] = True,
    checkpoint: Annotated[Optional[Path], typer.Option("--checkpoint", "-m",
                          help="Model checkpoint (default: the shipped one for the set).")] = None,
    seed: SeedOpt = None,
    json_out: JsonOpt = False,
    out: OutOpt = None,
) -> None:
    """Synthesise a short verified circuit for a target unitary or state with a conditioned transformer (exit 4: none exact).

    The circuit is printed as OpenQASM on stdout; its figures and generic synthesis's go to
    stderr (or --json).

    Exit 0: the circuit is exact (fidelity up to global phase > 1 - 1e-9 for discrete
    sets, > 1 - 1e-6 after angle refinement for continuous ones). Exit 4: the budget ran
    out; the best circuit found is still printed, with its fidelity.

    Example: qtool synth --circuit samples/bell.qasm --gates genqc --seed 0
    """
    from qtool.errors import QtoolError

    given = [(flag, v) for flag, v in (("--unitary", unitary), ("--state", state),
                                       ("--circuit", circuit)) if v is not None]
    if len(given) != 1:
        raise QtoolError("give exactly one target: --unitary FILE, --state FILE or --circuit FILE")
    flag, source = given[0]

    from qtool.io import atomic_write, write_stdout
    from qtool.synth.gatesets import parse_gateset
    from qtool.synth.search import Options, synthesize
    from qtool.synth.target import read_target

    gs = parse_gateset(gates)
    target = read_target("state" if flag == "--state" else "unitary", source)
    seed = resolve_seed(seed, announce=not json_out)
    opts = Options(gateset=gs, max_gates=max_gates, samples=samples, seed=seed,
                   beam_width=beam, beam=beam > 0, timeout=timeout,
                   checkpoint=str(checkpoint) if checkpoint else None)
    result = synthesize(target, opts)
    side = []
    if generic:
        from qtool.synth.generic import generic as run_generic

        side = [{k: v for k, v in g.items() if k != "ops"}
                for g in run_generic(target.kind, target.array, target.num_qubits)]
    if out is not None and result.qasm is not None:
        atomic_write(out, result.qasm)
    doc = {
        "schema": SCHEMA, "target": {"kind": target.kind, "qubits": target.num_qubits,
                                     "source": target.source},
        "bit_order": "qubit 0 is the leftmost bit of a matrix or state index",
        "gates": gs.name, "exact": result.exact, "fidelity": result.fidelity,
        "threshold": result.threshold, "gate_count": result.gates,
        "two_qubit_count": result.two_qubit, "candidates": result.candidates,
        "seconds": round(result.seconds, 3), "found_by": result.found_by, "seed": seed,
        "qasm": result.qasm, "generic": side,
    }
    if json_out:
        print_json(doc)
    else:
        if out is None and result.qasm is not None:
            write_stdout(result.qasm)
        status = "exact" if result.exact else "NOT exact (budget ended)"
        note(f"synth: {status}: fidelity {result.fidelity:.12f}, {result.gates} gates, "
             f"{result.two_qubit} two-qubit, {result.candidates} candidates, "
             f"{result.seconds:.2f}s, found by {result.found_by}")
        for g in side:
            note(f"generic: {g['method']}: {g['two_qubit']} two-qubit, {g['gates']} gates, "
                 f"{g['seconds']:.3f}s")
    if not result.exact:
        if not json_out:
            note(f"no exact circuit within the budget (exit {EXIT_NOT_EXACT}); best fidelity "
                 f"{result.fidelity:.9f}")
        raise typer.Exit(EXIT_NOT_EXACT)
