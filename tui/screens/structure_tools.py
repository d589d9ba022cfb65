"""The Structure area's highlight-report and history keys.

:class:`StructureTools` is the base of the Structure screen; it relies on the
screen's ``detail`` (the body shown) and ``today``.
"""

from __future__ import annotations

from typing import ClassVar

from textual import work
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen

from models.db import DatabaseError
from models.history import HistoryRow, body_history
from models.text import visible
from tui.data import Notice, deliver, reading, sentence, today_of
from tui.forms.history import HistoryView


class StructureTools(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("H", "highlight_report", "Highlight report", key_display="shift+h", id="structure.highlight",
                tooltip="Write the body's highlight report to the body it reports to (.docx) for a period"),
        Binding("h", "body_history", "History", id="structure.history",
                tooltip="Who changed the body, when, and what (old → new): settings, rules, members, "
                        "standing items, forward plan"),
    ]

    class HistoryRead(Message):
        """A worker read the body's audit trail."""

        def __init__(self, title: str, rows: list[HistoryRow]) -> None:
            super().__init__()
            self.title, self.rows = title, rows

    class HistoryFailed(Notice):
        """The body's history could not be read."""

    def action_highlight_report(self) -> None:
        from tui.forms.highlight import HighlightForm

        detail = getattr(self, "detail", None)
        if detail is None:
            return

        def written(path: str | None) -> None:
            if path:
                self.notify(f"Wrote {path}", title="Exported", timeout=8)

        self.app.push_screen(HighlightForm(detail.name, detail.reports_to, today_of(self.app)), written)

    def action_body_history(self) -> None:
        detail = getattr(self, "detail", None)
        if detail is not None:
            self.read_history(detail.id, f"History of {visible(detail.name)}")

    @work(thread=True, exclusive=True, group="history")
    def read_history(self, body_id: int, title: str) -> None:
        try:
            with reading(self.app) as session:
                rows = body_history(session, body_id)
        except DatabaseError as exc:
            deliver(self, self.HistoryFailed(sentence(exc), "Could not read the history"))
            return
        deliver(self, self.HistoryRead(title, rows))

    def on_structure_tools_history_read(self, message: HistoryRead) -> None:
        message.stop()
        self.app.push_screen(HistoryView(message.title, message.rows))

    def on_structure_tools_history_failed(self, message: HistoryFailed) -> None:
        message.stop()
        self.notify(message.text, title=message.title, severity="error")
