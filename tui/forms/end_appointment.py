"""Ending an appointment, with the successor appointed in the same save."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from textual.suggester import SuggestFromList
from textual.widgets import Input

from models import records
from models.records import AppointmentRow
from models.views import ROLE_LABELS
from tui.forms.base import RecordForm
from tui.widgets.form_field import FormField


class EndAppointmentForm(RecordForm[int | None]):
    """Dismisses with the successor's appointment id (0 when no successor was named)."""

    heading = "End an appointment"

    def __init__(self, appointment: AppointmentRow, people: Sequence[str], today: date) -> None:
        super().__init__()
        self.appointment = appointment
        self.people = [p for p in people if p != appointment.person]
        self.today = today

    def intro(self) -> str:
        a = self.appointment
        where = f" for {a.organisation}" if a.organisation else ""
        return f"{a.person}, {ROLE_LABELS.get(a.role, a.role)}{where}, since {a.start.isoformat()}."

    def fields(self) -> Iterable[FormField]:
        yield FormField("end", "Last day in post", Input(self.today.isoformat(), placeholder="YYYY-MM-DD"))
        yield FormField("successor_person", "Successor (optional)", Input(
            placeholder="who takes over; leave blank to leave the post empty",
            suggester=SuggestFromList(self.people, case_sensitive=False)))
        yield FormField("successor_start", "Successor starts", Input(placeholder="blank: the day after the last day"))

    def submit(self, values: dict[str, Any]) -> int:
        engine = self.app.engine  # type: ignore[attr-defined]
        new_id = records.end_appointment(engine, self.appointment.id, self.appointment.version, values["end"],
                                         successor=values["successor_person"],
                                         successor_start=values["successor_start"])
        return new_id or 0
