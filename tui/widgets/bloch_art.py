"""A Bloch sphere drawn in braille: the outline, the equator (seen from slightly above),
the axes, and the state's vector ending in a dot. x points right, z up, y into the screen
(drawn as a shift up and right, so +y and -y differ).

Each character is a 2x4 grid of braille dots, so a 11x5 box holds a 22x20 dot canvas.
"""

from __future__ import annotations

import math

_BITS = ((0x01, 0x08), (0x02, 0x10), (0x04, 0x20), (0x40, 0x80))  # [row][column] of a cell


class Canvas:
    def __init__(self, columns: int, rows: int):
        self.w, self.h = columns * 2, rows * 4
        self.cells = [[0] * columns for _ in range(rows)]

    def dot(self, x: float, y: float) -> None:
        """Set the dot at canvas point (x, y), y down; points outside are dropped."""
        i, j = int(round(x)), int(round(y))
        if 0 <= i < self.w and 0 <= j < self.h:
            self.cells[j // 4][i // 2] |= _BITS[j % 4][i % 2]

    def line(self, x0: float, y0: float, x1: float, y1: float) -> None:
        steps = max(1, int(max(abs(x1 - x0), abs(y1 - y0)) * 1.5))
        for k in range(steps + 1):
            t = k / steps
            self.dot(x0 + (x1 - x0) * t, y0 + (y1 - y0) * t)

    def lines(self) -> list[str]:
        return ["".join(chr(0x2800 + c) for c in row) for row in self.cells]


def sphere(x: float, y: float, z: float, columns: int = 11, rows: int = 5) -> list[str]:
    """The sphere with the Bloch vector (x, y, z) (length <= 1), as `rows` strings."""
    c = Canvas(columns, rows)
    cx, cy = (c.w - 1) / 2, (c.h - 1) / 2
    rx, ry = cx, cy  # the outline fills the box
    for k in range(72):
        a = 2 * math.pi * k / 72
        c.dot(cx + rx * math.cos(a), cy + ry * math.sin(a))            # outline
        if k % 2 == 0:
            c.dot(cx + rx * math.cos(a), cy + 0.3 * ry * math.sin(a))  # equator
    tip_x = cx + rx * (x + 0.35 * y)
    tip_y = cy - ry * (z + 0.3 * y)
    c.line(cx, cy, tip_x, tip_y)
    for dx in (-1, 0, 1):
        for dy in (-1, 0, 1):
            c.dot(tip_x + dx * 0.5, tip_y + dy * 0.5)
    return c.lines()
