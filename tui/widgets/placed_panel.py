"""The displays placed in the circuit, each drawn in full: probabilities as bars, amplitudes,
Bloch spheres (braille art beside the numbers), density matrices (magnitude and phase of
every entry) and chances. The grid shows where each one sits; this tab shows their values
(qtool.inspect.placed), live after every edit."""

from __future__ import annotations

import cmath
import math

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from tui.widgets.bloch_art import sphere
from tui.widgets.histogram import bar, number

EMPTY = ("no displays in the circuit yet: g places one at the cursor (on the selection's "
         "qubits when there is one): probability, amplitude, bloch, density or chance")


def _bits(i: int, k: int) -> str:
    return format(i, f"0{k}b")


def _phase(z: complex) -> str:
    return f"{cmath.phase(z) / math.pi:+.2f}π" if abs(z) > 1e-9 else "   -  "


def render_value(kind: str, rows: tuple[int, ...], value) -> list[str]:
    """The lines of one display's body (plain text)."""
    k = len(rows)
    if kind == "probability":
        return [f"  {_bits(i, k)} {number(float(p))} {bar(float(p))}" for i, p in enumerate(value)]
    if kind == "chance":
        return [f"  q{r}: {p * 100:6.2f}% {bar(p)}" for r, p in zip(rows, value)]
    if kind == "amplitude":
        if value is None:
            return ["  entangled with the other qubits: no amplitudes of its own "
                    "(see the density display)"]
        return [f"  |{_bits(i, k)}> {a.real:+.4f}{a.imag:+.4f}i  |a| {abs(a):.4f}  "
                f"phase {_phase(a)}" for i, a in enumerate(value)]
    if kind == "density":
        head = "        " + "".join(f"{'|' + _bits(j, k) + '>':>16}" for j in range(2 ** k))
        lines = [head]
        for i in range(2 ** k):
            cells = "".join(f"{abs(value[i][j]):>8.3f}{_phase(value[i][j]):>8}" for j in range(2 ** k))
            lines.append(f"  <{_bits(i, k)}| {cells}")
        return lines
    if kind == "bloch":
        out = []
        for r, info in zip(rows, value):
            art = sphere(info.x, info.y, info.z)
            numbers = [f"q{r}", f"x {info.x:+.3f}", f"y {info.y:+.3f}", f"z {info.z:+.3f}",
                       f"purity {info.purity:.3f}"]
            out.extend(f"  {a}  {n}" for a, n in zip(art, numbers))
        return out
    return [f"  {value!r}"]


class PlacedPanel(VerticalScroll):
    DEFAULT_CSS = """
    PlacedPanel { height: 1fr; padding: 0 1; }
    PlacedPanel > Static { height: auto; }
    """

    def __init__(self, **kw):
        super().__init__(**kw)
        self.plain = EMPTY

    def compose(self) -> ComposeResult:
        yield Static(EMPTY, id="placed-text", markup=False)

    def show(self, values, kept: float | None = None) -> None:
        if not values:
            text = Text(EMPTY)
        else:
            text = Text()
            for v in values:
                where = ",".join(f"q{r}" for r in v.rows)
                kept = "" if v.post_selected is None else f" (post-selected: kept probability {v.post_selected:.4g})"
                text.append(f"{v.kind} on {where} after column {v.column}{kept}\n", style="bold")
                text.append("\n".join(render_value(v.kind, v.rows, v.value)) + "\n")
        if self.plain != text.plain:
            self.plain = text.plain
            self.query_one("#placed-text", Static).update(text)


def box_readouts(values) -> dict:
    """(column, row) -> the short live value a display's box shows in the grid: a Bloch
    box its largest component (or "mixed" at the centre), probability and chance boxes the qubit's chance of 1."""
    out = {}
    for v in values:
        if v.kind == "bloch":
            for r, info in zip(v.rows, v.value):  # the largest component: x+1.0
                axis, c = max(zip("xyz", (info.x, info.y, info.z)), key=lambda a: abs(a[1]))
                out[(v.column, r)] = f"{axis}{c:+.1f}" if abs(c) > 0.05 else "mixed"
        elif v.kind == "chance":
            for r, p in zip(v.rows, v.value):
                out[(v.column, r)] = f"{p * 100:.0f}%"
        elif v.kind == "probability":
            k = len(v.rows)
            for j, r in enumerate(v.rows):
                p1 = sum(float(p) for i, p in enumerate(v.value) if (i >> (k - 1 - j)) & 1)
                out[(v.column, r)] = f"{p1 * 100:.0f}%"
    return out
