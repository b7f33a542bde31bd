"""A small text plot of time against qubits on a log scale, one marker per series.

Plain text (no rich), so the core can build it and the CLI just prints it.

>>> print(log_plot({"a": [(10, 0.01), (20, 1.0)]}, width=20, height=5).splitlines()[-1])
  * a
"""

from __future__ import annotations

import math

MARKERS = "*o+x#@%&"


def log_plot(series: dict[str, list[tuple[float, float]]], width: int = 60, height: int = 14,
             title: str = "", unit: str = "s") -> str:
    """Series name -> [(x, y>0)]; y is drawn on a log10 axis. Returns the plot as text."""
    points = [(x, y) for pts in series.values() for x, y in pts if y and y > 0]
    if not points:
        return f"{title}\n(no data)" if title else "(no data)"
    xs = [x for x, _ in points]
    ly = [math.log10(y) for _, y in points]
    x0, x1 = min(xs), max(xs)
    y0, y1 = math.floor(min(ly)), math.ceil(max(ly))
    if y1 == y0:
        y1 = y0 + 1
    grid = [[" "] * width for _ in range(height)]
    for k, (name, pts) in enumerate(series.items()):
        mark = MARKERS[k % len(MARKERS)]
        for x, y in pts:
            if not y or y <= 0:
                continue
            col = 0 if x1 == x0 else round((x - x0) / (x1 - x0) * (width - 1))
            row = round((math.log10(y) - y0) / (y1 - y0) * (height - 1))
            cell = grid[height - 1 - row][col]
            grid[height - 1 - row][col] = mark if cell in (" ", mark) else "!"
    lines = [title] if title else []
    label_w = 8
    labels = {height - 1 - round((e - y0) / (y1 - y0) * (height - 1)): f"1e{e:+d}{unit}"
              for e in range(y0, y1 + 1)}
    for r, row in enumerate(grid):
        lines.append(f"{labels.get(r, ''):>{label_w}} |" + "".join(row))
    lines.append(" " * label_w + " +" + "-" * width)
    lines.append(" " * label_w + "  " + _x_axis(sorted(set(xs)), x0, x1, width) + "  qubits")
    legend = "   ".join(f"{MARKERS[k % len(MARKERS)]} {name}" for k, name in enumerate(series))
    lines.append(f"  {legend}" + ("   ! overlap" if any("!" in row for row in grid) else ""))
    return "\n".join(lines)


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def _x_axis(values, x0, x1, width: int) -> str:
    """Tick labels under their columns, dropping those that would overlap."""
    axis = [" "] * (width + 4)
    for x in values:
        col = 0 if x1 == x0 else round((x - x0) / (x1 - x0) * (width - 1))
        text = _fmt(x)
        lo = max(0, min(col - len(text) // 2, len(axis) - len(text)))
        if all(c == " " for c in axis[max(0, lo - 1):lo + len(text) + 1]):
            axis[lo:lo + len(text)] = text
    return "".join(axis).rstrip()
