"""Choosing the date the roster is shown for."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from models.rules.vocab import VocabError, parse_date
from tui.widgets.form_field import FormField


class RosterDateForm(ModalScreen[date | None]):
    """Dismisses with the date typed (Enter), or None (Escape)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="roster-date.cancel", tooltip="Keep the date shown now"),
    ]

    def __init__(self, current: date) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="form-box dialog", id="roster-date-box"):
            yield Label("Show the roster on", classes="form-heading")
            yield FormField("date", "Date", Input(self.current.isoformat(), placeholder="YYYY-MM-DD"),
                            hint="Enter shows the roster on this date.")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            self.dismiss(parse_date(event.value))
        except VocabError as err:
            self.query_one(FormField).show_error(f"{str(err)[0].upper()}{str(err)[1:]}.")

    def action_cancel(self) -> None:
        self.dismiss(None)
