"""Forms of the Actions area: add an action, update one, escalate one, update several together.

Each saves through models.actions in one transaction (``writing``); refused
values come back beside their fields, a stale version as one sentence.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from textual.suggester import SuggestFromList
from textual.widgets import Input, Select

from models import actions
from models.queries import NotFound
from models.record_base import RecordErrors
from models.views import ActionRow
from tui.data import reading, writing
from tui.forms.base import RecordForm
from tui.widgets.form_field import FormField

STATUS_CHOICES = [(s.replace("_", " ").capitalize(), s) for s in actions.STATUSES]


def _owner_input(value: str, people: Sequence[str]) -> Input:
    return Input(value, placeholder="a person's name; blank for nobody",
                 suggester=SuggestFromList(list(people), case_sensitive=False))


class AddActionForm(RecordForm[str]):
    """Dismisses with the new action's reference."""

    heading = "Add an action"

    def __init__(self, bodies: Sequence[str], people: Sequence[str], today: date, body: str | None = None) -> None:
        super().__init__()
        self.bodies, self.people, self.today, self.body = list(bodies), list(people), today, body

    def fields(self) -> Iterable[FormField]:
        yield FormField("body", "Body", Select([(b, b) for b in self.bodies], prompt="Choose the body",
                                              value=self.body if self.body in self.bodies else Select.NULL))
        yield FormField("description", "Action", Input(placeholder="what is to be done"))
        yield FormField("owner", "Owner", _owner_input("", self.people))
        yield FormField("due", "Due", Input(placeholder="YYYY-MM-DD; blank for no date"))

    def submit(self, values: dict[str, Any]) -> str:
        with writing(self.app) as session:
            return actions.add_action(session, body=values["body"] or "", description=values["description"],
                                      owner=values["owner"], due=values["due"], today=self.today).reference


class UpdateActionForm(RecordForm[str]):
    """A status change, progress note, new owner or due date; dismisses with the note recorded."""

    heading = "Update an action"

    def __init__(self, row: ActionRow, people: Sequence[str], today: date) -> None:
        super().__init__()
        self.row, self.people, self.today = row, list(people), today

    def intro(self) -> str:
        return f"{self.row.reference}: {self.row.description}"

    def fields(self) -> Iterable[FormField]:
        row = self.row
        status = row.status if row.status in actions.STATUSES else Select.NULL
        yield FormField("status", "Status", Select(STATUS_CHOICES, value=status, allow_blank=False))
        yield FormField("note", "Progress note", Input(placeholder="what has happened (evidence when completing, "
                                                                    "the reason when cancelling)"))
        yield FormField("owner", "Owner", _owner_input(row.owner or "", self.people))
        yield FormField("due", "Due", Input(row.due.isoformat() if row.due else "", placeholder="YYYY-MM-DD"))

    def submit(self, values: dict[str, Any]) -> str:
        try:
            with writing(self.app) as session:
                done = actions.update_action(
                    session, self.row.reference, status=values["status"], note=values["note"],
                    owner=values["owner"], due=values["due"], on=self.today, expected_version=self.row.version)
        except NotFound as exc:
            raise RecordErrors({"form": str(exc)}) from None
        return done.note or ""


class EscalateForm(RecordForm[str]):
    """Escalate an action to the body its body reports to, or another; dismisses with the body's name."""

    heading = "Escalate an action"

    def __init__(self, row: ActionRow, bodies: Sequence[str], parent: str | None, today: date) -> None:
        super().__init__()
        self.row, self.bodies, self.parent_body, self.today = row, list(bodies), parent, today

    def intro(self) -> str:
        holder = self.row.escalated_to or self.row.body
        return f"{self.row.reference} ({holder}): {self.row.description}"

    def fields(self) -> Iterable[FormField]:
        choices = [(b, b) for b in self.bodies if b != (self.row.escalated_to or self.row.body)]
        yield FormField("to_body", "Escalate to", Select(
            choices, prompt="The body it reports to",
            value=self.parent_body if self.parent_body in dict(choices) else Select.NULL))
        yield FormField("note", "Why", Input(placeholder="what the body above is asked to do"))

    def submit(self, values: dict[str, Any]) -> str:
        try:
            with writing(self.app) as session:
                actions.escalate_action(session, self.row.reference, values["to_body"], note=values["note"],
                                        on=self.today, expected_version=self.row.version)
        except NotFound as exc:
            raise RecordErrors({"form": str(exc)}) from None
        return values["to_body"] or self.parent_body or ""


class BulkUpdateForm(RecordForm[int]):
    """The same status, due date or owner for several actions; dismisses with how many were updated."""

    heading = "Update several actions"

    def __init__(self, rows: Sequence[ActionRow], people: Sequence[str], today: date) -> None:
        super().__init__()
        self.rows, self.people, self.today = list(rows), list(people), today

    def intro(self) -> str:
        return f"{len(self.rows)} actions: {', '.join(r.reference for r in self.rows)}. Blank fields stay as they are."

    def fields(self) -> Iterable[FormField]:
        yield FormField("status", "Status", Select(STATUS_CHOICES, prompt="(unchanged)"))
        yield FormField("due", "Due", Input(placeholder="YYYY-MM-DD; blank: unchanged"))
        yield FormField("owner", "Owner", _owner_input("", self.people))
        yield FormField("note", "Progress note", Input(placeholder="recorded on each of them"))

    def submit(self, values: dict[str, Any]) -> int:
        due = values["due"] if values["due"].strip() else actions.UNCHANGED
        owner = values["owner"] if values["owner"].strip() else actions.UNCHANGED
        try:
            with writing(self.app) as session:
                done = actions.bulk_update(session, [r.reference for r in self.rows], status=values["status"],
                                           note=values["note"], due=due, owner=owner, on=self.today,
                                           expected_versions={r.reference: r.version for r in self.rows})
        except NotFound as exc:
            raise RecordErrors({"form": str(exc)}) from None
        return sum(1 for d in done if d.changed)


class FilterForm(RecordForm[actions.ActionFilter]):
    """Owner, organisation, due within N days and a text search; dismisses with the checked filter."""

    heading = "Filter the actions"

    def __init__(self, current: actions.ActionFilter, people: Sequence[str], organisations: Sequence[str]) -> None:
        super().__init__()
        self.current, self.people, self.organisations = current, list(people), list(organisations)

    def intro(self) -> str:
        return "Blank fields do not filter. The body and status filters above still apply."

    def fields(self) -> Iterable[FormField]:
        c = self.current
        yield FormField("search", "Text", Input(c.search or "", placeholder="words in the reference, description "
                                                                          "or progress notes"))
        yield FormField("owner", "Owner", _owner_input(c.owner or "", self.people))
        yield FormField("organisation", "Owner's organisation", Input(
            c.organisation or "", placeholder="an organisation's name",
            suggester=SuggestFromList(self.organisations, case_sensitive=False)))
        yield FormField("due_within", "Due within (days)", Input(
            "" if c.due_within is None else str(c.due_within), placeholder="e.g. 14"))

    def submit(self, values: dict[str, Any]) -> actions.ActionFilter:
        days = values["due_within"].strip()
        if days and not days.isdigit():
            raise RecordErrors({"due_within": "Give the number of days as a whole number."})
        wanted = actions.ActionFilter(
            search=values["search"].strip() or None, owner=values["owner"].strip() or None,
            organisation=values["organisation"].strip() or None, due_within=int(days) if days else None)
        with reading(self.app) as session:
            return actions.check_filter(session, wanted)


class ConcernForm(RecordForm[str]):
    """Escalate a concern (not yet an action) to the body above as a new action there; dismisses with its reference."""

    heading = "Escalate a concern"

    def __init__(self, bodies: Sequence[str], people: Sequence[str], today: date, body: str | None = None) -> None:
        super().__init__()
        self.bodies, self.people, self.today, self.body = list(bodies), list(people), today, body

    def fields(self) -> Iterable[FormField]:
        choices = [(b, b) for b in self.bodies]
        yield FormField("from_body", "From", Select(choices, prompt="The body raising it",
                                                    value=self.body if self.body in self.bodies else Select.NULL))
        yield FormField("to_body", "To", Select(choices, prompt="The body it reports to"))
        yield FormField("description", "Concern", Input(placeholder="what the body above is asked to act on"))
        yield FormField("owner", "Owner", _owner_input("", self.people))
        yield FormField("due", "Due", Input(placeholder="YYYY-MM-DD; blank for no date"))
        yield FormField("note", "Why", Input(placeholder="why it is escalated"))

    def submit(self, values: dict[str, Any]) -> str:
        with writing(self.app) as session:
            return actions.escalate_concern(session, values["from_body"] or "", values["description"],
                                            values["to_body"], owner=values["owner"], due=values["due"],
                                            note=values["note"], on=self.today).reference
