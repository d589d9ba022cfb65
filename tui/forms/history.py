"""A record's history (the audit trail) in a dialog."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label, Static

from models.formats import clock, short_date
from models.history import HistoryRow
from tui.widgets.measured_table import MeasuredTable


class HistoryView(ModalScreen[None]):
    """A record's audit trail: when, who, what, field, old → new."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,h,q", "close", "Close", id="history.close", tooltip="Close the history"),
    ]

    def __init__(self, title: str, rows: Sequence[HistoryRow]) -> None:
        super().__init__()
        self.title_text, self.rows = title, list(rows)

    def compose(self) -> ComposeResult:
        with Vertical(id="history-box", classes="dialog"):
            yield Label(self.title_text, classes="form-heading")
            if not self.rows:
                yield Static("No changes are recorded for this record.")
            table: DataTable[str] = MeasuredTable(id="history-table", cursor_type="row", zebra_stripes=True)
            yield table

    def on_mount(self) -> None:
        table = self.query_one("#history-table", DataTable)
        for label in ("When (UTC)", "Who", "What", "Field", "Old", "New"):
            table.add_column(label, key=label.split()[0].lower())
        for r in self.rows:
            table.add_row(f"{short_date(r.at)} {clock(r.at)}", r.actor, r.summary, r.field or "", r.old or "", r.new or "")
        table.focus()

    def action_close(self) -> None:
        self.dismiss(None)
