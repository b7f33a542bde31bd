"""Clifford circuits on stim: sampled counts, detector statistics, exact states and Paulis.

A circuit whose every operation stim can run (qtool.stimfmt.convert decides, exactly) is
sampled by stim's compiled sampler, which needs no state vector: a 10,000-qubit GHZ state
samples in a fraction of a second. Results have qsim's form (counts over the same bits in
the same order); exact probabilities and amplitudes come from the tableau's state vector
and so still need 2^n amplitudes, guarded like qsim's. Pauli expectations are exact on
the tableau at any width.

A circuit read from a stim file runs as written: if it declares DETECTORs or observables,
counts are over its observables and the detection events are summarised.
"""

from __future__ import annotations

from dataclasses import dataclass

import cirq
import numpy as np
import stim

from qtool.errors import QtoolError
from qtool.sim.memory import check_memory
from qtool.stimfmt.convert import StimForm, to_stim

ENGINE_STIM = "stim"
BATCH_BITS = 1 << 28  # sampled bits held at once (256 MB as bools); more shots go in batches


@dataclass
class DetectorSummary:
    """What a detector sampler gives, summarised: counts over the observables' flips and
    how often detectors fired."""

    counts: dict[str, int]
    observables: list[str]
    detectors: int
    detection_events: int
    shots_with_events: int
    shots: int

    def to_json(self) -> dict:
        return {"detectors": self.detectors, "detection_events": self.detection_events,
                "shots_with_detection_events": self.shots_with_events,
                "detection_event_fraction": (self.detection_events / (self.detectors * self.shots)
                                             if self.detectors else 0.0)}


def form_of_program(program, noise: cirq.NoiseModel | None = None) -> StimForm:
    """The stim form of a Program: a stim file's own circuit (kept as written), else the
    conversion of its cirq circuit (with `noise` applied), NotStimError if not Clifford."""
    read = getattr(program, "stim", None)
    if read is not None and noise is None:
        last = {bit: [i] for i, bit in enumerate(read.record_bits)}
        return StimForm(read.circuit, sum(read.qregs.values()), list(read.record_bits), last)
    circuit = program.circuit
    if noise is not None:
        circuit = cirq.Circuit(circuit).with_noise(noise)
    return to_stim(circuit, program.qubits)


def _with_final_measurement(form: StimForm) -> tuple[StimForm, list[str]]:
    """Measure every qubit at the end (what qsim's path does for a circuit without
    measurements); the result has one key, "__all__"."""
    circuit = form.circuit.copy()
    first = circuit.num_measurements
    circuit.append("M", list(range(form.num_qubits)))
    last = dict(form.last_records)
    last["__all__"] = list(range(first, first + form.num_qubits))
    return StimForm(circuit, form.num_qubits, form.record_bits, last), ["__all__"]


def sample(form: StimForm, shots: int, seed: int | None, keys: list[str] | None) -> dict[str, int]:
    """Counts over `keys` (each key's bits from its last measurement; a key never measured
    reads 0), bitstrings in the order of `keys`, like qtool.sim.sample's."""
    if keys is None:
        form, keys = _with_final_measurement(form)
    columns = []
    for key in keys:
        columns.extend(form.last_records.get(key, [None]))
    sampler = form.circuit.compile_sampler(seed=seed)
    return _count_batches(lambda n: sampler.sample(n), shots, columns, form.circuit.num_measurements)


def _count_batches(draw, shots: int, columns: list[int | None], width: int) -> dict[str, int]:
    per_batch = max(1, BATCH_BITS // max(1, width))
    identity = columns == list(range(width))
    picks = np.array([c if c is not None else 0 for c in columns], dtype=np.int64)
    zeros = np.array([c is None for c in columns])
    totals: dict[bytes, int] = {}
    done = 0
    while done < shots:
        n = min(per_batch, shots - done)
        bits = draw(n)
        if not identity:
            bits = bits[:, picks] if len(picks) else np.zeros((n, 0), dtype=bool)
            if zeros.any():
                bits[:, zeros] = False
        _add_rows(bits, totals)
        done += n
    return _as_counts(totals, len(columns))


def _add_rows(bits: np.ndarray, totals: dict[bytes, int]) -> None:
    """Count distinct rows of a (shots, width) bool array by their packed bytes."""
    shots, width = bits.shape
    if width == 0:
        totals[b""] = totals.get(b"", 0) + shots
        return
    packed = np.packbits(bits, axis=1)  # first bit most significant: byte order = string order
    rows = np.ascontiguousarray(packed).view(np.dtype((np.void, packed.shape[1]))).ravel()
    values, counts = np.unique(rows, return_counts=True)
    for v, c in zip(values, counts):
        key = v.tobytes()
        totals[key] = totals.get(key, 0) + int(c)


def _as_counts(totals: dict[bytes, int], width: int) -> dict[str, int]:
    out = {}
    for key in sorted(totals):
        bits = np.unpackbits(np.frombuffer(key, dtype=np.uint8))[:width]
        out[(bits + ord("0")).astype(np.uint8).tobytes().decode()] = totals[key]
    return out


def sample_detectors(circuit: stim.Circuit, shots: int, seed: int | None) -> DetectorSummary:
    """Sample detection events and observable flips; counts over the observables."""
    sampler = circuit.compile_detector_sampler(seed=seed)
    d, o = circuit.num_detectors, circuit.num_observables
    per_batch = max(1, BATCH_BITS // max(1, d + o))
    totals: dict[bytes, int] = {}
    events = with_events = done = 0
    while done < shots:
        n = min(per_batch, shots - done)
        dets, obs = sampler.sample(n, separate_observables=True, bit_packed=True)
        events += int(np.bitwise_count(dets).sum(dtype=np.int64))
        with_events += int(np.count_nonzero(dets.any(axis=1)))
        _add_rows(np.unpackbits(obs, axis=1, count=o, bitorder="little").astype(bool), totals)
        done += n
    names = [f"obs_{i}" for i in range(o)]
    return DetectorSummary(_as_counts(totals, o), names, d, events, with_events, shots)


def tableau_state(form: StimForm) -> np.ndarray:
    """The state vector (complex64, first qubit most significant) of a unitary Clifford
    circuit, exact; its global phase is stim's (the first nonzero amplitude is real and
    positive), which can differ from qsim's by a phase."""
    check_memory(form.num_qubits)
    sim = stim.TableauSimulator()
    sim.set_num_qubits(form.num_qubits)
    sim.do_circuit(form.circuit)
    return np.asarray(sim.state_vector(endian="big"), dtype=np.complex64)


def expectation(form: StimForm, observable: cirq.PauliSum, order) -> float:
    """<O> on the final state of a unitary Clifford circuit, exactly, at any width: each
    Pauli term's expectation on a stabilizer state is +1, -1 or 0."""
    sim = stim.TableauSimulator()
    sim.set_num_qubits(form.num_qubits)
    sim.do_circuit(form.circuit)
    index = {q: i for i, q in enumerate(order)}
    codes = {cirq.X: 1, cirq.Y: 2, cirq.Z: 3}
    total = 0.0
    for term in observable:
        coef = complex(term.coefficient)
        pauli = stim.PauliString(form.num_qubits)
        for q, p in term.items():
            if q not in index:
                raise QtoolError(f"the observable acts on {q}, which is not a qubit of the circuit")
            pauli[index[q]] = codes[p]
        total += coef.real * sim.peek_observable_expectation(pauli) if term else coef.real
    return float(total)
