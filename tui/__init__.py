"""The qtool TUI (Textual): presentation only; the circuit model and all computation come
from qtool (qtool.editor, qtool.inspect)."""
