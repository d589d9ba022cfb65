"""The help screen (`?`): every key of the screen underneath, and the areas."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Label, Static

AREAS_TEXT = (
    "Five areas, one key each: d Dashboard, r Roster, s Structure, m Meetings, a Actions. "
    "ctrl+p opens the command palette: type a body, person or meeting to go straight to it, "
    "or \"Export calendar feed\". Tab moves between lists; Enter opens the highlighted row; "
    "Escape closes a form or dialog."
)


def describe_key(key: str, display: str | None) -> str:
    """A key as people write it: "ctrl+p", "?", "enter"."""
    if display:
        return display
    return {"question_mark": "?", "escape": "esc"}.get(key, key)


class HelpScreen(ModalScreen[None]):
    """Lists the keys active on the screen it was opened from."""

    CSS_PATH = "help.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "dismiss", "Close", id="help.close", tooltip="Close the help"),
    ]

    def __init__(self, title: str, keys: list[tuple[str, str, str]]) -> None:
        super().__init__()
        self._title = title
        self._keys = keys

    @classmethod
    def for_screen(cls, screen: Screen[Any]) -> "HelpScreen":
        """Help for ``screen``: its bindings and the app's, including those the footer leaves out."""
        keys: list[tuple[str, str, str]] = []
        for key, active in screen.active_bindings.items():
            binding = active.binding
            if not binding.description:  # keys kept out of the footer are still listed here
                continue
            keys.append((describe_key(key, binding.key_display), binding.description, binding.tooltip or active.tooltip))
        keys.append(("ctrl+p", "Command palette", "Go to a body, person or meeting; export the calendar feed"))
        keys.append(("ctrl+q", "Quit", "Leave Convenor (every change is already saved)"))
        title = screen.sub_title or type(screen).__name__.removesuffix("Screen")
        return cls(f"Keys: {title}", keys)

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Label(self._title, classes="section-title")
            yield Static(AREAS_TEXT, id="help-areas")
            table: DataTable[str] = DataTable(id="help-keys", cursor_type="row", zebra_stripes=True)
            table.add_columns("Key", "Does", "Details")
            for row in self._keys:
                table.add_row(*row)
            yield table
            yield Static("Escape or ? closes this help.", classes="empty-note")

    def on_mount(self) -> None:
        self.query_one("#help-keys").focus()
