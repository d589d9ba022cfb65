"""The help screen (`?`): every key of the screen underneath, read from the bindings."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Label, Static

from tui.widgets.measured_table import MeasuredTable
from tui.keys import screen_keys

HINT = ("Every key below also runs from the command palette: open it and type what the key does. "
        "Tab moves between lists; Enter opens the highlighted row; Escape closes a form or dialog.")


class HelpScreen(ModalScreen[None]):
    """Lists the keys active on the screen it was opened from."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "dismiss", "Close", id="help.close", tooltip="Close the help"),
    ]

    def __init__(self, title: str, keys: list[tuple[str, str, str]]) -> None:
        super().__init__()
        self._title = title
        self._keys = keys

    @classmethod
    def for_screen(cls, screen: Screen[Any]) -> "HelpScreen":
        """Help for ``screen``: every key active on it (its bindings, then the app's)."""
        keys = [(k.key, k.description, k.tooltip) for k in screen_keys(screen)]
        title = screen.sub_title or type(screen).__name__.removesuffix("Screen")
        return cls(f"Keys: {title}", keys)

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Label(self._title, classes="section-title")
            yield Static(HINT, id="help-areas")
            table: DataTable[str] = MeasuredTable(id="help-keys", cursor_type="row", zebra_stripes=True)
            table.add_columns("Key", "Does", "Details")
            for row in self._keys:
                table.add_row(*row)
            yield table
            yield Static("Escape or ? closes this help.", classes="empty-note")

    def on_mount(self) -> None:
        self.query_one("#help-keys").focus()
