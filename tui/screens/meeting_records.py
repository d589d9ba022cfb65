"""The Meetings area's delete and history keys.

Delete removes a planned meeting nobody was invited to (asked first; the rule
is models.deletes.delete_meeting). When an invite was written it is refused,
and the screen offers to cancel the meeting instead (so calendars remove it).
History shows the selected meeting's audit trail.

:class:`MeetingRecordTools` is the base of the Meetings screen; it relies on
the screen's ``_selected_view()``, ``cancel(meeting_id)`` and ``load()``.
"""

from __future__ import annotations

from typing import ClassVar

from textual import work
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen

from models.db import DatabaseError
from models.deletes import DeleteRefused, delete_meeting
from models.editing import EditError, StaleEdit
from models.formats import clock, day_label
from models.history import HistoryRow, record_history
from models.queries import NotFound
from models.text import visible
from tui.data import Notice, deliver, reading, sentence, writing
from tui.forms.history import HistoryView
from tui.screens.export_form import ConfirmDialog


class MeetingRecordTools(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("delete", "delete_meeting", "Delete meeting", id="meetings.delete",
                tooltip="Delete the selected planned meeting (asks first); once invited, offers to cancel it instead"),
        Binding("h", "meeting_history", "History", id="meetings.history",
                tooltip="Who changed the selected meeting, when, and what (old → new)"),
    ]

    class Deleted(Notice):
        """The meeting was deleted."""

    class NotDeleted(Notice):
        """The delete was refused or failed; ``cancel_id``: the meeting that may be cancelled instead."""

        def __init__(self, text: str, title: str, *, cancel_id: int | None = None) -> None:
            super().__init__(text, title)
            self.cancel_id = cancel_id

    class HistoryRead(Message):
        """A worker read the meeting's audit trail."""

        def __init__(self, title: str, rows: list[HistoryRow]) -> None:
            super().__init__()
            self.title, self.rows = title, rows

    def action_delete_meeting(self) -> None:
        view = self._selected_view()  # type: ignore[attr-defined]
        if view is None:
            return
        question = (f"Delete the {visible(view.body)} meeting on {day_label(view.date)} at {clock(view.start)}?\n\n"
                    "Only a planned meeting nobody was invited to, entered in error or not needed, can be deleted; "
                    "it will not be scheduled again.")
        self.app.push_screen(ConfirmDialog(question, yes="Delete (y)", no="Keep (esc)"),
                             lambda yes: yes and self.delete(view.id, view.version))

    @work(thread=True, exclusive=True, group="save")
    def delete(self, meeting_id: int, version: int) -> None:
        """Delete the meeting in one transaction, or say why not."""
        try:
            with writing(self.app) as session:
                delete_meeting(session, meeting_id, version)
        except DeleteRefused as exc:
            deliver(self, self.NotDeleted(sentence(exc), "Not deleted",
                                          cancel_id=meeting_id if exc.cancel_instead else None))
            return
        except (NotFound, EditError, StaleEdit, DatabaseError) as exc:
            deliver(self, self.NotDeleted(sentence(exc), "Not deleted"))
            return
        deliver(self, self.Deleted("Deleted the meeting.", "Deleted"))

    def on_meeting_record_tools_deleted(self, message: Deleted) -> None:
        message.stop()
        self.notify(message.text, title=message.title, timeout=8)
        self._view = None
        self.load()  # type: ignore[attr-defined]

    def on_meeting_record_tools_not_deleted(self, message: NotDeleted) -> None:
        message.stop()
        meeting_id = message.cancel_id
        if meeting_id is None:
            self.notify(message.text, title=message.title, severity="error")
            return
        question = (f"{visible(message.text)}\n\nCancel the meeting now? It stays in the list marked CANCELLED; "
                    "then press i to send the cancellation.")
        self.app.push_screen(ConfirmDialog(question, yes="Cancel the meeting (y)", no="Keep (esc)"),
                             lambda yes: yes and self.cancel(meeting_id))  # type: ignore[attr-defined]

    def action_meeting_history(self) -> None:
        view = self._selected_view()  # type: ignore[attr-defined]
        if view is not None:
            self.read_history(view.id, f"History of the {visible(view.body)} meeting on {day_label(view.date)}")

    @work(thread=True, exclusive=True, group="history")
    def read_history(self, meeting_id: int, title: str) -> None:
        try:
            with reading(self.app) as session:
                rows = record_history(session, "meeting", meeting_id)
        except DatabaseError as exc:
            deliver(self, self.NotDeleted(sentence(exc), "Could not read the history"))
            return
        deliver(self, self.HistoryRead(title, rows))

    def on_meeting_record_tools_history_read(self, message: HistoryRead) -> None:
        message.stop()
        self.app.push_screen(HistoryView(message.title, message.rows))

