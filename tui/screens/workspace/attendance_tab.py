"""The Attendance tab: everyone expected on the date, others in attendance, declarations."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Static

from models.meetings.attendance import (
    add_declaration,
    add_in_attendance,
    clear_attendance,
    mark_attendance,
    record_deputy,
)
from models.text import visible
from models.views import CAPACITY_LABELS
from tui.screens.workspace.tab_base import WorkspaceTab

COLUMNS: tuple[tuple[str, int | None], ...] = (("Person", 22), ("Organisation", None), ("Capacity", 12), ("Status", 28))
STATUS_WORDS = {None: "—", "present": "Present", "apologies": "Apologies", "absent": "Absent", "deputy": "Deputising"}


class AttendanceTab(WorkspaceTab):
    COLUMNS = COLUMNS
    TABLE_ID = "attendance-table"
    NOTES = ('attendance-quorum', 'attendance-declarations')
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "mark('present')", "Mark present", id="attendance.present", tooltip="The highlighted person attended"),
        Binding("o", "mark('apologies')", "Mark apologies", id="attendance.apologies",
                tooltip="The highlighted person sent apologies"),
        Binding("n", "mark('absent')", "Mark absent", id="attendance.absent",
                tooltip="The highlighted person was absent without apologies"),
        Binding("d", "deputy", "Record deputy", id="attendance.deputy",
                tooltip="Someone from the roster deputised for the highlighted person"),
        Binding("plus", "add", "Add in attendance", key_display="+", id="attendance.add",
                tooltip="Add an officer, adviser or guest who attended"),
        Binding("c", "clear", "Clear attendance mark", id="attendance.clear",
                tooltip="Forget what was recorded for the highlighted person"),
        Binding("i", "declare", "Declare an interest", id="attendance.declare",
                tooltip="Record a declaration of interest (person, item, nature)"),
        Binding("h", "history", "History", id="attendance.history",
                tooltip="What was recorded for the highlighted person at this meeting, by whom and when"),
    ]

    def show(self, data: Any) -> None:
        super().show(data)
        rows = []
        for line in data.attendance:
            status = Text(STATUS_WORDS.get(line.status, line.status or "—"))
            if line.deputy_for:
                status.append(f" for {visible(line.deputy_for)}")
            if line.deputy:
                status.append(f" ({visible(line.deputy)} deputising)", style="dim")
            capacity = ("Deputy" if line.deputy_for else
                        CAPACITY_LABELS.get(line.capacity, line.capacity) + ("" if line.expected else " (added)"))
            rows.append((line.person, [visible(line.person), visible(line.organisation or ""), capacity, status]))
        self.refill(self.query_one(DataTable), rows)
        from tui.screens.workspace.screen import quorum_words

        self.query_one("#attendance-quorum", Static).update(quorum_words(data.record["quorum"]))
        declarations = data.record["declarations"]
        text = Text("Declarations of interest: ", style="bold")
        if not declarations:
            text.append("none recorded (i records one).", style="")
        for dec in declarations:
            on = f" on “{visible(dec['item'])}”" if dec["item"] else ""
            text.append(f"\n  {visible(dec['person'] or '')}{on}: {visible(dec['nature'])}", style="")
        self.query_one("#attendance-declarations", Static).update(text)

    def _person(self) -> str | None:
        key = self.highlighted_key(self.query_one(DataTable))
        if key is None:
            self.notify("Nobody is expected at this meeting yet; + adds someone.", severity="warning")
        return key

    def action_mark(self, status: str) -> None:
        person = self._person()
        if person is not None:
            self.workspace.change("", mark_attendance, self.workspace.meeting_id, person, status)

    def action_deputy(self) -> None:
        from tui.forms.attendance import DeputyForm

        member = self._person()
        if member is None or self.data is None:
            return
        meeting_id = self.workspace.meeting_id
        form = DeputyForm(lambda session, values: record_deputy(session, meeting_id, values["deputy"], member),
                          self.data.people, member)
        self.app.push_screen(form, lambda result: self.after_form(result, f"Recorded a deputy for {member}."))

    def action_add(self) -> None:
        from tui.forms.attendance import AttendeeForm

        if self.data is None:
            return
        meeting_id = self.workspace.meeting_id
        form = AttendeeForm(lambda session, values: add_in_attendance(
            session, meeting_id, values["person"], values["capacity"] or "officer"), self.data.people)
        self.app.push_screen(form, lambda result: self.after_form(result, "Added to those in attendance."))

    def action_clear(self) -> None:
        person = self._person()
        if person is not None:
            self.workspace.change("", clear_attendance, self.workspace.meeting_id, person)

    def action_history(self) -> None:
        from models.history import attendance_history

        person = self._person()
        if person is not None:
            meeting_id = self.workspace.meeting_id
            self.read_history(f"Attendance of {visible(person)} at this meeting",
                              lambda session: attendance_history(session, meeting_id, person))

    def action_declare(self) -> None:
        from tui.forms.attendance import DeclarationForm

        if self.data is None:
            return
        meeting_id = self.workspace.meeting_id
        items = [(f'{i["number"]}. {visible(i["title"])}', i["id"]) for i in self.data.record["items"]]
        form = DeclarationForm(lambda session, values: add_declaration(
            session, meeting_id, values["person"], values["item"], values["nature"]),
            self.data.people, items, self.highlighted_key(self.query_one(DataTable)) or "")
        self.app.push_screen(form, lambda result: self.after_form(result, "Recorded the declaration."))
