"""Adding or editing an appointment: a person in a role, for an organisation, over dates."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from textual.suggester import SuggestFromList
from textual.widgets import Input, Select

from models import records
from models.records import AppointmentRow
from models.rules.vocab import ROLES
from models.views import ROLE_LABELS
from tui.forms.base import RecordForm
from tui.widgets.form_field import FormField


class AppointmentForm(RecordForm[int]):
    """Dismisses with the appointment's id once saved."""

    def __init__(self, people: Sequence[str], organisations: Sequence[str],
                 appointment: AppointmentRow | None = None, *, person: str | None = None) -> None:
        super().__init__()
        self.people = list(people)
        self.organisations = list(organisations)
        self.appointment = appointment
        self.person = appointment.person if appointment else person
        self.heading = f"Edit the appointment of {appointment.person}" if appointment else "New appointment"

    def fields(self) -> Iterable[FormField]:
        a = self.appointment
        yield FormField("person", "Person", Input(self.person or "", placeholder="start typing a name; → accepts",
                                                  suggester=SuggestFromList(self.people, case_sensitive=False)))
        yield FormField("role", "Role", Select([(ROLE_LABELS.get(r, r), r) for r in ROLES],
                                               value=a.role if a else Select.NULL, prompt="Choose a role"))
        yield FormField("organisation", "For organisation (blank: partnership-wide)", Input(
            (a.organisation or "") if a else "", suggester=SuggestFromList(self.organisations, case_sensitive=False)))
        yield FormField("start", "From", Input(a.start.isoformat() if a else "", placeholder="YYYY-MM-DD"))
        yield FormField("end", "To (blank: still in post)", Input(a.end.isoformat() if a and a.end else "",
                                                                 placeholder="YYYY-MM-DD"))
        yield FormField("notes", "Notes", Input((a.notes or "") if a else ""))

    def submit(self, values: dict[str, Any]) -> int:
        engine = self.app.engine  # type: ignore[attr-defined]
        if self.appointment is None:
            return records.create_appointment(engine, **values)
        records.update_appointment(engine, self.appointment.id, self.appointment.version, **values)
        return self.appointment.id


