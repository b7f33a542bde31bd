"""Which simulator runs a `qtool simulate` request: qsim, stim or cirq, and why.

`auto` (the default) sends a circuit to stim when stim can run every operation (Clifford
gates recognised exactly, measurements, resets, Paulis conditioned on one bit, Pauli noise)
and the request is one stim answers as qsim would: sampled counts, exact probabilities, or
Pauli expectations of a circuit with a final state. Everything else stays on qsim.
Amplitudes (`--state`) stay on qsim under auto: stim's tableau fixes the global phase its
own way (first nonzero amplitude real and positive), so only `--engine stim` asks for it.
"""

from __future__ import annotations

from dataclasses import dataclass

import cirq

from qtool.errors import ParameterError, QtoolError
from qtool.stimfmt.convert import NotStimError, StimForm

ENGINES = ("auto", "qsim", "stim", "cirq")


@dataclass
class Choice:
    engine: str  # "qsim" | "stim" | "cirq"
    reason: str  # why, for stderr and --json
    form: StimForm | None = None  # the stim circuit, when engine is stim


def measures(program) -> bool:
    """Whether the program measures, without building a stim file's cirq circuit."""
    read = getattr(program, "stim", None)
    if read is not None:
        return read.circuit.num_measurements > 0
    return program.circuit.has_measurements()


def has_annotations(program) -> bool:
    """A stim file with DETECTORs or observables: counts are over its observables."""
    read = getattr(program, "stim", None)
    return read is not None and (read.detectors > 0 or read.observables > 0)


def choose(program, requested: str, mode: str, noise: cirq.NoiseModel | None,
           observables) -> Choice:
    """The engine for this request; QtoolError when `requested` cannot serve it."""
    if requested not in ENGINES:
        raise QtoolError(f"unknown engine {requested!r}: expected one of {', '.join(ENGINES)}")
    if requested == "qsim":
        return Choice("qsim", "asked for")
    if requested == "cirq":
        return Choice("cirq", "asked for")
    if requested == "auto" and mode == "state":
        return Choice("qsim", "auto: amplitudes stay on qsim, whose global phase is the "
                              "circuit's (engine stim gives the tableau's state, first "
                              "nonzero amplitude real and positive)")
    from qtool.sim.clifford import form_of_program

    try:
        form = form_of_program(program, noise)
    except NotStimError as err:
        if requested == "stim":
            raise ParameterError.of_value("engine", "stim", f"cannot run this circuit: {err}; use {{engine}} qsim "
                              "(or auto, which picks qsim for it)", names=("engine",)) from None
        return Choice("qsim", f"auto: {err.what} is not something stim runs")
    blocker = _stim_blocker(program, noise, observables)
    if blocker is None:
        why = "every operation is Clifford" if requested == "auto" else "asked for"
        return Choice("stim", f"auto: {why}" if requested == "auto" else why, form)
    if requested == "stim":
        raise ParameterError.of_value("engine", "stim", blocker)
    return Choice("qsim", f"auto: {blocker}")


def _stim_blocker(program, noise, observables) -> str | None:
    """Why stim should not answer this request (None: it should)."""
    if observables:
        if noise is not None:
            return "an expectation value with noise is a trajectory average, which qsim computes"
        from qtool.sim.engine import no_final_state_reason

        reason = no_final_state_reason(program.circuit)
        if reason in ("a reset", "a mid-circuit measurement"):
            return f"an expectation value on a circuit with {reason} is a trajectory average, which qsim computes"
    return None
