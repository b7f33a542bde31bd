"""The stim and cirq halves of `qtool simulate` (qtool.sim.report.simulate_program).

Same report, same bit order, same meaning as the qsim path: only the engine differs.
"""

from __future__ import annotations

import cirq
import numpy as np

from qtool.errors import ParameterError, ResourceError
from qtool.sim import clifford, engine
from qtool.sim.engines import has_annotations, measures
from qtool.sim.memory import check_memory
from qtool.sim.options import SimOptions
from qtool.sim.pauli import pauli_sum_on
from qtool.stimfmt.convert import StimForm, to_stim

DEFAULT_SHOTS = 1024


def _unitary_form(program) -> StimForm:
    """The stim form of the circuit without its terminal measurements (NoFinalStateError
    when it has no single final state)."""
    return to_stim(engine.unitary_part(program.circuit), program.qubits)


def _check_state_fits(n: int) -> None:
    """check_memory's refusal (exit 3), with the way out stim offers."""
    try:
        check_memory(n)
    except ResourceError as err:
        raise ResourceError(f"{err}. This circuit is Clifford: stim samples it without a state "
                            "vector, so drop --probs/--state and pass --shots N") from None


def simulate_on_stim(program, report, form: StimForm, shots: int | None, top, observables,
                     options: SimOptions):
    report.engine = clifford.ENGINE_STIM
    qubits = program.qubits
    n = len(qubits)
    if report.mode == "counts":
        report.shots = shots or DEFAULT_SHOTS
        if has_annotations(program) and report.noise is None:
            summary = clifford.sample_detectors(form.circuit, report.shots, options.seed)
            report.counts, report.bits = summary.counts, summary.observables
            report.detectors = summary.to_json()
        else:
            keys = program.clbits if measures(program) else None
            report.counts = clifford.sample(form, report.shots, options.seed, keys)
            if keys is not None:
                report.bits = list(keys)
    elif report.mode != "expectation":
        _check_state_fits(n)
        state = clifford.tableau_state(_unitary_form(program))
        from qtool.sim.report import list_outcomes

        # A stabilizer state's nonzero amplitudes all have magnitude 2^(-k/2): the exact
        # probabilities are 2^-k, which float32 holds exactly (|amplitude|^2 would round).
        support = state != 0
        exact = np.where(support, np.float32(1.0 / np.count_nonzero(support)), np.float32(0))
        list_outcomes(report, state, top, n, exact.astype(np.float32))
    if observables:
        unitary = _unitary_form(program)
        for obs in observables:
            value = clifford.expectation(unitary, pauli_sum_on(obs, qubits), qubits)
            report.expectations.append((obs, engine.Estimate(value)))
    return report


def simulate_on_cirq(program, report, shots: int | None, top, observables, options: SimOptions,
                     noise: cirq.NoiseModel | None):
    """cirq.Simulator for everything (a reference, and what runs where qsim cannot)."""
    report.engine = "cirq"
    circuit, qubits = program.circuit, program.qubits
    check_memory(len(qubits))
    if report.mode == "counts":
        report.shots = shots or DEFAULT_SHOTS
        body = engine.read_unmeasured_bits_as_zero(circuit)
        if body.has_measurements():
            keys = program.clbits
            report.bits = list(keys)
        else:
            body.append(cirq.measure(*qubits, key="__all__"))
            keys = ["__all__"]
        samples = engine._sample_cirq(body, report.shots, options, keys, noise)
        report.counts = samples.counts
    state = None
    if report.mode != "counts" or observables:
        if noise is not None:
            raise ParameterError.of_value("engine", "stim", "an expectation value with noise is a trajectory "
                                          "average: use {engine} qsim", names=("engine",))
        sim = cirq.Simulator(seed=options.seed, dtype=np.complex64)
        result = sim.simulate(engine.unitary_part(circuit), qubit_order=qubits)
        state = np.asarray(result.final_state_vector, dtype=np.complex64)
    if report.mode in ("probabilities", "state"):
        from qtool.sim.report import list_outcomes

        list_outcomes(report, state, top, len(qubits))
    for obs in observables or ():
        value = engine.expectation(circuit, obs, options, qubits, state)
        report.expectations.append((obs, engine.Estimate(value)))
    return report
