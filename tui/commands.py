"""The command palette's editor entries (ctrl+p), as a Textual command Provider.

EditorScreen.COMMANDS names this provider; the entries themselves come from
`EditorScreen.palette_commands()` (title, help, callback), so the palette and the tests list
the same actions.
"""

from __future__ import annotations

from textual.command import DiscoveryHit, Hit, Hits, Provider


class EditorCommands(Provider):
    """Open, save, export, help, and the actions calling other parts of qtool."""

    def _entries(self):
        palette = getattr(self.screen, "palette_commands", None)
        return list(palette()) if palette is not None else []

    async def discover(self) -> Hits:
        for title, help_text, callback in self._entries():
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self._entries():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, text=title, help=help_text)
