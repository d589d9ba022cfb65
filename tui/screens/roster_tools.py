"""The Roster's delete and history keys: delete a person who holds nothing or an
appointment entered in error (each asked first, refused with what holds the
record), and show the highlighted record's history.

:class:`RosterTools` is the base of the Roster screen; it relies on the
screen's ``data`` (RosterData), ``tab``, ``_selected(table_id, rows)`` and
``load()``.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import work
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static

from tui.data import deliver, reading, sentence, writing
from tui.forms.history import HistoryView
from tui.screens.export_form import ConfirmDialog

# tab -> (table id, rows attribute of RosterTables, audit table name)
_TABS = {"organisations": ("#organisations-table", "organisations", "organisation"),
         "people": ("#people-table", "people", "person"),
         "appointments": ("#appointments-table", "appointments", "appointment")}


class RosterTools(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("delete", "delete_record", "Delete", id="roster.delete",
                tooltip="Delete the highlighted person (if they hold nothing) or appointment (entered in error)"),
        Binding("h", "record_history", "History", id="roster.history",
                tooltip="Who changed the highlighted row, when, and what (old → new)"),
    ]

    class Deleted(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class NotDeleted(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class HistoryRead(Message):
        def __init__(self, title: str, rows: list[Any]) -> None:
            super().__init__()
            self.title, self.rows = title, rows

    def _highlighted(self) -> tuple[str, Any] | None:
        data = getattr(self, "data", None)
        tab = self.tab  # type: ignore[attr-defined]
        if data is None or tab not in _TABS:
            return None
        table_id, rows, _ = _TABS[tab]
        record = self._selected(table_id, getattr(data.tables, rows))  # type: ignore[attr-defined]
        return (tab, record) if record is not None else None

    def action_delete_record(self) -> None:
        found = self._highlighted()
        if found is None or found[0] == "organisations":
            return
        tab, record = found
        if tab == "people":
            question = f"Delete {record.name}? Only someone entered in error, who holds nothing, can be deleted."
        else:
            question = (f"Delete the appointment of {record.person} as {record.role.replace('_', ' ')} from "
                        f"{record.start.isoformat()}? Only an appointment entered in error should be deleted; "
                        "end it instead when someone leaves the post.")
        self.app.push_screen(ConfirmDialog(question, yes="Delete (y)", no="Keep (esc)"), lambda yes: yes and self._delete(tab, record.id, record.version))

    @work(thread=True, exclusive=True, group="roster-delete")
    def _delete(self, tab: str, record_id: int, version: int) -> None:
        from models.deletes import delete_appointment, delete_person

        try:
            with writing(self.app) as session:
                (delete_person if tab == "people" else delete_appointment)(session, record_id, version)
        except Exception as exc:  # a refusal names what holds the record; shown as one sentence
            deliver(self, self.NotDeleted(sentence(exc)))
            return
        deliver(self, self.Deleted("Deleted the person." if tab == "people" else "Deleted the appointment."))

    def action_record_history(self) -> None:
        found = self._highlighted()
        if found is not None:
            tab, record = found
            title = getattr(record, "name", None) or f"appointment of {record.person}"
            self._read_history(_TABS[tab][2], record.id, f"History of {title}")

    @work(thread=True, exclusive=True, group="roster-history")
    def _read_history(self, table: str, record_id: int, title: str) -> None:
        from models.history import record_history

        try:
            with reading(self.app) as session:
                rows = record_history(session, table, record_id)
        except Exception as exc:  # shown to the user as one sentence
            deliver(self, self.NotDeleted(sentence(exc)))
            return
        deliver(self, self.HistoryRead(title, rows))

    def on_roster_tools_deleted(self, message: Deleted) -> None:
        message.stop()
        self.query_one("#roster-status", Static).update(message.text)
        self.load()  # type: ignore[attr-defined]

    def on_roster_tools_not_deleted(self, message: NotDeleted) -> None:
        message.stop()
        self.query_one("#roster-status", Static).update(message.text)
        self.notify(message.text, title="Not done", severity="error")

    def on_roster_tools_history_read(self, message: HistoryRead) -> None:
        message.stop()
        self.app.push_screen(HistoryView(message.title, message.rows))
