"""The energy <-> phase window: which evolution time maps the spectrum into one phase period.

U = exp(i pi) exp(i T (H - E_c)) has eigenphases phi = 1/2 + T (E - E_c) / 2 pi (mod 1).
By default E_c is the identity coefficient c_0 of H and T = 2 pi (1 - 2 margin) / (2 ||H'||_1),
with ||H'||_1 the sum of |c_k| over the non-identity Pauli terms: every eigenvalue lies in
[c_0 - ||H'||_1, c_0 + ||H'||_1], which then maps into [margin, 1 - margin]. The cut phi = 0
(where the circle wraps) sits in the middle of the unused gap, so an estimate slightly past
either end still decodes to an energy just outside the bound instead of aliasing to the far
end. Larger --time values zoom in (finer energy resolution) but may alias: `aliases` says so.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

DEFAULT_MARGIN = 0.125


@dataclass(frozen=True)
class PhaseWindow:
    center: float  # E_c: the energy at phase 1/2
    time: float  # T: the evolution time of one application of U

    def phase(self, energy):
        """Eigenphase in [0, 1) of U for an eigenvalue `energy` of H."""
        return np.mod(0.5 + self.time * (np.asarray(energy, dtype=float) - self.center) / (2 * math.pi), 1.0)

    def energy(self, phase):
        """The energy of a phase in [0, 1) (inverse of `phase` inside the window)."""
        return self.center + 2 * math.pi * (np.mod(np.asarray(phase, dtype=float), 1.0) - 0.5) / self.time

    @property
    def energy_per_phase(self) -> float:
        """dE/dphi: turns a phase error into an energy error."""
        return 2 * math.pi / self.time

    def aliases(self, lo: float, hi: float) -> bool:
        """True when [lo, hi] does not fit in one period, so some energies share a phase."""
        return (hi - lo) * self.time >= 2 * math.pi


BOUNDS = ("norm", "gershgorin")


def gershgorin_range(model) -> tuple[float, float]:
    """[min_i (H_ii - R_i), max_i (H_ii + R_i)] over the basis states i of the model's sector,
    R_i = sum_{j != i} |H_ij| within the sector (Gershgorin's discs): a bound on every energy
    of the sector from the Hamiltonian's matrix elements alone (O(terms x sector size) on a
    classical computer, no diagonalisation). The input states QPE gets (HF, eigenstates of the
    sector) have no weight outside the sector, so their eigenphases cannot alias. Tighter
    than the 1-norm bound where the mapping leaves many Pauli terms acting outside the sector
    (Jordan-Wigner: 33% at H2 0.1 A); about equal for tapered (scbk) Hamiltonians."""
    h = model.matrix()
    idx = np.arange(h.shape[0]) if model.sector is None else np.asarray(model.sector)
    block = h[np.ix_(idx, idx)]
    diag = np.real(np.diag(block))
    radius = np.sum(np.abs(block), axis=1) - np.abs(np.diag(block))
    return float(np.min(diag - radius)), float(np.max(diag + radius))


def energy_bound(model, bound: str = "norm") -> tuple[float, float]:
    """The energy range the default window maps: the Pauli 1-norm bound or Gershgorin's."""
    if bound == "gershgorin":
        return gershgorin_range(model)
    return model.identity_coefficient - model.one_norm, model.identity_coefficient + model.one_norm


def window_for(model, time: float | None = None, energy_range: tuple[float, float] | None = None,
               margin: float = DEFAULT_MARGIN, bound: str = "norm") -> PhaseWindow:
    """The window of `model`: from the Pauli 1-norm bound (default), Gershgorin's bound on
    the sector (bound="gershgorin") or a user's energy range [lo, hi] known to hold the
    energies of interest, mapped into [margin, 1 - margin]; an explicit evolution `time`
    overrides the scale (the center stays)."""
    if energy_range is not None:
        lo, hi = energy_range
        center = 0.5 * (lo + hi)
    elif bound == "gershgorin":
        lo, hi = gershgorin_range(model)
        center = 0.5 * (lo + hi)
    else:
        lo, hi = model.identity_coefficient - model.one_norm, model.identity_coefficient + model.one_norm
        center = model.identity_coefficient
    if time is None:
        time = 2 * math.pi * (1 - 2 * margin) / (hi - lo)
    return PhaseWindow(center=float(center), time=float(time))
