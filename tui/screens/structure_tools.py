"""The Structure area's highlight-report and history keys.

:class:`StructureTools` is the base of the Structure screen; it relies on the
screen's ``detail`` (the body shown). ``shift+h`` asks for a period and a file
(and whether to attach the report too); ``shift+a`` attaches the report at
once to the next agenda of the body it reports to, for the period since that
body's last meeting, written into the folder Convenor was started in.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import work
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen

from models.db import DatabaseError
from models.history import HistoryRow, body_history
from models.text import visible
from tui.data import Notice, deliver, reading, sentence, today_of, writing
from tui.forms.history import HistoryView


class StructureTools(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("H", "highlight_report", "Highlight report", key_display="shift+h", id="structure.highlight",
                tooltip="Write the body's highlight report to the body it reports to (.docx) for a period"),
        Binding("A", "attach_highlight", "Attach highlight report", key_display="shift+a",
                id="structure.attach_highlight",
                tooltip="Write the body's highlight report since its parent body last met and attach it as a paper "
                        "to the parent's next agenda (attaching again replaces it)"),
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

    class ReportAttached(Notice):
        """The highlight report was written and attached; ``text`` says where."""

    class AttachFailed(Notice):
        """The report was not attached; ``text`` says why."""

    def action_highlight_report(self) -> None:
        from tui.forms.highlight import HighlightForm

        detail = getattr(self, "detail", None)
        if detail is None:
            return

        def written(summary: str | None) -> None:
            if summary:
                self.query_one("#structure-status").update(summary)  # type: ignore[attr-defined]
                self.notify(summary, title="Highlight report", timeout=8)

        self.app.push_screen(HighlightForm(detail.name, detail.reports_to, today_of(self.app)), written)

    def action_attach_highlight(self) -> None:
        detail = getattr(self, "detail", None)
        if detail is not None:
            self.query_one("#structure-status").update(  # type: ignore[attr-defined]
                f"Attaching {visible(detail.name)}'s highlight report…")
            self.attach_report(detail.name)

    @work(thread=True, exclusive=True, group="save")
    def attach_report(self, body: str) -> None:
        from exporters.files import ExportError
        from exporters.highlight import write_highlight
        from models.editing import EditError, StaleEdit
        from models.highlight_paper import attach_highlight, paper_target
        from models.queries import NotFound
        from models.records import RecordErrors

        today = today_of(self.app)
        try:
            with writing(self.app) as session:
                target = paper_target(session, body, today)
                attached = attach_highlight(session, body, target.start, target.end, Path.cwd() / target.file_name,
                                            today=today, write=write_highlight)
        except RecordErrors as exc:
            deliver(self, self.AttachFailed(" ".join(exc.errors.values()), "Not attached"))
            return
        except (EditError, StaleEdit, NotFound, ExportError, DatabaseError) as exc:
            deliver(self, self.AttachFailed(sentence(exc), "Not attached"))
            return
        deliver(self, self.ReportAttached(attached.summary, "Highlight report attached"))

    def on_structure_tools_report_attached(self, message: ReportAttached) -> None:
        message.stop()
        self.query_one("#structure-status").update(visible(message.text))  # type: ignore[attr-defined]
        self.notify(visible(message.text), title=message.title, timeout=10)

    def on_structure_tools_attach_failed(self, message: AttachFailed) -> None:
        message.stop()
        self.query_one("#structure-status").update(message.text)  # type: ignore[attr-defined]
        self.notify(message.text, title=message.title, severity="error", timeout=10)

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
