"""Block selection, copy, cut and paste on the grid.

A block is a rectangle of rows x columns. Copy takes the ops whose rows all lie inside it
(an op half inside is left alone, as a text editor leaves half a word); paste inserts the
block's columns at the target column, so it never overwrites anything.

    >>> from qtool.editor.model import Grid, Op
    >>> g = Grid(2).place(Op("H", (0,)), 0)
    >>> clip = copy_block(g, Block(0, 0, 1, 0))
    >>> paste(g, clip, 0, 1).op_at(0, 1).name
    'H'
"""

from __future__ import annotations

from dataclasses import dataclass

from qtool.editor.model import EditError, Grid, Op


@dataclass(frozen=True)
class Block:
    """Rows top..bottom and columns left..right, inclusive; corners in any order."""

    row0: int
    col0: int
    row1: int
    col1: int

    @property
    def top(self) -> int:
        return min(self.row0, self.row1)

    @property
    def bottom(self) -> int:
        return max(self.row0, self.row1)

    @property
    def left(self) -> int:
        return min(self.col0, self.col1)

    @property
    def right(self) -> int:
        return max(self.col0, self.col1)

    def contains(self, row: int, column: int) -> bool:
        return self.top <= row <= self.bottom and self.left <= column <= self.right


@dataclass(frozen=True)
class Clip:
    """Copied ops, rows relative to the block's top row, columns relative to its left."""

    width: int
    height: int
    entries: tuple[tuple[int, Op], ...]


def _inside(grid: Grid, block: Block):
    for column in range(block.left, min(block.right, grid.width - 1) + 1):
        for op in grid.columns[column]:
            if all(block.top <= r <= block.bottom for r in op.rows):
                yield column, op


def copy_block(grid: Grid, block: Block) -> Clip:
    entries = tuple((column - block.left, op.shifted(-block.top))
                    for column, op in _inside(grid, block))
    return Clip(block.right - block.left + 1, block.bottom - block.top + 1, entries)


def delete_block(grid: Grid, block: Block) -> Grid:
    for column, op in list(_inside(grid, block)):
        grid = grid.remove(op.rows[0], column)
    return grid


def cut_block(grid: Grid, block: Block) -> tuple[Grid, Clip]:
    return delete_block(grid, block), copy_block(grid, block)


def paste(grid: Grid, clip: Clip, row: int, column: int) -> Grid:
    """Insert the clip's columns at `column` with its top row at `row`."""
    if not clip.entries:
        raise EditError("the clipboard is empty")
    if row + clip.height > grid.num_qubits:
        raise EditError(f"the copied block is {clip.height} qubits tall; it does not fit "
                        f"from qubit {row} in a {grid.num_qubits}-qubit circuit")
    column = min(column, grid.width)
    for _ in range(clip.width):
        grid = grid.insert_column(column)
    for offset, op in clip.entries:
        grid = grid.place(op.shifted(row), column + offset)
    return grid
