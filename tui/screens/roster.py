"""The Roster screen: organisations, people, appointments and the roster on a date."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Header, Static


class RosterScreen(Screen[None]):
    """Who is who in the partnership (filled in by workers)."""

    CSS_PATH = "roster.tcss"

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Roster", id="roster-title")
        yield Footer()
