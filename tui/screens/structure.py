"""The Structure screen: governance bodies by "reports to", and a body's detail."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Header, Static


class StructureScreen(Screen[None]):
    """The partnership's bodies as a tree (filled in by workers)."""

    CSS_PATH = "structure.tcss"

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Structure", id="structure-title")
        yield Footer()

    def show_body(self, name: str) -> None:
        """Select the body called ``name`` and show its detail."""
        self.query_one("#structure-title", Static).update(f"Structure: {name}")
