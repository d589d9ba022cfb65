"""The Convenor Textual application (minimal shell; screens arrive per area)."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static


class ConvenorApp(App[None]):
    TITLE = "Convenor"

    def __init__(self, engine: Engine, *, demo: bool = False):
        super().__init__()
        self.engine = engine
        self.demo = demo

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Convenor", id="welcome")
        yield Footer()
