"""The cost report of a QPE run: the deepest circuit compiled by qtool.compile to a target,
and the shots each estimator used.

The numbers a hardware user plans with: circuit qubits, depth and two-qubit gates after
`qtool compile --target T` (qtool.compile.compile_circuit at the given optimisation level,
all-to-all connectivity, no verification: the QPE circuits are simulated separately), and
the total shots (and controlled-U applications) per estimator.
"""

from __future__ import annotations

from qtool.errors import ParameterError, QtoolError

DEFAULT_TARGET = "cz"


def compiled_stats(circuit, target: str = DEFAULT_TARGET, level: int = 2, initial_state: bool = False) -> dict:
    """{target, level, qubits, depth, two_qubit, ops, prep_excluded, preparation} of `circuit`
    compiled to `target`.

    A generic state preparation (the exact ground state: one matrix gate named "prep") is left
    out and said so: its cost is that of whatever prepares the state on hardware, not of QPE,
    and the compiler does not synthesise unitaries on more than two qubits. On wider molecules
    (`initial_state`: the exact ground state enters as qsim's initial state) the circuit holds
    no preparation at all, so the figures are likewise QPE alone, and said so. Hartree-Fock
    inputs are X gates and counted. Raises QtoolError when the rest cannot be compiled (exact
    evolution on more than two system qubits)."""
    import cirq

    from qtool.compile.pipeline import compile_circuit

    ops = list(circuit.all_operations())
    kept = [op for op in ops if not (isinstance(op.gate, cirq.MatrixGate) and getattr(op.gate, "_name", None) == "prep")]
    try:
        result = compile_circuit(cirq.Circuit(kept), target=target, level=level, verify=False)
    except ValueError as exc:  # cirq: an operation the target's decomposition cannot reach
        raise ParameterError.of_value("target", target, f"cannot compile this QPE circuit ({str(exc)[:120]}); "
                          "use Trotter steps ({steps} > 0)", names=("steps",)) from None
    removed = len(kept) < len(ops)
    if initial_state:
        preparation = ("not in the circuit: the input state is the simulator's initial state; "
                       "the figures are QPE alone, without preparing the state")
    elif removed:
        preparation = "excluded: the input state's preparation (one matrix gate) is left out of the figures"
    else:
        preparation = "included: the input state is prepared by the counted gates (basis state: X gates)"
    return {"target": result.target, "level": level, **result.after.to_json(),
            "prep_excluded": removed or initial_state, "preparation": preparation}


def report(result, target: str = DEFAULT_TARGET, level: int = 2) -> dict:
    """The cost document of a QpeResult: compiled deepest circuit + per-estimator shots."""
    if result.deepest is None:
        raise QtoolError("internal: this QPE result kept no circuit to compile")
    compiled = compiled_stats(result.deepest, target, level, result.input_as_initial_state)
    per = {r["estimator"]: {"shots": r["shots"], "u_applications": r["u_applications"]} for r in result.rows()}
    return {"compiled": compiled, "uncompiled": {k: v for k, v in result.circuit.items()},
            "circuits_run": result.circuits_run, "estimators": per,
            "note": "the deepest circuit of the run; shots are each estimator's total over all its circuits"}
