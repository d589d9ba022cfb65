"""Adding or editing a person."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from textual.suggester import SuggestFromList
from textual.widgets import Input

from models import records
from models.records import PersonRow
from tui.forms.base import RecordForm
from tui.widgets.form_field import FormField


class PersonForm(RecordForm[int]):
    """Dismisses with the person's id once saved."""

    def __init__(self, organisations: Sequence[str], person: PersonRow | None = None) -> None:
        super().__init__()
        self.organisations = list(organisations)
        self.person = person
        self.heading = f"Edit {person.name}" if person else "New person"

    def fields(self) -> Iterable[FormField]:
        p = self.person
        yield FormField("name", "Name", Input(p.name if p else "", placeholder="e.g. Priya Shah"))
        yield FormField("title", "Job title", Input((p.title or "") if p else ""))
        yield FormField("organisation", "Organisation", Input(
            (p.organisation or "") if p else "", placeholder="start typing; → accepts the suggestion",
            suggester=SuggestFromList(self.organisations, case_sensitive=False)))
        yield FormField("email", "E-mail", Input((p.email or "") if p else "", placeholder="name@example.org"))
        yield FormField("phone", "Phone", Input((p.phone or "") if p else ""))

    def submit(self, values: dict[str, Any]) -> int:
        engine = self.app.engine  # type: ignore[attr-defined]
        if self.person is None:
            return records.create_person(engine, **values)
        records.update_person(engine, self.person.id, self.person.version, **values)
        return self.person.id
