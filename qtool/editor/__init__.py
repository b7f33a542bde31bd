"""The circuit model the TUI edits, with no UI in it: a grid of qubits x moments, edits,
selection and clipboard, undo/redo, conversion to cirq and OpenQASM, files and recovery."""

from qtool.editor.document import Document
from qtool.editor.history import History
from qtool.editor.model import EditError, Grid, Op
from qtool.editor.selection import Block, Clip, copy_block, cut_block, delete_block, paste

__all__ = ["Document", "History", "EditError", "Grid", "Op", "Block", "Clip", "copy_block",
           "cut_block", "delete_block", "paste"]
